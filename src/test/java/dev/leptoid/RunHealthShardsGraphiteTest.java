package dev.leptoid;

import dev.leptoid.app.Part;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leptoid.actuation.SimulatedAutoScaling;
import dev.leptoid.config.EnvironmentConfig;
import dev.leptoid.decision.CapacityPolicy;
import dev.leptoid.forecast.LastValueForecaster;
import dev.leptoid.lambda.ScheduleInput;
import dev.leptoid.publication.CarbonPublisher;
import dev.leptoid.source.GraphiteRenderSource;
import dev.leptoid.source.Series;
import dev.leptoid.testing.LocalGraphite;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Shards of one environment run at the same time, each writing its run health under its own node,
 * and the provisioned dashboard's run-health panel, rendered by the real graphite-web, adds them up.
 * Before, both shards wrote {@code run.actions} at the same second and the last write won.
 */
@Tag("graphite")
class RunHealthShardsGraphiteTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final Path DASHBOARD = Path.of("grafana-panel/provisioning/dashboards/leptoid/leptoid.json");

    /** The run-health panel's Graphite targets as Grafana sends them, with its variables filled in. */
    private static List<String> runHealthTargets(String prefix, String env) throws Exception {
        List<String> targets = new ArrayList<>();
        for (JsonNode panel : JSON.readTree(Files.readString(DASHBOARD)).get("panels"))
            if (panel.get("title").asText().endsWith("run health"))
                for (JsonNode t : panel.get("targets"))
                    targets.add(t.get("target").asText().replace("$prefix", prefix).replace("$env", env));
        assertEquals(2, targets.size(), "run-health targets in " + DASHBOARD);
        return targets;
    }

    /** Each series' value at {@code t} (NaN when absent) of {@code target}, by series name. */
    private static Map<String, Double> valuesAt(LocalGraphite g, String target, long t) throws Exception {
        URI uri = URI.create(g.renderUri() + "?format=json&from=" + (t - 120) + "&until=" + (t + 60)
                + "&target=" + URLEncoder.encode(target, StandardCharsets.UTF_8));
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        Map<String, Double> values = new TreeMap<>();
        for (JsonNode s : JSON.readTree(r.body())) {
            double v = Double.NaN;
            for (JsonNode p : s.get("datapoints")) if (p.get(1).asLong() == t && !p.get(0).isNull()) v = p.get(0).asDouble();
            values.put(s.get("target").asText(), v);
        }
        return values;
    }

    @Test
    void two_shards_running_at_once_are_both_counted_on_the_dashboard() throws Exception {
        LocalGraphite g = LocalGraphite.shared();
        String envName = "sh" + Long.toString(System.nanoTime(), 36);
        long now = Instant.now().getEpochSecond() / 60 * 60;
        // both services at about 90 % for two hours, so each shard scales its one group out
        List<String> lines = new ArrayList<>();
        for (String service : List.of("api", "web"))
            for (int i = 1; i <= 3; i++)
                for (long t = now - 7200; t < now; t += 60)
                    lines.add("servers." + envName + "." + service + ".i-" + i + ".cpu " + (88 + (t / 60 + i) % 5) + " " + t);
        g.writePlaintext(lines);
        for (String service : List.of("api", "web"))
            for (int i = 1; i <= 3; i++)
                g.awaitSeries("servers." + envName + "." + service + ".i-" + i + ".cpu", now - 7260, now, 120, Duration.ofSeconds(60));

        Clock clock = Clock.fixed(Instant.ofEpochSecond(now), ZoneOffset.UTC);
        SimulatedAutoScaling asg = new SimulatedAutoScaling(clock, Duration.ZERO, Duration.ZERO);
        asg.addGroup("api-asg", 3, 1, 20);
        asg.addGroup("web-asg", 3, 1, 20);
        EnvironmentConfig env = RunPublicationGraphiteTest.env(envName, "api", "web");
        List<String> nodes = new ArrayList<>();
        for (int k = 1; k <= 2; k++) {
            ScheduleInput shard = new ScheduleInput(envName, Optional.empty(), new Part(List.of(), Optional.of(new Part.Shard(k, 2))));
            CarbonPublisher carbon = new CarbonPublisher(g.carbonHost(), g.carbonPicklePort(),
                    CarbonPublisher.Settings.defaults(CarbonPublisher.Protocol.PICKLE));
            RunReport report = new ScalingRun(GraphiteRenderSource.create(g.baseUri(), Duration.ofSeconds(10)), new LastValueForecaster(),
                    new CapacityPolicy(), asg, RunPublicationGraphiteTest.publication(g, carbon), clock)
                    .run(shard.select(env), env.mode(), null, shard.part().healthNode());
            assertEquals(1, report.services().size(), "one service per shard");
            assertEquals(1, report.actions(), "shard " + k + " scales its group out");
            nodes.add(shard.part().healthNode());
        }
        assertEquals(List.of("shard_1_of_2", "shard_2_of_2"), nodes);

        // Carbon writes each shard's series asynchronously: wait until Graphite serves all of them
        double slowest = 0;
        for (String node : nodes) {
            for (String leaf : List.of("holds", "actions", "errors"))
                g.awaitSeries("leptoid." + envName + ".run." + node + "." + leaf, now - 60, now, 1, Duration.ofSeconds(60));
            Series d = g.awaitSeries("leptoid." + envName + ".run." + node + ".duration_ms", now - 60, now, 1, Duration.ofSeconds(60));
            slowest = Math.max(slowest, d.valueAt(d.size() - 1));
        }
        List<String> targets = runHealthTargets("leptoid", envName);
        assertEquals(Map.of("actions", 2.0, "errors", 0.0, "holds", 0.0), valuesAt(g, targets.get(0), now), targets.get(0));
        assertEquals(Map.of("duration_ms", slowest), valuesAt(g, targets.get(1), now), targets.get(1));
    }
}
