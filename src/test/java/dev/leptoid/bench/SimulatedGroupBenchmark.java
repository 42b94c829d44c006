package dev.leptoid.bench;

import dev.leptoid.actuation.ActuationException;
import dev.leptoid.actuation.SimulatedAutoScaling;
import dev.leptoid.simulation.MutableClock;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * One day of a spiky replay's minutes against the simulated group: every two hours a burst raises it from 20
 * to {@code burst} instances for 30 minutes; each minute the group is described, as the backtest does. Only
 * the public API of {@link SimulatedAutoScaling} that existed before the settle change is used, so the same
 * benchmark runs against both.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class SimulatedGroupBenchmark {

    @Param({"1000", "5000"})
    public int burst;

    @Benchmark
    public long replayDay() throws ActuationException {
        MutableClock clock = new MutableClock(Instant.ofEpochSecond(1_700_000_000L));
        SimulatedAutoScaling asg = new SimulatedAutoScaling(clock, Duration.ofMinutes(3), Duration.ofMinutes(2), Duration.ZERO, false);
        asg.addGroup("g", 20, 1, 10_000);
        long served = 0;
        for (int m = 0; m < 1440; m++) {
            clock.set(Instant.ofEpochSecond(1_700_000_000L + 60L * m));
            served += asg.describe("g").inService();
            if (m % 120 == 0) asg.setDesiredCapacity("g", burst);
            if (m % 120 == 30) asg.setDesiredCapacity("g", 20);
        }
        return served + asg.instanceSeconds("g");
    }
}
