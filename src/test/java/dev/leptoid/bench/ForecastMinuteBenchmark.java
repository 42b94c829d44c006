package dev.leptoid.bench;

import dev.leptoid.forecast.AutoForecaster;
import dev.leptoid.forecast.ForecastResult;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * Fit + 60-step forecast (80% interval) of a 7-day one-minute history (10,080 points; periods
 * 1,440 and 10,080 inferred, the week not usable with one cycle), single thread: the NYC taxi
 * trace and an EC2 CPU trace interpolated linearly to minutes, last 7 days.
 * Run: scripts/bench -f 1 -wi 3 -i 5 ForecastMinuteBenchmark   (add -prof gc for allocation)
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Threads(1)
@Fork(1)
public class ForecastMinuteBenchmark {

    @Param({"realKnownCause/nyc_taxi.csv:30", "realAWSCloudwatch/ec2_cpu_utilization_53ea38.csv:5"})
    public String trace;

    private double[] history;
    private final AutoForecaster forecaster = new AutoForecaster();

    @Setup
    public void load() throws IOException {
        String name = trace.substring(0, trace.indexOf(':'));
        int minutes = Integer.parseInt(trace.substring(trace.indexOf(':') + 1));
        double[] v;
        try (InputStream in = ForecastMinuteBenchmark.class.getResourceAsStream("/dev/leptoid/data/nab/" + name)) {
            v = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().skip(1)
                    .mapToDouble(l -> Double.parseDouble(l.substring(l.indexOf(',') + 1))).toArray();
        }
        int n = 10_080;
        int first = (v.length - 1) * minutes - n; // the last 7 days
        if (first < 0) throw new IllegalStateException(name + " is shorter than 7 days of minutes");
        history = new double[n];
        for (int i = 0; i < n; i++) {
            int t = first + i, j = t / minutes;
            history[i] = v[j] + (v[j + 1] - v[j]) * (t % minutes) / minutes;
        }
    }

    @Benchmark
    public ForecastResult autoForecast60() {
        return forecaster.forecast(history, 60, 60, 80);
    }
}
