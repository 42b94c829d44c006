package dev.leptoid.forecast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ThetaTest {

    /** The keys tools/r/theta-known-answers.R wrote for one series (R forecast 8.20's thetaf()). */
    private static Map<String, Double> known(String series) throws IOException {
        return RFixtures.keys("theta-known-answers.csv", series);
    }

    /**
     * Same season test, same drift (a least-squares slope: to 1e-9 relative), SES's alpha within
     * 0.01 (both optimise the same criterion; R's Nelder-Mead stops earlier) and point forecasts
     * within 0.5 % of the series' standard deviation at every step of two seasons (10 steps without);
     * with the R-like fit and with the fast one (the initial level profiled out: exact for ETS(A,N,N)),
     * which the forecaster uses.
     */
    @ParameterizedTest
    @ValueSource(strings = {"AirPassengers", "USAccDeaths", "UKgas", "WWWusage", "Nile"})
    void pointForecastsAgreeWithRsThetaf(String series) throws IOException {
        double[] y = RFixtures.data(series);
        Map<String, Double> r = known(series);
        int period = r.get("period").intValue(), h = 2 * Math.max(period, 5);
        for (Ets fitter : new Ets[] {Ets.exact(), Ets.fast()}) agrees(series, y, r, period, h, Theta.fit(y, period, fitter).orElseThrow());
    }

    private static void agrees(String series, double[] y, Map<String, Double> r, int period, int h, Theta theta) {
        assertEquals(r.get("seasonal") == 1, theta.figure() != null, series + " season test");
        assertEquals(r.get("drift"), theta.drift(), 1e-9 * Math.abs(r.get("drift")), series + " drift");
        assertEquals(r.get("alpha"), theta.ses().alpha(), 0.01, series + " alpha");
        double tol = 0.005 * Stats.sd(y, 0, y.length);
        double[] mu = theta.pointForecast(h);
        for (int k = 1; k <= h; k++) assertEquals(r.get("mean." + k), mu[k - 1], tol, series + " mean step " + k);
    }

    /** R's test needs more than two cycles, and then enough of them: Bartlett's error of a smooth cycle's lags is large. */
    @Test
    void noSeasonIsTestedWithoutTwoFullCycles() {
        double[] y = new double[24];
        for (int t = 0; t < y.length; t++) y[t] = 10 + 5 * Math.sin(2 * Math.PI * t / 12);
        assertFalse(Theta.seasonal(y, 12));
        double[] longer = new double[120];
        for (int t = 0; t < longer.length; t++) longer[t] = 10 + 5 * Math.sin(2 * Math.PI * t / 12);
        assertTrue(Theta.seasonal(longer, 12));
    }

    @Test
    void carriedForwardOverNewPointsItForecastsAsAFitThatSawThemWithTheSameParameters() throws IOException {
        double[] y = RFixtures.data("USAccDeaths");
        int cut = y.length - 5;
        double[] head = Arrays.copyOf(y, cut), tail = Arrays.copyOfRange(y, cut, y.length);
        Theta theta = Theta.fit(head, 12, Ets.exact()).orElseThrow();
        double[] carried = theta.after(tail, 12);
        double[][] states = theta.ses().filteredStates(divided(y, theta.figure()));
        for (int k = 1; k <= 12; k++) {
            double level = states[0][y.length - 1];
            double a = theta.ses().alpha();
            double expected = (level + theta.drift() * (k - 1 + (1 - Math.pow(1 - a, y.length)) / a)) * theta.figure()[(y.length - 1 + k) % 12];
            assertEquals(expected, carried[k - 1], 1e-9 * Math.abs(expected), "step " + k);
        }
    }

    @Test
    void theForecastersThetaMethodIsThisFitAndIsCarriedForwardByRefits() throws IOException {
        double[] y = RFixtures.data("USAccDeaths");
        int cut = y.length - 5;
        double[] head = Arrays.copyOf(y, cut), tail = Arrays.copyOfRange(y, cut, y.length);
        AutoForecaster f = new AutoForecaster(AutoForecaster.Options.defaults().withMethod(AutoForecaster.Method.THETA));
        Fitted fitted = f.fit(head, 30 * 86_400L, 12, 80);
        Theta theta = Theta.fit(head, 12, Ets.fast()).orElseThrow();
        Forecast atFit = (Forecast) fitted.result();
        assertEquals("Theta[12]", atFit.method());
        double[] mu = theta.pointForecast(12);
        for (int k = 0; k < 12; k++) assertEquals(mu[k], atFit.meanAt(k), 1e-9 * mu[k], "step " + (k + 1));
        double[] carried = theta.after(tail, 7), later = fitted.after(tail, 7).orElseThrow().mean();
        for (int k = 0; k < 7; k++) assertEquals(carried[k], later[k], 1e-9 * carried[k], "carried step " + (k + 1));
    }

    private static double[] divided(double[] y, double[] figure) {
        double[] z = y.clone();
        for (int t = 0; t < z.length; t++) z[t] /= figure[t % figure.length];
        return z;
    }
}
