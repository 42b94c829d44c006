package dev.leptoid.bench;

import dev.leptoid.decision.DecisionResolution;
import dev.leptoid.forecast.AutoForecaster;
import dev.leptoid.forecast.Forecast;
import dev.leptoid.forecast.ForecastResult;
import dev.leptoid.model.Outliers;
import dev.leptoid.simulation.BundledTraces;
import dev.leptoid.simulation.Workload;

import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;

/**
 * How a burst in the history inflates the forecast after it: at origins some hours after the trace's
 * largest 5-minute peak, the forecast of the sizing window's bucket (mean, and upper bound at p97) from
 * the history as it is and with its isolated bursts cleaned ({@link Outliers#isolatedBursts}) for a few
 * longest runs; the mean's excess is level absorption, the upper bound's excess over the mean is the
 * error history. Run: {@code java ... BurstProbe TRACE HOURS,HOURS,... [RUN,RUN,...]} with the classpath of
 * {@code scripts/cost-decomposition}.
 */
public final class BurstProbe {

    public static void main(String[] args) throws Exception {
        Workload w = BundledTraces.workload(args[0], BundledTraces.SERVICE_TIME);
        int[] runs = args.length > 2 ? Arrays.stream(args[2].split(",")).mapToInt(Integer::parseInt).toArray() : new int[] {3, 6, 12};
        double[] load = new double[w.size()];
        for (int i = 0; i < load.length; i++) load[i] = w.load(i);
        int peak = 3 * 1440;
        for (int i = 3 * 1440; i < load.length; i++) if (load[i] > load[peak]) peak = i;
        System.out.printf(Locale.ROOT, "%s: largest minute %s %.1f Erlangs%n", w.name(), Instant.ofEpochSecond(w.timeAt(peak)), load[peak]);
        AutoForecaster forecaster = new AutoForecaster();
        for (String hs : args[1].split(",")) {
            int origin = peak + (int) Math.round(Double.parseDouble(hs) * 60);
            if (origin >= load.length) continue;
            double[] history = Arrays.copyOfRange(load, Math.max(0, origin - 7 * 1440), origin + 1);
            double[] buckets = DecisionResolution.aggregate(history, 5, DecisionResolution.Aggregate.MAX);
            double[] recent = Arrays.copyOfRange(buckets, buckets.length - 12, buckets.length);
            Arrays.sort(recent);
            double actual = 0;
            for (int k = origin + 6; k < Math.min(load.length, origin + 11); k++) actual = Math.max(actual, load[k]);
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  +%sh (%s) last-hour median %.1f, window peak %.1f | raw %s",
                    hs, Instant.ofEpochSecond(w.timeAt(origin)), recent[6], actual, fc(forecaster, buckets)));
            for (int r : runs) {
                Outliers.Cleaned c = Outliers.isolatedBursts(buckets, r, 288, 10);
                line.append(String.format(Locale.ROOT, " | run<=%d (%d bursts, %d pts) %s", r, c.bursts(), c.points(), fc(forecaster, c.values())));
            }
            System.out.println(line);
        }
    }

    private static String fc(AutoForecaster forecaster, double[] buckets) {
        ForecastResult r = forecaster.forecast(buckets, 300, 3, 94);
        if (!(r instanceof Forecast f)) return "no forecast";
        return String.format(Locale.ROOT, "mean %.1f p97 %.1f [%s]", f.meanAt(1), f.upperAt(1), f.method());
    }
}
