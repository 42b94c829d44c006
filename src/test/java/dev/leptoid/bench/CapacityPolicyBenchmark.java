package dev.leptoid.bench;

import dev.leptoid.actuation.GroupState;
import dev.leptoid.decision.CapacityDecision;
import dev.leptoid.decision.CapacityPolicy;
import dev.leptoid.config.LatencyObjective;
import dev.leptoid.config.PolicySettings;
import dev.leptoid.forecast.Forecast;
import dev.leptoid.source.Series;
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
import java.util.Random;
import java.util.concurrent.TimeUnit;

/** One decision over a week of 1-minute offered load, sized on utilization or with Erlang C. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class CapacityPolicyBenchmark {

    @Param({"20", "2000"})
    public double erlangs;

    private final CapacityPolicy policy = new CapacityPolicy();
    private final Instant now = Instant.ofEpochSecond(1_800_000_000L);
    private CapacityPolicy.Input input;
    private PolicySettings utilization, latency;

    @Setup
    public void setUp() {
        Random r = new Random(42);
        double[] v = new double[7 * 24 * 60];
        for (int i = 0; i < v.length; i++) v[i] = erlangs * (0.8 + 0.4 * r.nextDouble());
        double[] u = new double[20];
        java.util.Arrays.fill(u, erlangs * 1.3);
        int max = (int) (erlangs * 4);
        input = new CapacityPolicy.Input(new Series("svc", now.getEpochSecond() - v.length * 60L, 60, v),
                new Forecast(u, u, u, 80, "bench"), new GroupState("asg", (int) (erlangs * 2), 1, max, 1, false, false), 0.08, null);
        utilization = PolicySettings.DEFAULTS.withCapacity(1, max);
        latency = utilization.withLatencyObjective(new LatencyObjective(Duration.ofMillis(100), 0.01));
    }

    @Benchmark
    public CapacityDecision atTargetUtilization() { return policy.decide(input, utilization, now); }

    @Benchmark
    public CapacityDecision withLatencyObjective() { return policy.decide(input, latency, now); }
}
