package dev.leptoid.bench;

import dev.leptoid.config.MetricsConfig;
import dev.leptoid.config.ServiceConfig;
import dev.leptoid.config.PolicySettings;
import dev.leptoid.model.ServiceLoadReader;
import dev.leptoid.model.ServiceView;
import dev.leptoid.simulation.RecordedMetrics;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * One read of a service (rate and service time per instance, 1-minute steps, 7-day look-back)
 * from the in-memory store the backtest uses: {@code days} of data exist before now (a replay
 * part-way through, or a service younger than its look-back, has fewer).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ServiceLoadReaderBenchmark {

    @Param({"40"})
    public int instances;

    @Param({"2", "7"})
    public int days;

    private RecordedMetrics store;
    private ServiceLoadReader reader;
    private ServiceConfig service;
    private Instant now;
    private long from, until;
    private Set<String> listed;

    @Setup
    public void setUp() {
        Random r = new Random(42);
        long start = 1_700_000_000L / 60 * 60;
        int minutes = days * 1440;
        store = new RecordedMetrics(start, 60);
        for (int k = 0; k < instances; k++) {
            String base = "app.prod.web.i-" + k;
            for (int i = 0; i < minutes; i++) {
                store.put(base + ".requests_per_second", start + i * 60L, 10 + r.nextDouble());
                store.put(base + ".service_time_ms", start + i * 60L, 20 + r.nextDouble());
            }
        }
        now = Instant.ofEpochSecond(start + minutes * 60L);
        MetricsConfig m = new MetricsConfig(Optional.of("app.{environment}.{service}.{instance}.requests_per_second"),
                MetricsConfig.RateUnit.PER_SECOND, Optional.of("app.{environment}.{service}.{instance}.service_time_ms"),
                MetricsConfig.TimeUnit.MILLISECONDS, Optional.empty(), MetricsConfig.UtilizationUnit.FRACTION, 3,
                Duration.ofMinutes(1), Duration.ofDays(7));
        service = new ServiceConfig("web", "web-asg", m, PolicySettings.DEFAULTS);
        reader = new ServiceLoadReader(store);
        until = now.getEpochSecond();
        from = until - Duration.ofDays(7).toSeconds();
        listed = new TreeSet<>();
        for (int k = 0; k < instances; k++) listed.add("i-" + k);
    }

    @Benchmark
    public ServiceView read() throws Exception {
        return reader.read("prod", service, now);
    }

    /** The same read as a run makes it: knowing every instance the group lists (the left-the-group rule). */
    @Benchmark
    public ServiceView readKnowingTheGroup() throws Exception {
        return reader.read("prod", service, from, until, listed);
    }
}
