package dev.leptoid.simulation;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The minutes of a replay that breached the SLO, each with what could have been known: whether it
 * was an isolated spike (the minutes before and after it fit the same in-service capacity) and the
 * upper forecast the policy sized its window by one lead time earlier (NaN when no run's window covers it). A breach
 * the forecast covered was lost to the sizing or the launch; one it did not cover, on an isolated
 * minute, is a spike no forecast of this series saw coming.
 */
public record Breaches(List<Minute> minutes) {

    public record Minute(long time, double load, int inService, double forecastUpper, boolean isolated) {
        /** The forecast made one lead time earlier reached this minute's load. */
        public boolean foreseen() { return forecastUpper >= load; }
    }

    public Breaches { minutes = List.copyOf(minutes); }

    /**
     * The breach minutes of {@code o} at utilization {@code limit}; a minute's forecast is the largest upper
     * bound of the sizing window it falls in, from the latest run whose window covers it.
     */
    public static Breaches of(Backtest.Outcome o, double limit) {
        TreeMap<Long, ReplayPolicy.Prediction> byTime = new TreeMap<>();
        for (ReplayPolicy.Prediction p : o.predictions()) byTime.put(p.time(), p);
        List<Minute> out = new ArrayList<>();
        double[] load = o.load();
        int[] in = o.inService();
        for (int i = 0; i < load.length; i++) {
            if (Double.isNaN(load[i]) || !Backtest.breaches(load[i], in[i], limit)) continue;
            boolean before = i > 0 && !Double.isNaN(load[i - 1]) && Backtest.breaches(load[i - 1], in[i], limit);
            boolean after = i + 1 < load.length && !Double.isNaN(load[i + 1]) && Backtest.breaches(load[i + 1], in[i], limit);
            long t = o.start() + i * Workload.MINUTE;
            Map.Entry<Long, ReplayPolicy.Prediction> p = byTime.floorEntry(t);
            double upper = p != null && p.getValue().covers(t) ? p.getValue().windowUpper() : Double.NaN;
            out.add(new Minute(t, load[i], in[i], upper, !before && !after));
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
