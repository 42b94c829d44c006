package dev.leptoid.forecast;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link EtsFit#after}: carrying a fit over new points, checked against the filter over the whole series. */
class EtsFitTest {

    static double[] seasonalTrend(int n, int m, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] y = new double[n];
        for (int t = 0; t < n; t++) y[t] = 100 + 0.1 * t + 15 * Math.sin(2 * Math.PI * t / m) + 2 * r.nextGaussian();
        return y;
    }

    @ParameterizedTest
    @ValueSource(strings = {"ANN", "AAdN", "MNN", "MAdN", "AAA", "MAM", "AAdA"})
    void afterNewPointsEndsInTheStatesTheWholeSeriesFilterReaches(String code) {
        int m = 12;
        double[] y = seasonalTrend(300, m, 7);
        int cut = 260;
        EtsFit fit = Ets.fast().fit(Arrays.copyOf(y, cut), EtsSpec.parse(code, m)).orElseThrow();
        EtsFit carried = fit.after(Arrays.copyOfRange(y, cut, y.length));
        double[][] states = fit.filteredStates(y); // the same parameters and initial states over all of y
        int last = y.length - 1;
        assertEquals(states[0][last], carried.endLevel(), 1e-9 * Math.abs(states[0][last]));
        assertEquals(states[1][last], carried.endTrend(), 1e-9);
        for (int k = 1; k <= 2 * m; k++)
            assertEquals(fit.forecastFrom(states, last, k), carried.pointForecast(k)[k - 1], 1e-7, "step " + k);
    }

    @ParameterizedTest
    @ValueSource(strings = {"AAdN", "MAM"})
    void unobservedPointsMoveTheStatesAsTheForecastDoes(String code) {
        EtsFit fit = Ets.fast().fit(seasonalTrend(200, 12, 8), EtsSpec.parse(code, 12)).orElseThrow();
        double[] gap = new double[5];
        Arrays.fill(gap, Double.NaN);
        double[] direct = fit.pointForecast(20);
        assertArrayEquals(Arrays.copyOfRange(direct, 5, 20), fit.after(gap).pointForecast(15), 1e-9);
    }
}
