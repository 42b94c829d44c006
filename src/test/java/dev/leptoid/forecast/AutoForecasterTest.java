package dev.leptoid.forecast;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.BiConsumer;
import java.util.function.LongFunction;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class AutoForecasterTest {

    private final AutoForecaster forecaster = new AutoForecaster();

    /** Five-minute traffic with a daily cycle and noise, {@code days} long. */
    private static double[] dailyTraffic(int days, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] y = new double[days * 288];
        for (int t = 0; t < y.length; t++) y[t] = 100 + 40 * Math.sin(2 * Math.PI * t / 288) + 5 * rnd.nextGaussian();
        return y;
    }

    private static Forecast forecast(ForecastResult r) { return assertInstanceOf(Forecast.class, r); }

    @Test
    void forecastsAStrongDailyCycleWithItsSeasonAndSmallError() {
        double[] y = dailyTraffic(5, 1);
        double[] train = Arrays.copyOf(y, 4 * 288), test = Arrays.copyOfRange(y, 4 * 288, 5 * 288);
        Forecast f = forecast(forecaster.forecast(train, 300, 288, 80));
        assertTrue(f.method().contains("STL[288]"), f.method());
        assertTrue(Accuracy.mase(test, f.mean(), train, 288) < 0.9, "MASE " + Accuracy.mase(test, f.mean(), train, 288));
        assertTrue(Accuracy.coverage(test, f.lower(), f.upper()) > 0.6, "80% interval covers most actuals");
    }

    @Test
    void webTrafficWithDailyAndWeeklyCyclesUsesBothSeasonsAndBeatsSeasonalNaive() {
        SplittableRandom rnd = new SplittableRandom(7);
        double[] y = new double[22 * 288];
        for (int t = 0; t < y.length; t++) {
            double daily = 0.5 + 0.5 * Math.sin(2 * Math.PI * (t % 288 - 108) / 288.0);
            double weekly = (t / 288) % 7 >= 5 ? 0.55 : 1.0;
            y[t] = 1000 * (0.2 + daily * weekly) * (1 + 0.08 * rnd.nextGaussian());
        }
        double[] train = Arrays.copyOf(y, 21 * 288), test = Arrays.copyOfRange(y, 21 * 288, y.length);
        Forecast f = forecast(forecaster.forecast(train, 300, 288, 80));
        assertTrue(f.method().contains("STL[288, 2016]"), f.method());
        double auto = Accuracy.mase(test, f.mean(), train, 288);
        double snaive = Accuracy.mase(test, AutoForecaster.seasonalNaive(train, 288, 288, 80).mean(), train, 288);
        assertTrue(auto < 0.8 * snaive, "auto " + auto + " vs seasonal naive " + snaive);
    }

    @Test
    void noiseWithoutSeasonIsForecastByPlainEts() {
        SplittableRandom rnd = new SplittableRandom(2);
        double[] y = new double[3 * 288];
        for (int t = 0; t < y.length; t++) y[t] = 50 + rnd.nextGaussian();
        Forecast f = forecast(forecaster.forecast(y, 300, 12, 80));
        assertTrue(f.method().startsWith("ETS(") && !f.method().contains("STL"), f.method());
        for (double m : f.mean()) assertEquals(50, m, 0.5);
    }

    @Test
    void intervalsContainTheMeanAndWidenWithHorizon() {
        Forecast f = forecast(forecaster.forecast(dailyTraffic(3, 3), 300, 288, 90));
        for (int k = 0; k < f.horizon(); k++) {
            assertTrue(f.lowerAt(k) <= f.meanAt(k) && f.meanAt(k) <= f.upperAt(k), "ordered at " + k);
            if (k > 0) assertTrue(f.upperAt(k) - f.lowerAt(k) >= f.upperAt(k - 1) - f.lowerAt(k - 1) - 1e-9, "widening at " + k);
        }
        assertEquals(90, f.level());
    }

    @Test
    void aHistoryThatNeverWentNegativeIsNotForecastNegative() {
        SplittableRandom rnd = new SplittableRandom(9);
        double[] y = new double[500];
        for (int t = 0; t < y.length; t++) y[t] = rnd.nextDouble() < 0.9 ? 0 : 50 * rnd.nextDouble(); // spiky counts
        Forecast f = forecast(forecaster.forecast(y, 300, 100, 95));
        for (int k = 0; k < 100; k++) assertTrue(f.lowerAt(k) >= 0 && f.meanAt(k) >= 0, "non-negative at " + k);
    }

    @Test
    void gapsAreNotZeros() {
        double[] y = new double[200];
        Arrays.fill(y, 100);
        for (int t = 50; t < 60; t++) y[t] = Double.NaN;
        for (int t = 120; t < 160; t++) y[t] = Double.NaN;
        Forecast f = forecast(forecaster.forecast(y, 3600, 5, 80));
        for (double m : f.mean()) assertEquals(100, m, 1e-6);
    }

    @Test
    void leadingGapsAreDroppedAndTrailingGapsStillCountAsSteps() {
        double[] y = new double[320]; // value = phase of a 10-step saw; 10 leading and 3 trailing gaps
        for (int t = 0; t < y.length; t++) y[t] = t < 10 || t >= 317 ? Double.NaN : t % 10;
        AutoForecaster f10 = new AutoForecaster(AutoForecaster.Options.defaults().withPeriods(List.of(10)));
        Forecast f = forecast(f10.forecast(y, 60, 5, 80));
        assertEquals(5, f.horizon());
        for (int k = 0; k < 5; k++)
            assertEquals((320 + k) % 10, f.meanAt(k), 0.3, "step " + k + " is at index " + (320 + k) + ", after the last timestamp");
    }

    @Test
    void tooLittleHistoryIsAResultNotACrash() {
        double[] y = {1, 2, Double.NaN, 3, 4, Double.NaN, Double.NaN};
        InsufficientHistory r = assertInstanceOf(InsufficientHistory.class, forecaster.forecast(y, 300, 12, 80));
        assertTrue(r.reason().contains("only 5 usable points"), r.reason());
        assertInstanceOf(InsufficientHistory.class, forecaster.forecast(new double[] {Double.NaN, Double.NaN}, 300, 1, 80));
        assertInstanceOf(InsufficientHistory.class, forecaster.forecast(new double[0], 300, 1, 80));
    }

    @Test
    void constantNegativeAndZeroDataDoNotBreakIt() {
        double[] flat = new double[600];
        Forecast f = forecast(forecaster.forecast(flat, 300, 10, 80));
        for (int k = 0; k < 10; k++) assertTrue(Double.isFinite(f.meanAt(k)) && Math.abs(f.meanAt(k)) < 1e-9);
        double[] neg = dailyTraffic(3, 4);
        for (int t = 0; t < neg.length; t++) neg[t] -= 150;
        assertTrue(Arrays.stream(forecast(forecaster.forecast(neg, 300, 10, 80)).mean()).allMatch(Double::isFinite));
    }

    @Test
    void isDeterministic() {
        double[] y = dailyTraffic(3, 5);
        Forecast a = forecast(forecaster.forecast(y, 300, 288, 80));
        Forecast b = forecast(new AutoForecaster().forecast(y, 300, 288, 80));
        assertArrayEquals(a.mean(), b.mean());
        assertArrayEquals(a.upper(), b.upper());
    }

    @Test
    void periodsComeFromTheStepAndCanBeOverridden() {
        assertEquals(List.of(288, 2016), AutoForecaster.inferPeriods(300));
        assertEquals(List.of(24, 168), AutoForecaster.inferPeriods(3600));
        assertEquals(List.of(7, 365), AutoForecaster.inferPeriods(86_400));
        assertEquals(List.of(52), AutoForecaster.inferPeriods(7 * 86_400));
        assertEquals(List.of(12), AutoForecaster.inferPeriods(31 * 86_400));
        assertEquals(List.of(4), AutoForecaster.inferPeriods(91 * 86_400));
        assertEquals(List.of(), AutoForecaster.inferPeriods(365 * 86_400));
        double[] y = new double[400];
        for (int t = 0; t < y.length; t++) y[t] = 10 + 5 * Math.sin(2 * Math.PI * t / 20);
        AutoForecaster custom = new AutoForecaster(AutoForecaster.Options.defaults().withPeriods(List.of(20)));
        Forecast f = forecast(custom.forecast(y, 300, 20, 80));
        assertTrue(f.method().contains("STL[20]"), f.method());
        for (int k = 0; k < 20; k++) assertEquals(y[380 + k], f.meanAt(k), 0.1);
    }

    /** An AR(2) cycle of about 10 steps around 1,000 (the shape of R's lynx), fixed seed. */
    private static double[] cycle(int n, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] y = new double[n];
        double a = 2 * 0.9 * Math.cos(2 * Math.PI / 10), b = -0.81;
        for (int t = 0; t < n; t++) y[t] = 1000 + (t > 1 ? a * (y[t - 1] - 1000) + b * (y[t - 2] - 1000) : 0) + 50 * rnd.nextGaussian();
        return y;
    }

    /** How often the default forecaster chose a method, and the mean MASE of it and of a baseline, over 10 seeds. */
    private record Duel(int chosen, double auto, double baseline) {}

    /**
     * For seeds 1..10: the series' last {@code h} points forecast from the others by the default
     * forecaster and by {@code baseline} (each pair also given to {@code check}); counts the seeds whose
     * default method {@code chosen} accepts, and averages each one's MASE scaled by {@code season}.
     */
    private Duel duel(LongFunction<double[]> series, int h, long step, int season, AutoForecaster baseline,
                      Predicate<String> chosen, BiConsumer<Forecast, Forecast> check) {
        double auto = 0, base = 0;
        int count = 0;
        for (long seed = 1; seed <= 10; seed++) {
            double[] y = series.apply(seed), train = Arrays.copyOf(y, y.length - h), test = Arrays.copyOfRange(y, y.length - h, y.length);
            Forecast f = forecast(forecaster.forecast(train, step, h, 80)), b = forecast(baseline.forecast(train, step, h, 80));
            check.accept(f, b);
            if (chosen.test(f.method())) count++;
            auto += Accuracy.mase(test, f.mean(), train, season) / 10;
            base += Accuracy.mase(test, b.mean(), train, season) / 10;
        }
        return new Duel(count, auto, base);
    }

    @Test
    void aCycleWithoutSeasonInYearlyDataIsForecastByAnAutoregressionBetterThanByEts() {
        long year = 365 * 86_400L;
        AutoForecaster ets = new AutoForecaster(AutoForecaster.Options.defaults().withMethod(AutoForecaster.Method.ETS));
        Duel d = duel(seed -> cycle(110, seed), 10, year, 1, ets, m -> m.startsWith("AR("), (f, e) -> { });
        assertTrue(d.chosen() >= 8, d.chosen() + " of 10 chose AR");
        assertTrue(d.auto() < 0.8 * d.baseline(), "auto " + d.auto() + " vs ETS " + d.baseline());
    }

    /**
     * Sub-daily data without a usable season meet AR only through errors refitted at past origins (up to the
     * cross-validation's 500 points): chosen by its own past forecasts AR flatters itself, and on NAB that raised
     * the mean MASE from 0.547 to 0.659; refitted, it wins where it forecasts better (the short-series test below).
     */
    @Test
    void subDailyDataWithoutAUsableSeasonAreGivenAnAutoregressionOnlyByRefittedErrors() {
        double[] y = cycle(200, 1); // under a day of 5-minute points: the daily period is unusable
        Forecast f = forecast(forecaster.forecast(y, 300, 12, 80));
        assertTrue(f.method().contains("from 20 origins, refitted ETS("), f.method());
        double[] longer = cycle(600, 1); // 13-minute steps imply no season; over 500 points: no refitted choice
        assertTrue(forecast(forecaster.forecast(longer, 780, 12, 80)).method().startsWith("ETS("), "sub-daily, not refitted: ETS");
        assertTrue(forecast(forecaster.forecast(longer, 365 * 86_400L, 12, 80)).method().startsWith("AR("), "a yearly step offers AR");
    }

    @Test
    void badArgumentsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> forecaster.forecast(new double[20], 300, 0, 80));
        assertThrows(IllegalArgumentException.class, () -> forecaster.forecast(new double[20], 300, 1, 100));
    }

    @Test
    void everyMethodAnswers() {
        double[] y = dailyTraffic(3, 6);
        for (AutoForecaster.Method m : AutoForecaster.Method.values()) {
            Forecast f = forecast(new AutoForecaster(AutoForecaster.Options.defaults().withMethod(m)).forecast(y, 300, 24, 80));
            assertEquals(24, f.horizon(), m.label());
        }
    }

    /** Daily counts with a weekly cycle (weekends at 60 %), a slow drift and 5 % noise. */
    private static double[] dailyCounts(int days, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] y = new double[days];
        double level = 1000;
        for (int t = 0; t < days; t++) {
            level += 2 * rnd.nextGaussian();
            y[t] = level * (t % 7 >= 5 ? 0.6 : 1.0 + 0.05 * (t % 7)) * (1 + 0.05 * rnd.nextGaussian());
        }
        return y;
    }

    @Test
    void dailyCountsWithAWeeklyCycleGetAWeeklySeasonAndBeatSeasonalNaive() {
        double[] y = dailyCounts(400, 11);
        double[] train = Arrays.copyOf(y, 372), test = Arrays.copyOfRange(y, 372, 400);
        Forecast f = forecast(forecaster.forecast(train, 86_400, 28, 80));
        assertTrue(f.method().startsWith("ETS(") && f.method().contains("[7]") || f.method().contains("STL[7"), f.method());
        double auto = Accuracy.mase(test, f.mean(), train, 7);
        double snaive = Accuracy.mase(test, AutoForecaster.seasonalNaive(train, 7, 28, 80).mean(), train, 7);
        assertTrue(auto < snaive, "auto " + auto + " vs seasonal naive " + snaive);
    }

    @Test
    void hourlyDataWithADailyCycleIsOfferedASeasonalStateSpaceModel() {
        SplittableRandom rnd = new SplittableRandom(12);
        double[] y = new double[30 * 24];
        for (int t = 0; t < y.length; t++) y[t] = 200 + 80 * Math.sin(2 * Math.PI * t / 24) + 10 * rnd.nextGaussian();
        Forecast f = forecast(forecaster.forecast(y, 3600, 24, 80));
        assertTrue(f.method().contains("ETS(A,N,A)[24]") || f.method().contains("ETS(A,Ad,A)[24]"),
                "a seasonal ETS model of the day is among the candidates: " + f.method());
        Forecast ets = forecast(new AutoForecaster(AutoForecaster.Options.defaults().withMethod(AutoForecaster.Method.ETS))
                .forecast(y, 3600, 24, 80));
        assertTrue(ets.method().endsWith("[24]"), "the ets method on hourly data is seasonal: " + ets.method());
        for (int k = 0; k < 24; k++) assertEquals(200 + 80 * Math.sin(2 * Math.PI * (720 + k) / 24), ets.meanAt(k), 15, "step " + (k + 1));
    }

    @Test
    void theCombinationIsTheMeanOfEtsAndStlEts() {
        double[] y = dailyCounts(200, 13);
        AutoForecaster.Options o = AutoForecaster.Options.defaults().withAnalyticIntervals(true);
        Forecast ets = forecast(new AutoForecaster(o.withMethod(AutoForecaster.Method.ETS)).forecast(y, 86_400, 14, 80));
        Forecast stl = forecast(new AutoForecaster(o.withMethod(AutoForecaster.Method.STL_ETS)).forecast(y, 86_400, 14, 80));
        Forecast both = forecast(new AutoForecaster(o.withMethod(AutoForecaster.Method.COMBINATION)).forecast(y, 86_400, 14, 80));
        for (int k = 0; k < 14; k++) assertEquals((ets.meanAt(k) + stl.meanAt(k)) / 2, both.meanAt(k), 1e-9 * ets.meanAt(k));
        assertTrue(both.method().startsWith("mean(ETS("), both.method());
    }

    /** Quarterly data: a season of 4 (amplitude 100) on an AR(2) cycle of about 10 steps around 1,000, fixed seed. */
    private static double[] seasonOnACycle(int n, long seed) {
        double[] y = cycle(n, seed);
        for (int t = 0; t < n; t++) y[t] += 100 * new double[] {1, -0.5, -1, 0.5}[t % 4];
        return y;
    }

    /** Quarterly data: a season of 4 on a random-walk level with noise (what seasonal ETS models), fixed seed. */
    private static double[] seasonOnALevel(int n, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] y = new double[n];
        double level = 1000;
        for (int t = 0; t < n; t++) {
            level += 20 * rnd.nextGaussian();
            y[t] = level + 100 * new double[] {1, -0.5, -1, 0.5}[t % 4] + 30 * rnd.nextGaussian();
        }
        return y;
    }

    private static final long QUARTER = 91 * 86_400L;

    @Test
    void aCycleBesideAShortSeasonIsChosenByRefittedErrorsWhereAiccSeesOnlyEts() {
        AutoForecaster aicc = new AutoForecaster(AutoForecaster.Options.defaults().withCrossValidateUpTo(0));
        Duel d = duel(seed -> seasonOnACycle(108, seed), 8, QUARTER, 4, aicc, m -> m.startsWith("AR(") || m.contains(", AR("),
                (f, a) -> {
                    assertTrue(a.method().startsWith("ETS(") || a.method().startsWith("mean(ETS("), "AICc offers ETS models only: " + a.method());
                    assertTrue(f.method().contains("refitted"), f.method());
                });
        assertTrue(d.chosen() >= 7, d.chosen() + " of 10 chose AR or its mean with ETS");
        assertTrue(d.auto() < 0.9 * d.baseline(), "auto " + d.auto() + " vs the AICc choice " + d.baseline());
    }

    @Test
    void aSeasonOnAWanderingLevelKeepsEtsAsGoodAsTheAiccChoice() {
        AutoForecaster aicc = new AutoForecaster(AutoForecaster.Options.defaults().withCrossValidateUpTo(0));
        Duel d = duel(seed -> seasonOnALevel(108, seed), 8, QUARTER, 4, aicc, m -> m.startsWith("ETS("), (f, a) -> { });
        assertTrue(d.chosen() >= 5, d.chosen() + " of 10 kept ETS alone");
        assertTrue(d.auto() <= 1.1 * d.baseline(), "auto " + d.auto() + " vs the AICc choice " + d.baseline());
    }

    @Test
    void crossValidationIsOnlyForSeriesUpToItsLine() {
        double[] y = seasonOnACycle(100, 3);
        AutoForecaster.Options o = AutoForecaster.Options.defaults();
        assertTrue(forecast(new AutoForecaster(o.withCrossValidateUpTo(100)).forecast(y, QUARTER, 8, 80)).method().contains("refitted"));
        Forecast off = forecast(new AutoForecaster(o.withCrossValidateUpTo(99)).forecast(y, QUARTER, 8, 80));
        assertTrue(!off.method().contains("refitted") && !off.method().contains("AR("), off.method());
        // no season (yearly): ETS, AR and their mean refitted at past origins up to the line, by past errors beyond it
        assertTrue(forecast(new AutoForecaster(o.withCrossValidateUpTo(100)).forecast(y, YEAR, 8, 80)).method().contains("refitted"));
        Forecast yearlyOff = forecast(new AutoForecaster(o.withCrossValidateUpTo(99)).forecast(y, YEAR, 8, 80));
        assertTrue(!yearlyOff.method().contains("refitted") && (yearlyOff.method().contains("steps ahead on the history")
                || yearlyOff.method().contains("AICc of one-step errors")), yearlyOff.method());
    }

    private static final long YEAR = 365 * 86_400L;

    /**
     * Yearly series (R's datasets of holdout4, never used to design the choice): choosing ETS, AR or their mean by
     * refitted errors at past origins forecasts the last 3 x 10 years better on the mean than choosing ETS or AR by
     * the past forecasts of models fitted on the whole history, which flatter their own past (AR's most).
     */
    @Test
    void yearlyDataChosenByRefittedErrorsForecastsBetterThanByTheHistorysOwnPastForecasts() throws Exception {
        AutoForecaster byPast = new AutoForecaster(AutoForecaster.Options.defaults().withCrossValidateUpTo(0));
        double refitted = 0, past = 0;
        int n = 0;
        try (var files = Files.list(Path.of("src/test/resources/forecast/rdatasets/holdout4/yearly"))) {
            for (Path f : files.sorted().toList()) {
                double[] y = values(f);
                for (int origin = y.length - 30; origin < y.length; origin += 10) {
                    double[] x = Arrays.copyOf(y, origin), actual = Arrays.copyOfRange(y, origin, origin + 10);
                    refitted += mase(forecast(forecaster.forecast(x, YEAR, 10, 80)), actual, x, 1); // against the one-step naive
                    past += mase(forecast(byPast.forecast(x, YEAR, 10, 80)), actual, x, 1);
                    n++;
                }
            }
        }
        assertTrue(n >= 60, n + " forecasts");
        assertTrue(refitted < past, "mean MASE refitted " + refitted / n + " vs by past forecasts " + past / n);
    }

    /**
     * Hourly data whose weekly season is strong (issue 18 part 6, the shapes holdout): no seasonal ETS model can
     * represent a 168-hour season, so the short-season choice (seasonal ETS with m = 24, or its mean with STL,
     * by AICc) forecast the week at half its size or not at all. Such data now take the long-season path, STL on
     * the strong seasons + ETS. On NYC taxi's two 12-week hourly windows (real data, 3 origins a day apart, as
     * {@code evaluate --origins 3}) that forecasts the next day better than either short-season method.
     */
    @Test
    void hourlyDataWithAStrongWeeklySeasonIsForecastByStlOnItsSeasons() throws Exception {
        long hour = 3_600;
        AutoForecaster ets = new AutoForecaster(AutoForecaster.Options.defaults().withMethod(AutoForecaster.Method.ETS));
        AutoForecaster mean = new AutoForecaster(AutoForecaster.Options.defaults().withMethod(AutoForecaster.Method.COMBINATION));
        double auto = 0, byEts = 0, byMean = 0;
        int n = 0;
        for (String w : List.of("nyc_taxi_hourly_w0.csv", "nyc_taxi_hourly_w1.csv")) {
            Path f = Path.of("src/test/resources/forecast/rdatasets/shapes/hourly", w);
            double[] y = values(f);
            for (int origin = y.length - 72; origin < y.length; origin += 24) {
                double[] x = Arrays.copyOf(y, origin), actual = Arrays.copyOfRange(y, origin, origin + 24);
                Forecast a = forecast(forecaster.forecast(x, hour, 24, 80));
                assertTrue(a.method().startsWith("ETS(") && a.method().contains("+STL[24, 168]"), a.method());
                auto += mase(a, actual, x, 24); // against the seasonal naive of the day
                byEts += mase(forecast(ets.forecast(x, hour, 24, 80)), actual, x, 24);
                byMean += mase(forecast(mean.forecast(x, hour, 24, 80)), actual, x, 24);
                n++;
            }
        }
        assertEquals(6, n);
        assertTrue(auto < byEts && auto < byMean, String.format(Locale.ROOT,
                "mean MASE auto %.3f, seasonal ETS %.3f, its mean with STL %.3f", auto / n, byEts / n, byMean / n));
    }

    /**
     * A day of 5-minute data (fewer than two cycles of the day, so no usable season; the shapes holdout's short
     * group, 43 one-day windows of the CloudWatch traces): ETS, AR and their mean refitted at past origins
     * choose better than ETS alone, as on yearly data -- the autocorrelation of a season that cannot yet be
     * estimated is what AR models. Same origins as {@code evaluate --origins 3}, MASE against the one-step naive.
     */
    @Test
    void aShortSubDailySeriesWithoutAUsableSeasonIsChosenByRefittedErrorsAmongEtsAndAr() throws Exception {
        AutoForecaster etsAlone = new AutoForecaster(AutoForecaster.Options.defaults().withCrossValidateUpTo(0));
        double refitted = 0, ets = 0;
        int n = 0, ar = 0;
        try (var files = Files.list(Path.of("src/test/resources/forecast/rdatasets/shapes/short"))) {
            for (Path f : files.sorted().toList()) {
                double[] y = values(f);
                for (int origin = y.length - 36; origin < y.length; origin += 12) {
                    double[] x = Arrays.copyOf(y, origin), actual = Arrays.copyOfRange(y, origin, origin + 12);
                    Forecast chosen = forecast(forecaster.forecast(x, 300, 12, 80));
                    if (chosen.method().contains("AR(")) ar++;
                    refitted += mase(chosen, actual, x, 1);
                    ets += mase(forecast(etsAlone.forecast(x, 300, 12, 80)), actual, x, 1);
                    n++;
                }
            }
        }
        assertTrue(n >= 120, n + " forecasts");
        assertTrue(ar > 0, "AR never chosen");
        assertTrue(refitted < ets, String.format(Locale.ROOT, "mean MASE refitted choice %.3f vs ETS alone %.3f", refitted / n, ets / n));
    }

    /** MASE of {@code f}'s mean over {@code actual}, scaled by the seasonal naive (period m) error on {@code train}. */
    private static double mase(Forecast f, double[] actual, double[] train, int m) {
        return Accuracy.mase(actual, f.mean(), train, m);
    }

    /** The values of a timestamp,value CSV among the test resources. */
    private static double[] values(Path f) throws IOException, TimeSeriesCsv.BadInput {
        try (BufferedReader in = Files.newBufferedReader(f)) {
            return TimeSeriesCsv.read(f.toString(), in, TimeSeriesCsv.MAX_POINTS).series().values();
        }
    }

    @Test
    void aCrossValidatedMeanOfEtsAndArIsCarriedForwardAsItForecasts() {
        for (long seed = 1; seed <= 10; seed++) {
            double[] y = seasonOnACycle(100, seed);
            Fitted fit = forecaster.fit(y, QUARTER, 8, 80);
            Forecast f = forecast(fit.result());
            if (!f.method().startsWith("mean(ETS(") || !f.method().contains(", AR(")) continue;
            Forecast carried = fit.after(new double[0], 8).orElseThrow();
            for (int k = 0; k < 8; k++) {
                assertEquals(f.meanAt(k), carried.meanAt(k), 1e-9 * Math.abs(f.meanAt(k)), "step " + (k + 1));
                assertEquals(f.upperAt(k), carried.upperAt(k), 1e-9 * Math.abs(f.upperAt(k)), "step " + (k + 1));
            }
            return;
        }
        throw new AssertionError("no seed chose the mean of ETS and AR");
    }
}
