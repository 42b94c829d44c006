package dev.leptoid.bench;

import dev.leptoid.forecast.AutoForecaster;
import dev.leptoid.forecast.ForecastResult;
import dev.leptoid.forecast.Mstl;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
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
 * Fit + 288-step forecast (80% interval) of one 4,032-point 5-minute NAB series, single thread.
 * 53ea38 has a strong daily season (STL + ETS path), 24ae8d has none (ETS path).
 * Run: scripts/bench -f 1 -wi 3 -i 5 ForecastBenchmark   (add -prof gc for allocation per fit)
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Threads(1)
@Fork(1)
public class ForecastBenchmark {

    @Param({"ec2_cpu_utilization_53ea38.csv", "ec2_cpu_utilization_24ae8d.csv"})
    public String series;

    private double[] history;
    private final AutoForecaster forecaster = new AutoForecaster();

    @Setup
    public void load() throws IOException {
        try (InputStream in = ForecastBenchmark.class.getResourceAsStream("/dev/leptoid/data/nab/realAWSCloudwatch/" + series)) {
            history = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().skip(1)
                    .mapToDouble(l -> Double.parseDouble(l.substring(l.indexOf(',') + 1))).toArray();
        }
        if (history.length != 4032) throw new IllegalStateException(series + " has " + history.length + " points");
    }

    @Benchmark
    public ForecastResult autoForecast288() {
        return forecaster.forecast(history, 300, 288, 80);
    }

    /**
     * The same points at a yearly step, which implies no season: ETS and AR(p) (up to 36 lags)
     * fitted and compared by their past forecasts 1..288 steps ahead (the seasonless choice).
     */
    @Benchmark
    public ForecastResult seasonlessForecast288() {
        return forecaster.forecast(history, 365 * 86_400L, 288, 80);
    }

    @Benchmark
    public Mstl.Decomposition mstlOnly() {
        return new Mstl(List.of(288, 2016), false).decompose(history);
    }
}
