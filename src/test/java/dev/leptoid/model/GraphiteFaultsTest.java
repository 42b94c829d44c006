package dev.leptoid.model;

import dev.leptoid.config.MetricsConfig;
import dev.leptoid.config.ServiceConfig;
import dev.leptoid.config.PolicySettings;
import dev.leptoid.source.GraphiteAuth;
import dev.leptoid.source.GraphiteRenderSource;
import dev.leptoid.source.Series;
import dev.leptoid.source.SourceException;
import dev.leptoid.testing.FaultProxy;
import dev.leptoid.testing.LocalGraphite;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Faults between leptoid and a real graphite-web, caused by a loopback {@link FaultProxy}. Each
 * ends in a clear one-line error or an insufficient-data result; none yields a zero utilization.
 */
@Tag("graphite")
class GraphiteFaultsTest {

    private static final long STEP = 60;
    private static final int STEPS = 60;
    private static LocalGraphite graphite;
    private static FaultProxy proxy;
    private static String env;
    private static long now, last;
    private final List<Duration> slept = new ArrayList<>();

    @BeforeAll
    static void load() throws IOException {
        graphite = LocalGraphite.shared();
        proxy = FaultProxy.start(graphite.baseUri());
        env = "faults" + Long.toString(System.nanoTime(), 36);
        now = Instant.now().getEpochSecond();
        last = now / STEP * STEP - STEP;
        List<String> lines = new ArrayList<>();
        for (int k = 1; k <= 3; k++)
            for (int i = 0; i < STEPS; i++) lines.add(env + ".web.i-" + k + ".cpu " + (10 * k + i % 7) + " " + (last - i * STEP));
        graphite.writePlaintext(lines);
        for (int k = 1; k <= 3; k++)
            graphite.awaitSeries(env + ".web.i-" + k + ".cpu", last - STEPS * STEP, last, STEPS, Duration.ofSeconds(30));
    }

    @AfterAll
    static void close() { proxy.close(); }

    @BeforeEach
    void passThrough() { proxy.always(FaultProxy.pass()); }

    private ServiceView read(Duration timeout) throws SourceException {
        GraphiteRenderSource.Options o = GraphiteRenderSource.Options.DEFAULTS.withReadTimeout(timeout);
        GraphiteRenderSource source = new GraphiteRenderSource(HttpClient.newBuilder().connectTimeout(o.connectTimeout()).build(),
                proxy.uri(), o, GraphiteAuth.NONE, slept::add);
        MetricsConfig m = new MetricsConfig(Optional.empty(), MetricsConfig.RateUnit.PER_SECOND, Optional.empty(),
                MetricsConfig.TimeUnit.MILLISECONDS, Optional.of("{environment}.{service}.{instance}.cpu"),
                MetricsConfig.UtilizationUnit.PERCENT, 2, Duration.ofSeconds(STEP), Duration.ofSeconds(STEPS * STEP));
        ServiceView view = new ServiceLoadReader(source).read(env, new ServiceConfig("web", "web-asg", m, PolicySettings.DEFAULTS),
                Instant.ofEpochSecond(now));
        assertNoZero(view);
        return view;
    }

    private ServiceView read() throws SourceException { return read(Duration.ofSeconds(10)); }

    private static void assertNoZero(ServiceView view) {
        for (Series s : view.instances().values())
            for (int i = 0; i < s.size(); i++) assertTrue(s.valueAt(i) != 0, s.name() + " has a zero at " + s.timeAt(i));
        for (int i = 0; i < view.offeredLoad().size(); i++)
            assertTrue(view.offeredLoad().valueAt(i) != 0, "offered load zero at " + view.offeredLoad().timeAt(i));
    }

    private String failure(FaultProxy.Fault fault) {
        proxy.always(fault);
        SourceException e = assertThrows(SourceException.class, this::read);
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        return e.getMessage();
    }

    @Test
    void without_faults_the_three_instances_are_seen() throws Exception {
        ServiceView v = read();
        assertEquals(3, v.reporting());
        assertEquals(0.10 + 0.20 + 0.30, v.offeredLoad().valueAt(v.offeredLoad().lastPresentIndex()), 1e-12);
    }

    @Test
    void http_500_is_retried_then_a_clear_error() {
        String m = failure(FaultProxy.status500());
        assertTrue(m.contains("HTTP 500") && m.contains("after 3 attempts"), m);
        assertEquals(2, slept.size());
    }

    @Test
    void a_500_that_clears_is_survived() throws Exception {
        proxy.next(1, FaultProxy.status500());
        assertEquals(3, read().reporting());
    }

    @Test
    void an_html_error_page_is_a_clear_error() {
        assertTrue(failure(FaultProxy.htmlPage()).contains("HTML page"));
    }

    @Test
    void truncated_json_is_a_clear_error() {
        assertTrue(failure(FaultProxy.truncated()).contains("not valid JSON"));
    }

    @Test
    void a_slow_answer_past_the_timeout_is_a_clear_error() {
        proxy.always(FaultProxy.slow(Duration.ofMinutes(5))); // held until the proxy is closed: always past the timeout
        SourceException e = assertThrows(SourceException.class, () -> read(Duration.ofMillis(500)));
        assertTrue(e.getMessage().contains("no answer within 500ms"), e.getMessage());
    }

    @Test
    void an_empty_list_is_insufficient_data() {
        proxy.always(FaultProxy.emptyList());
        assertThrows(InsufficientDataException.class, this::read);
    }

    @Test
    void all_null_series_are_insufficient_data() {
        proxy.always(FaultProxy.values("null"));
        InsufficientDataException e = assertThrows(InsufficientDataException.class, this::read);
        assertTrue(e.getMessage().contains("all null"), e.getMessage());
    }

    @Test
    void nan_negative_and_infinite_values_are_gaps_so_insufficient_data() {
        for (String literal : List.of("NaN", "-2.5", "Infinity", "-Infinity", "1e999")) {
            proxy.always(FaultProxy.values(literal));
            assertThrows(InsufficientDataException.class, this::read, literal);
        }
    }

    @Test
    void values_that_turn_bad_at_the_end_leave_the_newest_load_unknown_not_zero() throws Exception {
        proxy.always(FaultProxy.valuesFrom(STEPS - 10, "NaN"));
        ServiceView v = read();
        Series load = v.offeredLoad();
        assertTrue(load.lastPresentIndex() < load.size() - 10 || load.timeAt(load.lastPresentIndex()) <= last - 10 * STEP,
                "the newest ten minutes are unknown, so the data is stale");
    }

    @Test
    void a_run_over_all_null_data_holds_for_insufficient_data_and_leaves_the_group_alone(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        proxy.always(FaultProxy.values("null"));
        java.time.Clock clock = java.time.Clock.fixed(Instant.ofEpochSecond(now), java.time.ZoneOffset.UTC);
        dev.leptoid.actuation.SimulatedAutoScaling asg = new dev.leptoid.actuation.SimulatedAutoScaling(clock, Duration.ZERO, Duration.ZERO);
        asg.addGroup("web-asg", 6, 1, 20);
        dev.leptoid.publication.DirectorySink sink = new dev.leptoid.publication.DirectorySink(dir);
        GraphiteRenderSource source = new GraphiteRenderSource(HttpClient.newHttpClient(), proxy.uri(),
                GraphiteRenderSource.Options.DEFAULTS, GraphiteAuth.NONE, slept::add);
        MetricsConfig m = new MetricsConfig(Optional.empty(), MetricsConfig.RateUnit.PER_SECOND, Optional.empty(),
                MetricsConfig.TimeUnit.MILLISECONDS, Optional.of("{environment}.{service}.{instance}.cpu"),
                MetricsConfig.UtilizationUnit.PERCENT, 2, Duration.ofSeconds(STEP), Duration.ofSeconds(STEPS * STEP));
        dev.leptoid.config.EnvironmentConfig config = new dev.leptoid.config.EnvironmentConfig(env,
                dev.leptoid.config.EnvironmentConfig.Mode.ACT, List.of(new ServiceConfig("web", "web-asg", m, PolicySettings.DEFAULTS)));
        dev.leptoid.RunReport report = new dev.leptoid.ScalingRun(source, new dev.leptoid.forecast.LastValueForecaster(),
                new dev.leptoid.decision.CapacityPolicy(), asg, sink, sink, "leptoid", clock).run(config);
        dev.leptoid.decision.CapacityDecision d = report.services().get(0).decision();
        assertTrue(d instanceof dev.leptoid.decision.CapacityDecision.Hold h
                && h.code() == dev.leptoid.decision.CapacityDecision.HoldReason.INSUFFICIENT_DATA, d.toString());
        assertEquals(6, asg.describe("web-asg").desired());
    }

    @Test
    void duplicate_targets_are_a_clear_error() {
        assertTrue(failure(FaultProxy.duplicateTargets()).contains("two series for instance"));
    }
}
