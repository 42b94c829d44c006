package dev.leptoid.bench;

import dev.leptoid.forecast.AutoForecaster;
import dev.leptoid.forecast.ForecastResult;
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
 * Fit + 12-step forecast (80% interval) of a monthly R series, by default co2 (468 points, season 12: 15 ETS models
 * and the combination), with the fast fit for every length ({@code exactUpTo} 0) and with R-like
 * fits (initial states optimised) up to 500 points, the default; without ({@code crossValidateUpTo} 0)
 * and with the cross-validated choice among the AICc choice, AR and their mean (up to 500 points, the default).
 * Run: scripts/bench -f 1 -wi 3 -i 5 ShortSeriesForecastBenchmark
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Threads(1)
@Fork(1)
public class ShortSeriesForecastBenchmark {

    /** Under src/test/resources/forecast/rdatasets/, e.g. {@code -p series=monthly/UKDriverDeaths.csv}. */
    @Param({"monthly/co2.csv"})
    public String series;

    @Param({"0", "500"})
    public int exactUpTo;

    @Param({"0", "500"})
    public int crossValidateUpTo;

    private double[] history;
    private AutoForecaster forecaster;

    @Setup
    public void load() throws IOException {
        try (InputStream in = ShortSeriesForecastBenchmark.class.getResourceAsStream("/forecast/rdatasets/" + series)) {
            history = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().skip(1)
                    .mapToDouble(l -> Double.parseDouble(l.substring(l.indexOf(',') + 1))).toArray();
        }
        forecaster = new AutoForecaster(new AutoForecaster.Options(AutoForecaster.Method.AUTO, List.of(), 12, exactUpTo, false, crossValidateUpTo));
    }

    @Benchmark
    public ForecastResult monthlyForecast12() {
        return forecaster.forecast(history, 30 * 86_400L, 12, 80);
    }

    /** The same series given a yearly step (no season: ETS against AR), 10 steps, e.g. {@code -p series=yearly/LakeHuron.csv}. */
    @Benchmark
    public ForecastResult yearlyForecast10() {
        return forecaster.forecast(history, 365 * 86_400L, 10, 80);
    }

    /**
     * The same series given a 5-minute step, 12 steps: with under two days of points no season is usable, so
     * {@code crossValidateUpTo} 0 is ETS alone and 500 the refitted choice among ETS, AR and their mean, e.g.
     * {@code -p series=shapes/short/ec2_cpu_utilization_5f5533_day0.csv}.
     */
    @Benchmark
    public ForecastResult fiveMinuteForecast12() {
        return forecaster.forecast(history, 300, 12, 80);
    }
}
