package dev.leptoid.forecast;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Known answers from R 4.2 / forecast 8.20 ({@code tools/r/arima-known-answers.R}): fixed orders
 * fitted by {@code Arima(method = "ML")} (and {@code "CSS-ML"}, which reaches the same optimum), the
 * KPSS statistic, {@code ndiffs()}, {@code nsdiffs()} and {@code auto.arima()}'s chosen order.
 *
 * <p>Tolerances: both fits maximise the same likelihood with different optimisers (R: BFGS on R's
 * parameters; ours: Nelder-Mead on partial autocorrelations) and R's differences have a diffuse
 * prior of variance 1e6 rather than being exact, so log-likelihoods agree to 2e-3, coefficients to
 * 2e-3 (lynx's ARIMA(2,0,3), AR roots at modulus 1.0005: 1e-3 apart), the constant and
 * point forecasts to 1e-3 of the series' standard deviation; bounds (ours from psi weights, R's from
 * the filter's exact finite-sample variance) to 2 % of the standard deviation (lynx 1.2 %, the others
 * under 0.5 %).
 */
class ArimaTest {

    private static Map<String, Double> known(String id) throws IOException {
        return RFixtures.keys("arima-known-answers.csv", id);
    }

    /** Seven digits p d q P D Q constant, as the script writes them. */
    private static int[] digits(double code) {
        return String.format(Locale.ROOT, "%07d", (long) code).chars().map(c -> c - '0').toArray();
    }

    private static int period(String series) {
        return switch (series) {
            case "USAccDeaths", "AirPassengers" -> 12;
            case "UKgas" -> 4;
            default -> 1;
        };
    }

    private static Arima.Spec spec(int[] o, int m) { return new Arima.Spec(o[0], o[1], o[2], o[3], o[4], o[5], m, o[6] == 1); }

    @ParameterizedTest
    @ValueSource(strings = {"WWWusage.111", "WWWusage.111drift", "LakeHuron.200", "LakeHuron.101", "lynx.203", "Nile.011",
                            "USAccDeaths.011011", "AirPassengers.100010drift", "UKgas.110110"})
    void fixedOrdersAgreeWithRsMaximumLikelihood(String id) throws IOException {
        String series = id.substring(0, id.indexOf('.'));
        double[] y = RFixtures.data(series);
        double sd = Stats.sd(y, 0, y.length);
        for (String method : new String[] {"ML", "CSS-ML"}) {
            Map<String, Double> r = known(id + "." + method);
            Arima a = Arima.fit(y, spec(digits(r.get("order")), period(series))).orElseThrow();
            String what = id + " vs R's " + method + ": " + a.label() + " ";
            assertEquals(r.get("loglik"), a.logLik(), 2e-3, what + "log-likelihood");
            assertEquals(r.get("aicc"), a.aicc(), 4e-3, what + "AICc");
            assertEquals(r.get("sigma2"), a.sigma2(), 2e-3 * r.get("sigma2"), what + "sigma2");
            double[][] ours = {a.phi(), a.theta(), a.seasonalPhi(), a.seasonalTheta()};
            String[] names = {"ar", "ma", "sar", "sma"};
            for (int g = 0; g < 4; g++)
                for (int j = 0; j < ours[g].length; j++)
                    assertEquals(r.get("coef." + names[g] + (j + 1)), ours[g][j], 2e-3, what + names[g] + (j + 1));
            Double constant = r.containsKey("coef.intercept") ? r.get("coef.intercept") : r.get("coef.drift");
            assertEquals(constant == null ? 0 : constant, a.constant(), 1e-3 * sd, what + "constant");
            Forecast f = a.forecast(y, 10, 80);
            for (int k = 1; k <= 10; k++) {
                assertEquals(r.get("mean." + k), f.meanAt(k - 1), 1e-3 * sd, what + "mean at step " + k);
                assertEquals(r.get("lower." + k), f.lowerAt(k - 1), 2e-2 * sd, what + "lower at step " + k);
                assertEquals(r.get("upper." + k), f.upperAt(k - 1), 2e-2 * sd, what + "upper at step " + k);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"WWWusage", "LakeHuron", "lynx", "Nile", "USAccDeaths", "AirPassengers", "UKgas"})
    void differencesAgreeWithRsTests(String series) throws IOException {
        double[] y = RFixtures.data(series);
        Map<String, Double> r = known(series);
        assertEquals(r.get("kpss"), Arima.kpss(y), 1e-9 * r.get("kpss"), series + " KPSS statistic");
        assertEquals(r.get("kpss.diff"), Arima.kpss(Arima.diff(y, 1)), 1e-9 * r.get("kpss.diff"), series + " KPSS of the differences");
        assertEquals(r.get("ndiffs").intValue(), Arima.ndiffs(y), series + " ndiffs");
        int m = period(series);
        if (m > 1) {
            // our STL is R's stl() to 1e-6 (StlTest); R's mstl() of one season adds a Box-Cox/na handling we do not need
            assertEquals(r.get("seas.strength"), Arima.seasonalStrength(y, m), 0.01, series + " seasonal strength");
            assertEquals(r.get("nsdiffs").intValue(), Arima.nsdiffs(y, m), series + " nsdiffs");
            double[] dx = Arima.nsdiffs(y, m) > 0 ? Arima.diff(y, m) : y;
            assertEquals(r.get("ndiffs.after.nsdiffs").intValue(), Arima.ndiffs(dx), series + " ndiffs after nsdiffs");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"WWWusage", "LakeHuron", "lynx", "Nile", "USAccDeaths", "AirPassengers", "UKgas"})
    void automaticChoiceIsAutoArimas(String series) throws IOException {
        double[] y = RFixtures.data(series);
        Map<String, Double> r = known(series);
        Arima a = Arima.auto(y, period(series)).orElseThrow();
        Arima.Spec s = a.spec();
        int[] o = digits(r.get("auto.order"));
        assertArrayEquals(o, new int[] {s.p(), s.d(), s.q(), s.sp(), s.sd(), s.sq(), s.constant() ? 1 : 0}, series + ": " + a.label());
        assertEquals(r.get("auto.aicc"), a.aicc(), 4e-3, series + " AICc");
    }

    /** An ARMA(1,1) of mean 50 integrated once, fixed seed. */
    private static double[] integrated(int n, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] y = new double[n];
        double w = 0, e = 0, level = 50;
        for (int t = 0; t < n; t++) {
            double next = rnd.nextGaussian();
            w = 0.6 * w + next + 0.4 * e;
            e = next;
            level += w;
            y[t] = level;
        }
        return y;
    }

    @Test
    void recoversASimulatedArima111() {
        double phi = 0, theta = 0;
        for (long seed = 1; seed <= 10; seed++) {
            Arima a = Arima.fit(integrated(1000, seed), Arima.Spec.of(1, 1, 1, false)).orElseThrow();
            phi += a.phi()[0] / 10;
            theta += a.theta()[0] / 10;
            assertEquals(1, a.sigma2(), 0.15);
        }
        assertEquals(0.6, phi, 0.05);
        assertEquals(0.4, theta, 0.05);
    }

    @Test
    void stateCarriedForwardForecastsAsTheFitAndPastForecastsAndFillsMissingPointsWithItsPrediction() throws IOException {
        double[] y = RFixtures.data("USAccDeaths");
        Arima a = Arima.fit(y, new Arima.Spec(0, 1, 1, 0, 1, 1, 12, false)).orElseThrow();
        int h = 15, cut = 60;
        double[] prefix = Arrays.copyOf(y, cut);
        Arima.State s = a.state(prefix);
        assertArrayEquals(a.pointForecast(prefix, h), s.forecast(h), 1e-9, "state after the prefix = forecast from the prefix");
        EmpiricalIntervals.PastForecasts past = a.past(y, h);
        for (int t = cut; t < y.length - 1; t++) s = s.update(y[t]);
        double[] fromState = s.forecast(h);
        double[] direct = a.pointForecast(Arrays.copyOf(y, y.length - 1), h);
        for (int k = 1; k <= h; k++) {
            // the carried state uses the filter's gain at the end of the fit, the direct forecast the gain at each point
            // (not yet steady after 60 monthly points with a seasonal MA of -0.55: 1.1e-4 apart at step 9)
            assertEquals(direct[k - 1], fromState[k - 1], 5e-4 * Math.abs(direct[k - 1]), "step " + k);
            assertEquals(direct[k - 1], past.at(y.length - 2, k), 1e-6 * Math.abs(direct[k - 1]), "past at step " + k);
        }
        Arima.State gap = s.update(Double.NaN);
        assertEquals(fromState[1], gap.forecast(1)[0], 1e-9 * Math.abs(fromState[1]), "a missing point is the model's prediction, not zero");
        assertTrue(a.firstOrigin() == 13, "13 values before the first difference of (1 - B)(1 - B^12)");
    }

    @Test
    void theForecastersArimaMethodIsAutoArimaAndCarriesItsFitForward() throws IOException {
        double[] y = RFixtures.data("WWWusage");
        double sd = Stats.sd(y, 0, y.length);
        Map<String, Double> r = known("WWWusage.111.ML"); // auto.arima's choice on WWWusage (automaticChoiceIsAutoArimas)
        AutoForecaster f = new AutoForecaster(AutoForecaster.Options.defaults().withMethod(AutoForecaster.Method.ARIMA).withAnalyticIntervals(true));
        Fitted fitted = f.fit(y, 365L * 86_400, 10, 80); // a yearly step implies no season
        Forecast fc = (Forecast) fitted.result();
        assertEquals("ARIMA(1,1,1)", fc.method());
        for (int k = 1; k <= 10; k++) assertEquals(r.get("mean." + k), fc.meanAt(k - 1), 1e-3 * sd, "step " + k);
        Forecast carried = fitted.after(new double[] {y[y.length - 1] + 5}, 5).orElseThrow();
        double[] direct = Arima.fit(y, Arima.Spec.of(1, 1, 1, false)).orElseThrow().state(y).update(y[y.length - 1] + 5).forecast(5);
        for (int k = 1; k <= 5; k++) assertEquals(direct[k - 1], carried.meanAt(k - 1), 1e-9 * sd, "carried step " + k);
    }

    @Test
    void nonStationaryOrNonInvertibleRootsAreRejectedWithRsMargin() {
        assertTrue(Arima.rootsOutside(new double[] {0.5}, 1.01));
        assertTrue(!Arima.rootsOutside(new double[] {0.995}, 1.01), "root 1.005 is inside 1.01");
        assertTrue(!Arima.rootsOutside(new double[] {1.2, -0.1}, 1.01));
        // 1 - 1.5 z + 0.56 z^2 = (1 - 0.7 z)(1 - 0.8 z): roots 1.43, 1.25
        assertTrue(Arima.rootsOutside(new double[] {1.5, -0.56}, 1.01));
        assertTrue(!Arima.rootsOutside(new double[] {1.5, -0.56}, 1.3));
    }
}
