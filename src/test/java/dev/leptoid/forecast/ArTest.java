package dev.leptoid.forecast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ArTest {

    /** The keys tools/r/ar-known-answers.R wrote for one series (R's lm() on the same points). */
    private static Map<String, Double> known(String series) throws IOException {
        return RFixtures.keys("ar-known-answers.csv", series);
    }

    @ParameterizedTest
    @ValueSource(strings = {"lynx", "Nile", "LakeHuron", "WWWusage", "USAccDeaths", "AirPassengers"})
    void orderCoefficientsAndAiccAgreeWithRsLeastSquares(String series) throws IOException {
        double[] y = RFixtures.data(series);
        Map<String, Double> r = known(series);
        Ar ar = Ar.fit(y).orElseThrow();
        assertEquals(r.get("order").intValue(), ar.order(), series + " order");
        double scale = Stats.sd(y, 0, y.length);
        double[] phi = ar.coefficients();
        for (int j = 1; j <= ar.order(); j++) assertEquals(r.get("coef." + j), phi[j - 1], 1e-7, series + " phi" + j);
        assertEquals(r.get("coef.0"), ar.intercept(), 1e-7 * scale, series + " intercept");
        assertEquals(r.get("sigma2"), ar.sigma2(), 1e-7 * r.get("sigma2"), series + " sigma2");
        assertEquals(r.get("aicc." + ar.order()), ar.aicc(), 1e-6 * Math.abs(ar.aicc()), series + " AICc");
    }

    /** An AR(2) cycle of period about 10 (the shape of lynx), fixed seed. */
    private static double[] cycle(int n, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] y = new double[n];
        double a = 2 * 0.9 * Math.cos(2 * Math.PI / 10), b = -0.81;
        for (int t = 0; t < n; t++) y[t] = 100 + (t > 1 ? a * (y[t - 1] - 100) + b * (y[t - 2] - 100) : 0) + 5 * rnd.nextGaussian();
        return y;
    }

    @Test
    void recoversASimulatedCycle() {
        int second = 0;
        double phi1 = 0, phi2 = 0;
        for (long seed = 1; seed <= 10; seed++) {
            Ar ar = Ar.fit(cycle(2000, seed)).orElseThrow();
            assertTrue(ar.order() >= 2, ar.label()); // AICc may add lags by chance (R's ar.ols: AR(9) on seed 3)
            if (ar.order() == 2) second++;
            phi1 += ar.coefficients()[0] / 10;
            phi2 += ar.coefficients()[1] / 10;
            assertEquals(100, ar.longRunMean(), 1);
            assertEquals(25, ar.sigma2(), 2.5);
        }
        assertTrue(second >= 5, second + " of 10 chose AR(2)");
        assertEquals(2 * 0.9 * Math.cos(2 * Math.PI / 10), phi1, 0.03);
        assertEquals(-0.81, phi2, 0.03);
    }

    @Test
    void stateCarriedForwardForecastsAsAFitOnThePrefixAndFillsMissingPointsWithItsPrediction() {
        double[] y = cycle(300, 5);
        Ar ar = Ar.fit(y).orElseThrow();
        int h = 15;
        EmpiricalIntervals.PastForecasts past = ar.past(y, h);
        Ar.State s = ar.state(Arrays.copyOf(y, 100));
        for (int t = 100; t < 200; t++) s = s.update(y[t]);
        double[] fromState = s.forecast(h);
        for (int k = 1; k <= h; k++) assertEquals(fromState[k - 1], past.at(199, k), 1e-9, "step " + k);
        assertEquals(ar.forecast(Arrays.copyOf(y, 200), h, 80).meanAt(h - 1), fromState[h - 1], 1e-9);
        Ar.State gap = s.update(Double.NaN);
        assertEquals(fromState[0], gap.lags()[0], 1e-12, "a missing point is the model's prediction, not zero");
        assertEquals(fromState[1], gap.forecast(1)[0], 1e-9);
    }

    @Test
    void analyticBoundsOfAnArOneGrowLikeItsPsiWeights() {
        SplittableRandom rnd = new SplittableRandom(11);
        double[] y = new double[3000];
        for (int t = 1; t < y.length; t++) y[t] = 0.6 * y[t - 1] + rnd.nextGaussian();
        Ar ar = Ar.fit(y).orElseThrow();
        Forecast f = ar.forecast(y, 3, 80);
        double z = Stats.normalQuantile(0.9), s2 = ar.sigma2();
        double[] phi = ar.coefficients();
        double psi1 = phi[0];
        assertEquals(z * Math.sqrt(s2), f.upperAt(0) - f.meanAt(0), 1e-9);
        assertEquals(z * Math.sqrt(s2 * (1 + psi1 * psi1)), f.upperAt(1) - f.meanAt(1), 1e-9);
    }

    @Test
    void constantOrTinyDataGiveNoFit() {
        assertTrue(Ar.fit(new double[] {1, 2, 3}).isEmpty());
        double[] flat = new double[50];
        Arrays.fill(flat, 7);
        assertTrue(Ar.fit(flat).isEmpty() || Ar.fit(flat).get().order() == 0);
    }
}
