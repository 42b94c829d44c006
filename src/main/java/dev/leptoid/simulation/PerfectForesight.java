package dev.leptoid.simulation;

import dev.leptoid.model.ServiceQueue;

import java.util.List;

/**
 * The floor no policy can beat: a group that knows each minute's load and has exactly
 * ceil(load / limit) instances in service in it, with no lead time and no breach. Its cost at
 * the SLO bounds the possible saving: (target tracking - perfect) is all there is to save, and a
 * policy captures (target tracking - policy) / (target tracking - perfect) of it.
 */
public final class PerfectForesight {

    public static final String NAME = "perfect";

    private PerfectForesight() {}

    /**
     * The oracle over the minutes after {@code s.history()}, clamped to the setup's [min, max]. A
     * minute with unknown load keeps the previous minute's capacity (unknown is never zero).
     */
    public static Backtest.Outcome replay(Workload w, double limit, Backtest.Setup s) {
        int n = w.size();
        int first = (int) Math.min(n, s.history().toSeconds() / Workload.MINUTE);
        int m = n - first;
        double[] load = new double[m];
        int[] capacity = new int[m];
        int previous = Backtest.initialCapacity(w, limit, s);
        long instanceMinutes = 0;
        int actions = 0, breaches = 0;
        for (int j = 0; j < m; j++) {
            double a = w.load(first + j);
            load[j] = a;
            int c = Double.isNaN(a) ? previous
                    : Math.max(s.minCapacity(), Math.min(s.maxCapacity(), ServiceQueue.capacityFor(Math.max(0, a), limit)));
            if (j > 0 && c != previous) actions++;
            if (!Double.isNaN(a) && Backtest.breaches(a, c, s.breachUtilization())) breaches++; // only above the max
            capacity[j] = c;
            instanceMinutes += c;
            previous = c;
        }
        return new Backtest.Outcome(w.name(), NAME, limit, instanceMinutes / 60.0, breaches, m, actions, Double.NaN,
                m == 0 ? w.timeAt(0) : w.timeAt(first), load, capacity, capacity.clone(), List.of());
    }
}
