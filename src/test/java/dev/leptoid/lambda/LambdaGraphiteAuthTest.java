package dev.leptoid.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leptoid.testing.FaultProxy;
import dev.leptoid.testing.LocalGraphite;
import dev.leptoid.testing.LoopbackGroups;
import dev.leptoid.testing.RecordedTraffic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Lambda handler against the real graphite-web behind a loopback proxy that requires the
 * Authorization header: render, read-back and events all carry it, whether the credentials come
 * from Secrets Manager (loopback JSON endpoint, real SDK v2 client) or from graphite.auth in the
 * configuration with the secret in the function's environment.
 */
@Tag("graphite")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LambdaGraphiteAuthTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String run = "la" + Long.toString(System.nanoTime(), 36);
    private LocalGraphite graphite;
    private LoopbackGroups groups;
    private AwsJsonServer secretsManager;

    @BeforeAll
    void writeTrafficAndStartTheEndpoints() throws Exception {
        graphite = LocalGraphite.shared();
        RecordedTraffic.write(graphite, run, "prod", List.of("api"), 3, 50, 40);
        groups = new LoopbackGroups(4, 3);
        secretsManager = new AwsJsonServer();
        secretsManager.on("secretsmanager.GetSecretValue", r -> AwsJsonServer.Answer.ok("{\"Name\": \"graphite\","
                + " \"SecretString\": \"{\\\"username\\\": \\\"leptoid\\\", \\\"password\\\": \\\"hunter2-Qx7\\\"}\"}"));
    }

    @AfterAll
    void stop() {
        groups.close();
        secretsManager.close();
    }

    private String document(FaultProxy proxy, String prefix, String auth) {
        return """
                graphite: {url: "%s", timeout: 10s, attempts: 1%s}
                carbon: {host: "%s", port: %d}
                publish: {prefix: %s}
                environments:
                  prod:
                    mode: dry-run
                    services:
                      api: {auto_scaling_group: prod-api, metrics: %s}
                """.formatted(proxy.uri(), auth, graphite.carbonHost(), graphite.carbonPort(), prefix, RecordedTraffic.metrics(run));
    }

    private LambdaClients clients() {
        return new LambdaClients(groups.client(), () -> null, () -> null,
                () -> SecretsManagerClient.builder().endpointOverride(secretsManager.endpoint()).region(Region.US_EAST_1)
                        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "s")))
                        .httpClient(UrlConnectionHttpClient.create()).build());
    }

    /** Invokes the handler once and checks every Graphite request it made carried {@code header}. */
    private void invokeAndExpectEveryRequestToCarry(Map<String, String> env, FaultProxy proxy, String header) throws Exception {
        LeptoidHandler handler = new LeptoidHandler(LambdaWiring.fromEnvironment(env, clients(), Clock.systemUTC()));
        JsonNode report = JSON.readTree(handler.handle("{\"environment\": \"prod\"}".getBytes(StandardCharsets.UTF_8), null));

        JsonNode api = report.get("services").get(0);
        assertEquals("scale-to", api.get("decision").asText(), report.toString());
        assertEquals(10, api.get("capacity").asInt(), "6 Erlangs at 0.6: " + report);
        assertEquals(0, report.get("publication_errors").size(), report.toString());
        List<FaultProxy.Seen> seen = proxy.seen();
        assertTrue(seen.stream().anyMatch(s -> s.path().equals("/render") && s.body().contains(".api.")), "render: " + seen);
        assertTrue(seen.stream().anyMatch(s -> s.path().equals("/render") && s.body().contains("capacity.recommended")),
                "read-back: " + seen);
        assertEquals(1, seen.stream().filter(s -> s.path().equals("/events/")).count(), "the scale-out's event: " + seen);
        for (FaultProxy.Seen s : seen) assertEquals(header, s.authorization(), s.method() + " " + s.path());
        for (String secret : List.of("hunter2-Qx7", "tok-Zr81sW0")) assertFalse(report.toString().contains(secret));
    }

    @Test
    void credentials_from_secrets_manager_go_on_render_read_back_and_events() throws Exception {
        String basic = "Basic " + Base64.getEncoder().encodeToString("leptoid:hunter2-Qx7".getBytes(StandardCharsets.UTF_8));
        try (FaultProxy proxy = FaultProxy.start(graphite.baseUri()).requireAuthorization(basic, got -> "refused")) {
            Map<String, String> env = new HashMap<>();
            env.put(LambdaConfigSource.INLINE, document(proxy, run + "s", ""));
            env.put(LambdaConfigSource.GRAPHITE_SECRET, "graphite");
            invokeAndExpectEveryRequestToCarry(env, proxy, basic);
        }
    }

    @Test
    void graphite_auth_in_the_configuration_is_used_when_no_secret_is_named() throws Exception {
        try (FaultProxy proxy = FaultProxy.start(graphite.baseUri()).requireAuthorization("Bearer tok-Zr81sW0", got -> "refused")) {
            Map<String, String> env = new HashMap<>();
            env.put(LambdaConfigSource.INLINE, document(proxy, run + "c", ", auth: {type: bearer, token_env: GRAPHITE_TOKEN}"));
            env.put("GRAPHITE_TOKEN", "tok-Zr81sW0");
            invokeAndExpectEveryRequestToCarry(env, proxy, "Bearer tok-Zr81sW0");
        }
    }
}
