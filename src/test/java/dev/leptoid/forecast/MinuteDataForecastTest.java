package dev.leptoid.forecast;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * One-minute histories with a daily period of 1,440 steps and only a few cycles: the forecast
 * must join the data at the origin. (Before the fix, STL's seasonal component stepped at the
 * cycle boundaries and where the last part cycle ended, and a 3-day history of the taxi trace
 * interpolated to minutes had one-step errors 37 times the naive one.)
 */
class MinuteDataForecastTest {

    private static final int DAY = 1440;

    /** The NYC taxi trace (30-minute steps) interpolated linearly to minutes, as the backtest does. */
    private static double[] taxiMinutes() throws IOException {
        try (InputStream in = MinuteDataForecastTest.class.getResourceAsStream("/dev/leptoid/data/nab/realKnownCause/nyc_taxi.csv")) {
            double[] v = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().skip(1)
                    .mapToDouble(l -> Double.parseDouble(l.split(",")[1])).toArray();
            double[] y = new double[(v.length - 1) * 30];
            for (int t = 0; t < y.length; t++) y[t] = v[t / 30] + (v[t / 30 + 1] - v[t / 30]) * (t % 30) / 30.0;
            return y;
        }
    }

    /** Mean absolute error at steps 1 and 10 of auto and of naive, over origins every 97 minutes. */
    private static double[] errors(double[] y, int history, int origins) {
        AutoForecaster auto = new AutoForecaster();
        double[] e = new double[4];
        for (int o = 0; o < origins; o++) {
            int end = history + o * 97;
            double[] train = Arrays.copyOfRange(y, end - history, end);
            Forecast f = assertInstanceOf(Forecast.class, auto.forecast(train, 60, 10, 80));
            e[0] += Math.abs(y[end] - f.meanAt(0)) / origins;
            e[1] += Math.abs(y[end + 9] - f.meanAt(9)) / origins;
            e[2] += Math.abs(y[end] - train[history - 1]) / origins;
            e[3] += Math.abs(y[end + 9] - train[history - 1]) / origins;
        }
        return e;
    }

    @Test
    void three_days_of_interpolated_taxi_minutes_are_forecast_better_than_naive_at_one_and_ten_steps() throws IOException {
        double[] y = taxiMinutes();
        for (int history : new int[] {3 * DAY, 3 * DAY + 680}) { // whole cycles, and a part cycle at the end
            double[] e = errors(y, history, 25);
            assertTrue(e[0] < e[2] && e[1] < e[3],
                    "history " + history + ": auto " + e[0] + " / " + e[1] + " vs naive " + e[2] + " / " + e[3]);
        }
    }

    @Test
    void a_growing_daily_pattern_over_whole_days_is_continued_from_the_last_point() {
        SplittableRandom rnd = new SplittableRandom(11);
        for (int c = 0; c < 20; c++) {
            int days = 3 + rnd.nextInt(5), extra = rnd.nextBoolean() ? 0 : rnd.nextInt(DAY);
            double growth = 20 + 80 * rnd.nextDouble(), amp = 100 + 300 * rnd.nextDouble(), phase = rnd.nextDouble() * 6.28;
            int n = days * DAY + extra;
            double[] y = new double[n + 1];
            for (int t = 0; t <= n; t++)
                y[t] = 1000 + growth * t / DAY + amp * Math.sin(2 * Math.PI * t / DAY + phase) + rnd.nextGaussian();
            Forecast f = assertInstanceOf(Forecast.class, new AutoForecaster().forecast(Arrays.copyOf(y, n), 60, 5, 80));
            double slope = amp * 2 * Math.PI / DAY; // largest one-minute change of the pattern
            assertTrue(Math.abs(f.meanAt(0) - y[n]) < 3 + 3 * slope,
                    "case " + c + " (" + days + " days + " + extra + " min, growth " + growth + "/day): step 1 "
                            + f.meanAt(0) + ", actual " + y[n] + ", last " + y[n - 1]);
        }
    }

    @Test
    void a_real_step_at_the_start_of_each_day_is_kept_in_the_forecast() {
        int n = 4 * DAY;
        double[] y = new double[n + 60];
        SplittableRandom rnd = new SplittableRandom(5);
        for (int t = 0; t < y.length; t++) y[t] = (t % DAY < 8 * 60 ? 200 : 500) + rnd.nextGaussian();
        Forecast f = assertInstanceOf(Forecast.class, new AutoForecaster(AutoForecaster.Options.defaults().withPeriods(List.of(DAY)))
                .forecast(Arrays.copyOf(y, n), 60, 5, 80));
        assertTrue(Math.abs(f.meanAt(0) - 200) < 20, "the day starts low again: " + f.meanAt(0));
    }
}
