package dev.leptoid.cli;

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
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code leptoid plan} end to end: the real graphite-web behind a loopback proxy that requires the
 * bearer token, the real SDK v2 Auto Scaling client on the loopback Query endpoint, the token in the
 * process environment as graphite.auth names it.
 */
@Tag("graphite")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RunCommandTest {

    private static final String TOKEN = "glsa_q8Vd2LmXw0Rt7Kp4";
    private static final String TOKEN_ENV = "LEPTOID_GRAPHITE_TOKEN";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final String run = "rc" + Long.toString(System.nanoTime(), 36);
    private LocalGraphite graphite;
    private FaultProxy proxy;
    private LoopbackGroups groups;
    private long now;

    @BeforeAll
    void writeTrafficAndStartTheAuthProxy() throws Exception {
        graphite = LocalGraphite.shared();
        now = RecordedTraffic.write(graphite, run, "prod", List.of("api", "web"), 3, 50, 40);
        proxy = FaultProxy.start(graphite.baseUri())
                .requireAuthorization("Bearer " + TOKEN, got -> "refused credentials " + got);
        groups = new LoopbackGroups(4, 3);
        // the CLI's client signs with the default credential chain, which reads these first
        System.setProperty("aws.accessKeyId", "AKIDTEST");
        System.setProperty("aws.secretAccessKey", "not-a-secret");
    }

    @AfterAll
    void stop() {
        proxy.close();
        groups.close();
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
    }

    private String config(String prefix) {
        return """
                graphite: {url: "%s", timeout: 10s, attempts: 1, auth: {type: bearer, token_env: %s}}
                carbon: {host: "%s", port: %d}
                publish: {prefix: %s}
                defaults:
                  metrics: %s
                  policy: {target_utilization: 0.6, min_capacity: 1, max_capacity: 50}
                environments:
                  prod:
                    services:
                      api: {auto_scaling_group: prod-api}
                      web: {auto_scaling_group: prod-web}
                """.formatted(proxy.uri(), TOKEN_ENV, graphite.carbonHost(), graphite.carbonPort(), prefix, RecordedTraffic.metrics(run));
    }

    private record Result(int code, String out, String err) {}

    private Result plan(Path config, Map<String, String> env, String... more) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        List<String> argv = new ArrayList<>(List.of("plan", "--config", config.toString(),
                "--environment", "prod", "--aws-endpoint", groups.server().endpoint().toString()));
        argv.addAll(more.length == 0 ? List.of("--json") : List.of(more));
        int code = new Main(List.of(new RunCommand(true, env))).run(argv,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private JsonNode events(String tag) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(graphite.baseUri() + "events/get_data?tags=" + tag
                + "&from=" + (now - 600) + "&until=" + (now + 600))).build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body());
    }

    @Test
    void render_events_and_read_back_all_carry_the_token_and_a_secret_leaks_nowhere(@TempDir Path dir) throws Exception {
        String prefix = run + "p";
        Path file = Files.writeString(dir.resolve("leptoid.yaml"), config(prefix));
        // graphite-web refuses web's reads with a message that echoes the token, as a misbehaving proxy might
        proxy.when(r -> r.path().equals("/render") && r.body().contains(".web.")).always(new FaultProxy.Fault.Status(400,
                "text/plain", "token " + TOKEN + " may not read servers.web"));
        int before = proxy.seen().size();
        Result r;
        try {
            r = plan(file, Map.of("AWS_REGION", "us-east-1", TOKEN_ENV, TOKEN));
        } finally {
            proxy.when(s -> true).next(0, FaultProxy.pass());
        }

        // the exit status is not asserted here: a held service's status is the CLI's exit-code contract, not this test's
        assertFalse(r.err().contains("leptoid plan:"), "the run completed: " + r.err());
        assertEquals(List.of(), groups.server().requests("SetDesiredCapacity"), "plan never changes a group");
        List<FaultProxy.Seen> seen = proxy.seen().subList(before, proxy.seen().size());
        assertTrue(seen.stream().anyMatch(s -> s.path().equals("/render") && s.body().contains(".api.")), "render: " + seen);
        assertTrue(seen.stream().anyMatch(s -> s.path().equals("/render") && s.body().contains("capacity.recommended")),
                "read-back of earlier recommendations: " + seen);
        assertTrue(seen.stream().anyMatch(s -> s.path().equals("/render") && s.body().contains("forecast.h")),
                "read-back of earlier forecasts: " + seen);
        assertEquals(2, seen.stream().filter(s -> s.path().equals("/events/")).count(), "a scale-out and a hold: " + seen);
        for (FaultProxy.Seen s : seen) assertEquals("Bearer " + TOKEN, s.authorization(), s.method() + " " + s.path());

        JsonNode report = JSON.readTree(r.out());
        assertEquals(0, report.get("publication_errors").size(), r.out());
        assertEquals("scale-to", report.get("services").get(0).get("decision").asText(), r.out());
        JsonNode web = report.get("services").get(1);
        assertEquals("source-error", web.get("reason").asText(), r.out());
        assertTrue(web.get("detail").asText().contains("token [redacted] may not read"), r.out());
        String stored = events("prod").toString();
        assertTrue(stored.contains("token [redacted] may not read"), "the hold's event reached Graphite, redacted: " + stored);
        for (String place : List.of(r.out(), r.err(), stored))
            assertFalse(place.contains(TOKEN), place);
        assertTrue(r.err().contains("\"event\":\"decision\""), "the decision log went to stderr: " + r.err());
    }

    @Test
    void a_wrong_token_is_refused_by_graphite_and_echoed_nowhere(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("leptoid.yaml"), config(run + "w"));
        String wrong = "glsa_wrongWrongWrong42";

        Result r = plan(file, Map.of("AWS_REGION", "us-east-1", TOKEN_ENV, wrong));

        assertFalse(r.err().contains("leptoid plan:"), "the run completed: " + r.err());
        JsonNode report = JSON.readTree(r.out());
        for (JsonNode s : report.get("services")) assertEquals("source-error", s.get("reason").asText(), r.out());
        assertFalse(r.out().contains(wrong) || r.err().contains(wrong), r.out() + r.err());
    }

    @Test
    void a_secret_in_the_url_or_under_an_unknown_key_is_not_echoed_by_the_configuration_error(@TempDir Path dir)
            throws Exception {
        Path inUrl = Files.writeString(dir.resolve("url.yaml"), config(run + "u")
                .replace("url: \"http://", "url: \"http://leptoid:" + TOKEN + "@"));
        Path unknownKey = Files.writeString(dir.resolve("key.yaml"), config(run + "k")
                .replace("attempts: 1,", "attempts: 1, password: " + TOKEN + ","));
        for (Path file : List.of(inUrl, unknownKey)) {
            Result r = plan(file, Map.of("AWS_REGION", "us-east-1", TOKEN_ENV, TOKEN));
            assertEquals(2, r.code(), r.err());
            assertEquals(1, r.err().lines().count(), r.err());
            assertTrue(r.err().contains("graphite"), r.err());
            assertFalse(r.err().contains(TOKEN) || r.out().contains(TOKEN), r.err());
        }
    }

    @Test
    void a_token_variable_that_is_not_set_is_one_line_and_exit_2(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("leptoid.yaml"), config(run + "n"));
        Result r = plan(file, Map.of("AWS_REGION", "us-east-1"));
        assertEquals(2, r.code());
        assertEquals("leptoid plan: graphite.auth: environment variable " + TOKEN_ENV + " is not set or empty", r.err().strip());
    }

    @Test
    void a_run_of_some_services_or_one_shard_covers_those_only_and_an_unknown_one_is_one_line(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("leptoid.yaml"), config(run + "p"));
        Map<String, String> env = Map.of("AWS_REGION", "us-east-1", TOKEN_ENV, TOKEN);

        Result web = plan(file, env, "--service", "web", "--json");
        assertEquals(0, web.code(), web.err());
        List<String> decided = new ArrayList<>();
        JSON.readTree(web.out()).get("services").forEach(s -> decided.add(s.get("service").asText()));
        assertEquals(List.of("web"), decided);

        // services sorted by name: api is shard 1 of 2, web shard 2; the table names the part
        Result first = plan(file, env, "--shard", "1/2");
        assertEquals(0, first.code(), first.err());
        assertTrue(first.out().lines().findFirst().orElse("").contains("environment prod (shard 1/2)"), first.out());
        assertTrue(first.out().contains(" api ") && !first.out().contains(" web "), first.out());

        Result unknown = plan(file, env, "--service", "nope");
        assertEquals(2, unknown.code());
        assertEquals("leptoid plan: " + file + ": service 'nope' is not in environment 'prod' (services: api, web)", unknown.err().strip());
        Map<List<String>, String> bad = Map.of(
                List.of("--service", "api", "--shard", "1/2"), "--service and --shard exclude each other",
                List.of("--shard", "3/2"), "--shard '3/2' is not k/n",
                List.of("--service", "a.b"), "--service 'a.b' is not allowed",
                List.of("--service", "api", "--service", "api"), "--service 'api' is named twice");
        bad.forEach((args, says) -> {
            Result r = plan(file, env, args.toArray(String[]::new));
            assertEquals(2, r.code(), args + ": " + r.err());
            assertEquals(1, r.err().lines().count(), r.err());
            assertTrue(r.err().startsWith("leptoid plan: " + says), args + ": " + r.err());
        });
    }
}
