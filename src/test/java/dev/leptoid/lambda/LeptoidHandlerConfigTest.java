package dev.leptoid.lambda;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leptoid.simulation.MutableClock;
import dev.leptoid.testing.LoopbackGroups;
import dev.leptoid.testing.RefusingPort;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssm.SsmClient;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The Lambda reads its configuration at invocation, not at init: an edit to the SSM parameter
 * between two invocations applies once the short cache has expired, and a missing parameter fails
 * the invocation with one line. Real SDK v2 clients on loopback SSM and Auto Scaling endpoints;
 * Graphite is a refusing port, so every run holds (what it decides is not the point here).
 */
class LeptoidHandlerConfigTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PARAMETER = "/leptoid/config";

    private final AtomicReference<String> parameter = new AtomicReference<>();
    private AwsJsonServer ssm;
    private LoopbackGroups groups;
    private RefusingPort graphite;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T08:00:00Z"));

    @BeforeEach
    void start() throws Exception {
        ssm = new AwsJsonServer();
        ssm.on("AmazonSSM.GetParameter", r -> parameter.get() == null
                ? AwsJsonServer.Answer.error(400, "ParameterNotFound", "no such parameter")
                : AwsJsonServer.Answer.ok("{\"Parameter\": {\"Name\": \"" + PARAMETER + "\", \"Type\": \"String\", \"Version\": 1,"
                        + " \"Value\": \"" + new String(JsonStringEncoder.getInstance().quoteAsString(parameter.get())) + "\"}}"));
        groups = new LoopbackGroups(2, 2);
        graphite = new RefusingPort();
    }

    @AfterEach
    void stop() throws Exception {
        groups.close();
        ssm.close();
        graphite.close();
    }

    private String document(String environment) {
        return """
                graphite: {url: "http://127.0.0.1:%d", attempts: 1, timeout: 2s}
                environments:
                  %s:
                    mode: dry-run
                    services:
                      api:
                        auto_scaling_group: %s-api
                        metrics: {utilization: "servers.{instance}.cpu", step: 60s, lookback: 1h}
                """.formatted(graphite.port(), environment, environment);
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

    private static String invoke(LeptoidHandler handler, String environment) throws Exception {
        String report = handler.handle(("{\"environment\": \"" + environment + "\"}").getBytes(StandardCharsets.UTF_8), null);
        return JSON.readTree(report).get("environment").asText();
    }

    @Test
    void an_edit_to_the_parameter_applies_to_the_first_invocation_after_the_cache_expires() throws Exception {
        parameter.set(document("blue"));
        LeptoidHandler handler = handler();
        assertEquals(0, ssm.requests().size(), "nothing is read at init (SnapStart would freeze it)");

        assertEquals("blue", invoke(handler, "blue"));
        assertEquals(1, ssm.requests().size());

        parameter.set(document("green"));
        clock.set(clock.instant().plusSeconds(30));
        assertEquals("blue", invoke(handler, "blue"), "within the cache the configuration read a moment ago stands");
        assertEquals(1, ssm.requests().size());

        clock.set(clock.instant().plus(LambdaWiring.CONFIG_TTL));
        assertEquals("green", invoke(handler, "green"));
        assertEquals(2, ssm.requests().size());
        BadEventException gone = assertThrows(BadEventException.class, () -> invoke(handler, "blue"));
        assertEquals("event: environment 'blue' is not configured (configured: green)", gone.getMessage());
    }

    @Test
    void a_missing_parameter_fails_the_invocation_in_one_line_and_scales_nothing() throws Exception {
        LeptoidHandler handler = handler(); // the deploy (init, snapshot) succeeds without the parameter

        ConfigUnavailableException e = assertThrows(ConfigUnavailableException.class, () -> invoke(handler, "blue"));

        assertEquals("SSM parameter " + PARAMETER + ": not found", e.getMessage());
        assertEquals(0, groups.server().requests().size());
        parameter.set(document("blue"));
        assertEquals("blue", invoke(handler, "blue"), "a failed read is not cached: once created, the next invocation runs");
    }

    @Test
    void after_a_snapshot_restore_the_configuration_is_read_again() throws Exception {
        parameter.set(document("blue"));
        LeptoidHandler handler = handler();
        invoke(handler, "blue");
        parameter.set(document("green"));

        handler.afterRestore(null);

        assertEquals("green", invoke(handler, "green"));
        assertEquals(2, ssm.requests().size());
    }
}
