package dev.leptoid.simulation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The minutes of a replay that breached the SLO, each with what could have been known: whether it
 * was an isolated spike (the minutes before and after it fit the same in-service capacity) and the
 * upper forecast the policy made for it one lead time earlier (NaN when it made none). A breach
 * the forecast covered was lost to the sizing or the launch; one it did not cover, on an isolated
 * minute, is a spike no forecast of this series saw coming.
 */
public record Breaches(List<Minute> minutes) {

    public record Minute(long time, double load, int inService, double forecastUpper, boolean isolated) {
        /** The forecast made one lead time earlier reached this minute's load. */
        public boolean foreseen() { return forecastUpper >= load; }
    }

    public Breaches { minutes = List.copyOf(minutes); }

    public static Breaches of(Backtest.Outcome o, double limit) {
        Map<Long, Double> upper = new HashMap<>();
        for (ReplayPolicy.Prediction p : o.predictions()) upper.put(p.time(), p.upper());
        List<Minute> out = new ArrayList<>();
        double[] load = o.load();
        int[] in = o.inService();
        for (int i = 0; i < load.length; i++) {
            if (Double.isNaN(load[i]) || !Backtest.breaches(load[i], in[i], limit)) continue;
            boolean before = i > 0 && !Double.isNaN(load[i - 1]) && Backtest.breaches(load[i - 1], in[i], limit);
            boolean after = i + 1 < load.length && !Double.isNaN(load[i + 1]) && Backtest.breaches(load[i + 1], in[i], limit);
            long t = o.start() + i * Workload.MINUTE;
            out.add(new Minute(t, load[i], in[i], upper.getOrDefault(t, Double.NaN), !before && !after));
        }
        return new Breaches(out);
    }

    public long isolated() { return minutes.stream().filter(Minute::isolated).count(); }

    public long foreseen() { return minutes.stream().filter(Minute::foreseen).count(); }

    /** e.g. "4 breach minutes: 3 isolated spikes, 1 foreseen by the forecast a lead time earlier". */
    public String summary() {
        return String.format(Locale.ROOT, "%d breach minute%s: %d isolated (the minutes around fit), %d foreseen by the forecast "
                + "a lead time earlier", minutes.size(), minutes.size() == 1 ? "" : "s", isolated(), foreseen());
    }
}
