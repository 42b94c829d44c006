package dev.leptoid.lambda;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.leptoid.simulation.MutableClock;
import dev.leptoid.testing.LoopbackGroups;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssm.SsmClient;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Lambda reads its configuration at invocation, not at init: an edit to the SSM parameter
 * between two invocations applies once the short cache has expired, and a missing parameter fails
 * the invocation with one line. Real SDK v2 SSM client on the loopback JSON endpoint. Each probe is
 * an event for an environment no configuration has: the handler then names the environments it
 * was configured with and stops before reading or scaling anything.
 */
class LeptoidHandlerConfigTest {

    private static final String PARAMETER = "/leptoid/config";

    private final AtomicReference<String> parameter = new AtomicReference<>();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T08:00:00Z"));
    private AwsJsonServer ssm;
    private LoopbackGroups groups;

    @BeforeEach
    void start() throws Exception {
        ssm = new AwsJsonServer();
        ssm.on("AmazonSSM.GetParameter", r -> parameter.get() == null
                ? AwsJsonServer.Answer.error(400, "ParameterNotFound", "no such parameter")
                : AwsJsonServer.Answer.ok("{\"Parameter\": {\"Name\": \"" + PARAMETER + "\", \"Type\": \"String\", \"Version\": 1,"
                        + " \"Value\": \"" + new String(JsonStringEncoder.getInstance().quoteAsString(parameter.get())) + "\"}}"));
        groups = new LoopbackGroups(2, 2);
    }

    @AfterEach
    void stop() {
        groups.close();
        ssm.close();
    }

    private static String document(String environment) {
        return """
                graphite: {url: "http://graphite.internal:8080"}
                environments:
                  %s:
                    services:
                      api:
                        auto_scaling_group: %s-api
                        metrics: {utilization: "servers.{instance}.cpu"}
                """.formatted(environment, environment);
    }

    private LeptoidHandler handler() {
        Map<String, String> env = Map.of(LambdaConfigSource.PARAMETER, PARAMETER);
        LambdaClients clients = new LambdaClients(groups.client(), () -> null,
                () -> SsmClient.builder().endpointOverride(ssm.endpoint()).region(Region.US_EAST_1)
                        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "s")))
                        .httpClient(UrlConnectionHttpClient.create()).build(),
                () -> null);
        return new LeptoidHandler(LambdaWiring.fromEnvironment(env, clients, clock));
    }

    /** The environments the handler is configured with now, as its one-line refusal of an unknown one names them. */
    private static String configured(LeptoidHandler handler) {
        BadEventException e = assertThrows(BadEventException.class,
                () -> handler.handle("{\"environment\": \"nowhere\"}".getBytes(StandardCharsets.UTF_8), null));
        return e.getMessage().replaceFirst(".*\\(configured: (.*)\\)$", "$1");
    }

    @Test
    void an_edit_to_the_parameter_applies_to_the_first_invocation_after_the_cache_expires() {
        parameter.set(document("blue"));
        LeptoidHandler handler = handler();
        assertEquals(0, ssm.requests().size(), "nothing is read at init (SnapStart would freeze it)");

        assertEquals("blue", configured(handler));
        assertEquals(1, ssm.requests().size());

        parameter.set(document("green"));
        clock.set(clock.instant().plusSeconds(30));
        assertEquals("blue", configured(handler), "within the cache the configuration read a moment ago stands");
        assertEquals(1, ssm.requests().size());

        clock.set(clock.instant().plus(LambdaWiring.CONFIG_TTL));
        assertEquals("green", configured(handler));
        assertEquals(2, ssm.requests().size());
        assertTrue(LambdaWiring.CONFIG_TTL.compareTo(Duration.ofMinutes(1)) <= 0,
                "an edit must apply within one schedule period (1 minute at the shortest)");
        assertEquals(List.of(), groups.server().requests(), "no probe read or scaled anything");
    }

    @Test
    void a_missing_parameter_fails_the_invocation_in_one_line_and_scales_nothing() {
        LeptoidHandler handler = handler(); // the deploy (init, snapshot) succeeds without the parameter

        ConfigUnavailableException e = assertThrows(ConfigUnavailableException.class,
                () -> handler.handle("{\"environment\": \"blue\"}".getBytes(StandardCharsets.UTF_8), null));

        assertEquals("SSM parameter " + PARAMETER + ": not found", e.getMessage());
        assertEquals(List.of(), groups.server().requests());
        parameter.set(document("blue"));
        assertEquals("blue", configured(handler), "a failed read is not cached: once created, the next invocation has it");
    }

    @Test
    void after_a_snapshot_restore_the_configuration_is_read_again() {
        parameter.set(document("blue"));
        LeptoidHandler handler = handler();
        assertEquals("blue", configured(handler));
        parameter.set(document("green"));

        handler.afterRestore(null);

        assertEquals("green", configured(handler));
        assertEquals(2, ssm.requests().size());
    }
}
