package dev.leptoid.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code evaluate} on monthly series of R's datasets package, data the forecaster was not tuned
 * on, beside R forecast 8.20's forecasts from the same origins (tools/r/r-datasets-evaluation.R).
 */
class EvaluateRDatasetsTest {

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(EvaluateRDatasetsTest.class.getResource("/forecast/rdatasets/" + name).toURI());
    }

    /** Runs {@code evaluate} on one group; the output's text. */
    private static String evaluate(String group, int horizon) throws Exception {
        return evaluate(List.of("--horizon", "" + horizon, "--origins", "3",
                "--reference", resource("r-forecasts-" + group.replace('/', '-') + ".csv").toString(), resource(group).toString()));
    }

    private static String evaluate(List<String> args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        List<String> argv = new ArrayList<>(List.of("evaluate"));
        argv.addAll(args);
        int code = new Main(List.of(new EvaluateCommand())).run(argv,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }

    /** The "mean" row of the accuracy table by column name. */
    private static Map<String, Double> means(String text) {
        List<String> lines = text.lines().toList();
        String[] names = lines.get(0).trim().split("\\s+");
        String[] means = lines.stream().filter(l -> l.startsWith("mean ")).findFirst().orElseThrow().trim().split("\\s+");
        Map<String, Double> mean = new HashMap<>();
        for (int i = 2; i < names.length - 1; i++) mean.put(names[i], Double.parseDouble(means[i - 1]));
        return mean;
    }

    /** From the comparison line: {R best per series mean, worst auto / R best}. */
    private static double[] againstRsBest(String text) {
        Matcher m = Pattern.compile("mean MASE ([0-9.]+); auto at least as good on \\d+ of \\d+ series; worst auto / R's best ([0-9.]+)")
                .matcher(text);
        assertTrue(m.find(), text);
        return new double[] {Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2))};
    }

    @Test
    void onYearlySeriesWithoutSeasonAutoBeatsRsBestMethodPerSeries() throws Exception {
        String text = evaluate("yearly", 10);
        double[] best = againstRsBest(text);
        assertTrue(means(text).get("auto") <= best[0], text);
        assertTrue(best[1] < 1.2, text);
        assertTrue(text.contains("lynx.csv") && text.lines().filter(l -> l.startsWith("lynx.csv")).findFirst().orElseThrow().contains("AR("), text);
    }

    @Test
    void rsBestPerSeriesSkipsAMethodWithoutForecasts() throws Exception {
        String text = evaluate("holdout/yearly", 10); // R's ets is best on two of these series, and stlf is NaN (no season)
        assertEquals(bestPerSeries(text), againstRsBest(text)[0], 0.0015, text);
    }

    @Test
    void holdout4ReferenceCarriesThetafAsAColumnButNotAsOneOfRsAutomaticMethods() throws Exception {
        String text = evaluate("holdout4/yearly", 10); // 28 series; R's thetaf beats its ets and auto.arima on some (ChickEgg_egg)
        assertTrue(text.lines().findFirst().orElseThrow().contains("R:thetaf"), text);
        assertEquals(28, text.lines().takeWhile(l -> !l.startsWith("mean ")).skip(1).filter(l -> !l.startsWith(" ")).count(), text);
        assertEquals(bestPerSeries(text), againstRsBest(text)[0], 0.0015, text);
    }

    /** The mean over the table's series of the smallest of their R:ets, R:stlf, R:arima (R:tbats) columns that is a number. */
    private static double bestPerSeries(String text) {
        List<String> names = List.of(text.lines().findFirst().orElseThrow().trim().split("\\s+"));
        double sum = 0;
        int n = 0;
        for (String line : text.lines().takeWhile(l -> !l.startsWith("mean ")).skip(1).filter(l -> !l.startsWith(" ")).toList()) {
            String[] f = line.trim().split("\\s+");
            double best = Double.NaN;
            for (String m : List.of("R:ets", "R:stlf", "R:arima", "R:tbats")) {
                if (!names.contains(m)) continue;
                double v = Double.parseDouble(f[names.indexOf(m)]);
                if (!Double.isNaN(v) && !(v >= best)) best = v;
            }
            sum += best;
            n++;
        }
        return sum / n;
    }

    @Test
    void aDayOf5MinuteHistoryIsScaledByTheOneStepNaiveErrorSoEverySeriesHasAScore() throws Exception {
        String text = evaluate("shapes/short", 12); // 288 points at 300 s: the inferred day (288) has no cycle before the origins
        List<String> names = List.of(text.lines().findFirst().orElseThrow().trim().split("\\s+"));
        List<String> rows = text.lines().takeWhile(l -> !l.startsWith("mean ")).skip(1).filter(l -> !l.startsWith(" ")).toList();
        assertTrue(rows.size() >= 40, text);
        for (String row : rows)
            for (String m : List.of("naive", "auto", "R:ets", "R:arima"))
                assertTrue(Double.isFinite(Double.parseDouble(row.trim().split("\\s+")[names.indexOf(m)])), m + ": " + row);
        Map<String, Double> mean = means(text);
        assertTrue(Double.isFinite(mean.get("auto")) && Double.isFinite(mean.get("naive")) && Double.isFinite(mean.get("R:ets")), text);
        assertEquals(1, EvaluateCommand.scalePeriod(List.of(288, 2016), 252));
        assertEquals(1, EvaluateCommand.scalePeriod(List.of(288, 2016), 288));
        assertEquals(288, EvaluateCommand.scalePeriod(List.of(288, 2016), 379)); // iio_...NetworkIn before 3 day-long origins: as before
        assertEquals(7, EvaluateCommand.scalePeriod(List.of(7, 365), 150));
    }

    @Test
    void onDailyCountsWithAWeeklyCycleAutoIsAtLeastAsGoodAsEachOfRsMethodsAndWithin20PercentOfRsBestPerSeries() throws Exception {
        String text = evaluate("shapes/daily", 14); // the fifth holdout's daily group (tools/r/shapes.R): taxi rides, L-train riders, web hits
        Map<String, Double> mean = means(text);
        double auto = mean.get("auto");
        assertTrue(auto <= mean.get("R:ets") && auto <= mean.get("R:stlf") && auto <= mean.get("R:arima"), "auto vs R: " + mean);
        assertTrue(auto < mean.get("snaive"), "auto vs seasonal naive (issue 18: about as good as it before): " + mean);
        double[] best = againstRsBest(text);
        assertEquals(bestPerSeries(text), best[0], 0.0015, text);
        assertTrue(best[1] < 1.2, text);
    }

    @Test
    void onBusinessDaySeriesAutoBeatsEachOfRsMethodsAndStaysWithin20PercentOfRsBestPerSeries() throws Exception {
        String text = evaluate("daily", 20);
        Map<String, Double> mean = means(text);
        double auto = mean.get("auto");
        assertTrue(auto <= mean.get("R:ets") && auto <= mean.get("R:stlf") && auto <= mean.get("R:arima"), "auto vs R: " + mean);
        assertTrue(againstRsBest(text)[1] < 1.2, text);
    }

    @Test
    void onMonthlySeriesAutoBeatsTheOldStlPathAndRsStlfAndAutoArima() throws Exception {
        String text = evaluate("monthly", 12);
        Map<String, Double> mean = means(text);
        assertEquals(8, text.lines().filter(l -> l.contains(".csv ")).map(l -> l.split(" ")[0]).distinct().count(), text);
        double auto = mean.get("auto");
        assertTrue(auto < mean.get("stl-ets"), "seasonal ETS improves on the STL path: " + mean);
        assertTrue(auto <= mean.get("R:stlf") && auto <= mean.get("R:arima"), "auto vs R's stlf and auto.arima: " + mean);
    }

    @Test
    void onTheBundledNabTracesAutoBeatsEachOfRsMethodsAndOverThreeDaysNoSeriesIsWorseThan12TimesRsBest() throws Exception {
        // the default set (the 17 CloudWatch traces, one day ahead from each of the last three days) beside R's forecasts
        // of the same regularized series from the same origins (tools/r/nab.R)
        String text = evaluate(List.of("--origins", "3", "--reference", resource("r-forecasts-nab.csv").toString()));
        assertEquals(17, text.lines().takeWhile(l -> !l.startsWith("mean ")).skip(1).filter(l -> !l.startsWith(" ")).count(), text);
        Map<String, Double> mean = means(text);
        double auto = mean.get("auto");
        assertTrue(auto <= mean.get("R:ets") && auto <= mean.get("R:stlf") && auto <= mean.get("R:arima"), "auto vs R: " + mean);
        double[] best = againstRsBest(text);
        assertEquals(bestPerSeries(text), best[0], 0.0015, text); // iio's first origin has no stlf (R's mstl fails on 379 points)
        assertTrue(auto <= best[0], text);
        assertTrue(best[1] < 1.2, text);
    }

    @Test
    void onQuarterlySeriesAutoBeatsRsEtsAndStlfAndNoSeriesIsWorseThan12TimesRsBest() throws Exception {
        String text = evaluate("quarterly", 8);
        Map<String, Double> mean = means(text);
        double auto = mean.get("auto");
        assertTrue(auto <= mean.get("R:ets") && auto <= mean.get("R:stlf") && auto < mean.get("ets"), "auto vs R and AICc-chosen ETS: " + mean);
        assertTrue(againstRsBest(text)[1] < 1.2, text); // JohnsonJohnson was 1.23 with the AICc choice only
    }
}
