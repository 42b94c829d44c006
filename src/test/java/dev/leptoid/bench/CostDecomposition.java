package dev.leptoid.bench;

import dev.leptoid.config.ForecastSettings;
import dev.leptoid.config.PolicySettings;
import dev.leptoid.config.Slo;
import dev.leptoid.forecast.AutoForecaster;
import dev.leptoid.model.ServiceQueue;
import dev.leptoid.simulation.Backtest;
import dev.leptoid.simulation.Breaches;
import dev.leptoid.simulation.BundledTraces;
import dev.leptoid.simulation.LeptoidPipeline;
import dev.leptoid.simulation.SharedForecasts;
import dev.leptoid.simulation.Workload;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Where leptoid's cost above the perfect-foresight floor comes from, per bundled trace and lead time
 * (docs/backtest.md, "Where the cost above the floor comes from"): at the SLO's limit L = 0.85,
 * <ul>
 *   <li>floor: ceil(load / L) each minute (the backtest's {@code perfect});</li>
 *   <li>perfect-forecast runs: a policy that knows the future exactly but, like leptoid, decides once per run
 *       interval and waits a lead time for capacity: each run sets ceil(max load over the next lead + interval / L)
 *       -- what a run-based policy cannot avoid paying (launches, interval granularity);</li>
 *   <li>leptoid at L (its real pipeline and forecaster), with and without scale-in stabilization: instance-hours
 *       and the breach minutes that force a backtest's sweep to a lower L.</li>
 * </ul>
 * Run: {@code scripts/cost-decomposition DAYS} (3 days of history, DAYS - 3 measured);
 * {@code scripts/cost-decomposition DAYS --bounds} prints only the floor and the perfect-forecast runs at run
 * intervals of 5, 2 and 1 minutes (arithmetic on the trace, seconds): what a shorter run interval could reach.
 */
public final class CostDecomposition {

    static final double LIMIT = 0.85;
    static final int[] LEADS = {5, 10, 15};

    public static void main(String[] args) throws Exception {
        int days = args.length > 0 ? Integer.parseInt(args[0]) : 4;
        if (args.length > 1 && args[1].equals("--bounds")) {
            bounds(days);
            return;
        }
        SharedForecasts shared = new SharedForecasts(new AutoForecaster());
        PolicySettings d = PolicySettings.DEFAULTS;
        PolicySettings base = new PolicySettings(d.targetUtilization(), d.leadTime(), d.runInterval(), d.quantile(),
                d.stabilization(), d.maxScaleInStep(), d.minCapacity(), 10_000, d.maxStaleness())
                .withSlo(new Slo(LIMIT, 0.001)).withLimit(LIMIT);
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Runtime.getRuntime().availableProcessors()));
        List<Future<String>> lines = new ArrayList<>();
        for (String trace : List.of(BundledTraces.TAXI, BundledTraces.CPU, BundledTraces.ELB)) {
            Workload all = BundledTraces.workload(trace, BundledTraces.SERVICE_TIME);
            Workload w = all.slice(0, Math.min(all.size(), days * 1440));
            int first = 3 * 1440;
            for (int lead : LEADS) {
                for (boolean stabilized : new boolean[]{true, false}) {
                    PolicySettings s = base.withLeadTime(Duration.ofMinutes(lead));
                    PolicySettings p = stabilized ? s : s.withScaleIn(Duration.ZERO, s.maxScaleInStep());
                    lines.add(pool.submit(() -> {
                        Backtest.Setup setup = new Backtest.Setup(p.minCapacity(), p.maxCapacity(),
                                Duration.ofMinutes(lead - 2), Duration.ofMinutes(2), LIMIT, Duration.ofDays(3));
                        Backtest.Outcome o = new Backtest().run(w, new LeptoidPipeline(shared, p, ForecastSettings.DEFAULTS, Duration.ofDays(7)), LIMIT, setup);
                        Breaches b = Breaches.of(o, LIMIT);
                        return String.format(Locale.ROOT, "%-32s %2d min  floor %8.1f h  perfect-forecast runs %8.1f h  "
                                        + "leptoid%s %8.1f h, %3d breach min (%d isolated, %d foreseen)",
                                w.name(), lead, floor(w, first) / 60, perfectRuns(w, first, lead, 5) / 60,
                                stabilized ? "              " : " unstabilized", o.instanceHours(), o.breachMinutes(),
                                b.isolated(), b.foreseen());
                    }));
                }
            }
        }
        for (Future<String> f : lines) System.out.println(f.get());
        pool.shutdown();
    }

    static void bounds(int days) throws Exception {
        for (String trace : List.of(BundledTraces.TAXI, BundledTraces.CPU, BundledTraces.ELB)) {
            Workload all = BundledTraces.workload(trace, BundledTraces.SERVICE_TIME);
            Workload w = all.slice(0, Math.min(all.size(), days * 1440));
            int first = 3 * 1440;
            for (int lead : LEADS) {
                StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-32s %2d min  floor %8.1f h  perfect-forecast runs",
                        w.name(), lead, floor(w, first) / 60));
                for (int every : new int[]{5, 2, 1})
                    line.append(String.format(Locale.ROOT, "  every %d min %8.1f h", every, perfectRuns(w, first, lead, every) / 60));
                System.out.println(line.append(String.format(Locale.ROOT, "  static at the SLO %8.1f h", staticAtSlo(w, first) / 60)));
            }
        }
    }

    /**
     * Instance-minutes of the one constant capacity that breaches in at most 0.1 % of the measured minutes: what a
     * policy that foresees nothing and never scales pays (on a flat, noisy load, close to what any forecast of it can do).
     */
    static double staticAtSlo(Workload w, int first) {
        List<Double> loads = new ArrayList<>();
        for (int i = first; i < w.size(); i++) if (!Double.isNaN(w.load(i))) loads.add(w.load(i));
        loads.sort(Comparator.reverseOrder());
        int allowed = (int) Math.floor(0.001 * (w.size() - first));
        return (double) ServiceQueue.capacityFor(loads.get(Math.min(allowed, loads.size() - 1)), LIMIT) * (w.size() - first);
    }

    static double floor(Workload w, int first) {
        double minutes = 0;
        for (int i = first; i < w.size(); i++) if (!Double.isNaN(w.load(i))) minutes += ServiceQueue.capacityFor(w.load(i), LIMIT);
        return minutes;
    }

    /** Instance-minutes of runs every {@code every} minutes that each set ceil(max load over (now, now + lead + every] / L). */
    static double perfectRuns(Workload w, int first, int lead, int every) {
        double minutes = 0;
        int n = w.size();
        for (int i = first - 1; i < n - 1; i += every) {
            double peak = 0;
            for (int k = i + 1; k <= Math.min(n - 1, i + lead + every); k++) if (!Double.isNaN(w.load(k))) peak = Math.max(peak, w.load(k));
            int capacity = ServiceQueue.capacityFor(peak, LIMIT);
            for (int k = i + 1; k <= Math.min(n - 1, i + every); k++) minutes += capacity;
        }
        return minutes;
    }
}
