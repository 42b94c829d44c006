package dev.leptoid.forecast;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.leptoid.source.Series;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Refits: fitted on the history up to the last refit boundary, carried forward by filtering
 * between refits -- and the same forecast whether the fit was kept (a warm process) or made just
 * now (a cold one), which is what lets the backtest measure the Lambda.
 */
class RefitsTest {

    static final long STEP = 300;
    static final Duration HOUR = Duration.ofHours(1);

    /** A day-cycle with noise, a few days of 5-minute steps (fixed seed). */
    static double[] daily(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] y = new double[n];
        for (int t = 0; t < n; t++) y[t] = 50 + 20 * Math.sin(2 * Math.PI * t / 288.0) + 3 * r.nextGaussian();
        return y;
    }

    /** A forecaster that counts its fits. */
    static final class Counting implements Forecaster {
        final AutoForecaster inner = new AutoForecaster();
        int fits;

        @Override public ForecastResult forecast(double[] h, long s, int hz, double l) { fits++; return inner.forecast(h, s, hz, l); }

        @Override public Fitted fit(double[] h, long s, int hz, double l) { fits++; return inner.fit(h, s, hz, l); }
    }

    @Test
    void fitsOncePerIntervalAndCarriesTheFitForwardBetween() {
        double[] y = daily(288 * 4, 1);
        long start = 1_700_000_400L / 3600 * 3600; // an hour boundary
        Counting f = new Counting();
        Refits refits = new Refits();
        List<Forecast> seen = new ArrayList<>();
        for (int run = 0; run < 24; run++) { // two hours of 5-minute runs, a look-back of 3 days sliding with them
            int n = 288 * 3 + run;
            long last = start + (long) (n - 1) * STEP;
            seen.add(assertInstanceOf(Forecast.class, refits.forecast(f, "svc", last, HOUR, Arrays.copyOfRange(y, run, n), STEP, 12, 80)));
        }
        assertTrue(f.fits >= 2 && f.fits <= 3, "one fit per hour boundary crossed, got " + f.fits);
        assertEquals(24 - f.fits, refits.carried());
        // carried forecasts move with the new points
        assertNotEquals(seen.get(1).meanAt(0), seen.get(2).meanAt(0));
        assertTrue(seen.get(5).method().contains("filtered since"), seen.get(5).method());
    }

    @Test
    void aColdStartForecastsExactlyAsAWarmProcessThatKeptTheFit() {
        double[] y = daily(288 * 4, 2);
        long start = 1_700_000_400L / 3600 * 3600;
        Refits warm = new Refits();
        for (int run = 0; run < 20; run++) {
            int n = 288 * 3 + run;
            long last = start + (long) (n - 1) * STEP;
            double[] lookback = Arrays.copyOfRange(y, run, n); // slides with the runs
            Forecast w = (Forecast) warm.forecast(new AutoForecaster(), "svc", last, HOUR, lookback, STEP, 12, 80);
            Forecast cold = (Forecast) new Refits().forecast(new AutoForecaster(), "svc", last, HOUR, lookback, STEP, 12, 80);
            assertArrayEquals(w.mean(), cold.mean(), "run " + run);
            assertArrayEquals(w.upper(), cold.upper(), "run " + run);
        }
    }

    @Test
    void refitIntervalZeroFitsTheWholeHistoryAtEveryRun() {
        double[] y = daily(288 * 3, 3);
        long last = 1_700_000_400L + 1234 * STEP;
        Forecast r = (Forecast) new Refits().forecast(new AutoForecaster(), "svc", last, Refits.EVERY_RUN, y, STEP, 12, 80);
        Forecast direct = (Forecast) new AutoForecaster().forecast(y, STEP, 12, 80);
        assertArrayEquals(direct.mean(), r.mean());
        assertEquals(direct.method(), r.method());
    }

    @Test
    void tooLittleHistoryBeforeTheBoundaryFitsAllOfIt() {
        long last = 3600 * 1000 + 15 * STEP; // 16 points after the 2-hour boundary
        Counting f = new Counting();
        // 30 points: the fitted window is 30 - 24 (the most an interval adds) = 6 points, too few to fit
        assertInstanceOf(Forecast.class, new Refits().forecast(f, "svc", last, Duration.ofHours(2), daily(30, 4), STEP, 6, 80));
        assertEquals(2, f.fits, "a fit before the boundary (insufficient), then one on the whole history");
        // 20 points: shorter than an interval, nothing to fit before the boundary
        f.fits = 0;
        assertInstanceOf(Forecast.class, new Refits().forecast(f, "svc", last, Duration.ofHours(2), daily(20, 4), STEP, 6, 80));
        assertEquals(1, f.fits);
    }

    @Test
    void aGapAfterTheFitWidensTheBoundsAsTheFitMeasuredForThatDistance() {
        double[] y = daily(288 * 3, 5);
        Fitted fitted = new AutoForecaster().fit(y, STEP, 30, 80);
        Forecast none = fitted.after(new double[0], 12).orElseThrow();
        Forecast gap = fitted.after(new double[] {Double.NaN, Double.NaN, Double.NaN}, 12).orElseThrow();
        Forecast fit = (Forecast) fitted.result();
        for (int k = 0; k < 12; k++) {
            assertEquals(fit.upperAt(k) - fit.meanAt(k), none.upperAt(k) - none.meanAt(k), 1e-9);
            assertEquals(fit.upperAt(k + 3) - fit.meanAt(k + 3), gap.upperAt(k) - gap.meanAt(k), 1e-9);
        }
        assertTrue(fitted.after(new double[20], 12).isEmpty(), "beyond what the fit measured: no answer, refit");
    }

    @Test
    void anAutoregressionCarriedOverNewPointsForecastsAsItsStateAfterAllOfThem() {
        double[] y = new double[120];
        SplittableRandom r = new SplittableRandom(9);
        for (int t = 2; t < y.length; t++) y[t] = 5 + 1.3 * y[t - 1] - 0.6 * y[t - 2] + r.nextGaussian(); // a cycle, no season
        Ar ar = Ar.fit(Arrays.copyOf(y, 100)).orElseThrow();
        Fitted.Model carried = new Fitted.Filtered(ar.state(Arrays.copyOf(y, 100)));
        assertArrayEquals(ar.state(y).forecast(8), carried.mean(Arrays.copyOfRange(y, 100, 120), 8), 1e-9);
        double[] gap = Arrays.copyOfRange(y, 100, 120);
        gap[19] = Double.NaN; // the newest point unknown: predicted, never zero
        double[] before = ar.state(Arrays.copyOf(y, 119)).forecast(9);
        assertArrayEquals(Arrays.copyOfRange(before, 1, 9), carried.mean(gap, 8), 1e-9);
    }

    @Test
    void boundsMadeFromRelativeErrorsScaleWithTheCarriedMean() {
        Forecast atFit = new Forecast(new double[] {100, 100}, new double[] {90, 80}, new double[] {120, 130}, 80, "m");
        Fitted f = new Fitted(atFit, new Fitted.LastValues(new double[] {100}, 1), new double[] {0.1, 0.2}, new double[] {0.2, 0.3},
                true, true, 0);
        Forecast later = f.after(new double[] {200}, 2).orElseThrow();
        assertArrayEquals(new double[] {180, 160}, later.lower(), 1e-9);
        assertArrayEquals(new double[] {240, 260}, later.upper(), 1e-9);
    }

    /**
     * Accuracy: carrying the fit for up to an hour of 5-minute steps forecasts the bundled NAB
     * traces about as well as refitting at every step (rolling origins over the last day, one-hour
     * horizon): the mean MASE may not grow by more than 5 %.
     */
    @Test
    void carryingTheFitForAnHourCostsNoAccuracyOnTheNabTraces() throws Exception {
        double every = 0, carried = 0;
        for (String file : NabAccuracyTest.FILES.subList(0, 6)) {
            Series s = NabAccuracyTest.load(file);
            double[] y = s.values();
            AutoForecaster auto = new AutoForecaster();
            Refits refits = new Refits();
            double e = 0, c = 0;
            int origins = 0;
            int window = y.length - 288; // the look-back slides with the origins, as a run's does
            for (int cut = window; cut + 12 <= y.length; cut += 7) {
                double[] train = Arrays.copyOfRange(y, cut - window, cut), test = Arrays.copyOfRange(y, cut, cut + 12);
                long last = (long) (cut - 1) * STEP;
                Forecast a = (Forecast) auto.forecast(train, STEP, 12, 80);
                Forecast b = (Forecast) refits.forecast(auto, file, last, HOUR, train, STEP, 12, 80);
                e += Accuracy.mase(test, a.mean(), train, 288);
                c += Accuracy.mase(test, b.mean(), train, 288);
                origins++;
            }
            every += e / origins;
            carried += c / origins;
        }
        assertTrue(carried <= every * 1.05, "carried " + carried / 6 + " vs refit every run " + every / 6);
    }
}
