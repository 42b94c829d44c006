package dev.leptoid.bench;

import dev.leptoid.config.ForecastSettings;
import dev.leptoid.config.PolicySettings;
import dev.leptoid.config.Slo;
import dev.leptoid.forecast.AutoForecaster;
import dev.leptoid.simulation.Backtest;
import dev.leptoid.simulation.BundledTraces;
import dev.leptoid.simulation.LeptoidPipeline;
import dev.leptoid.simulation.SharedForecasts;
import dev.leptoid.simulation.Workload;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * leptoid alone at a few limits L on one trace and lead time, with its breach minutes at the highest L listed
 * (time, load, in service, desired, minute of the run interval): where the breaches that set the cost at the
 * SLO come from; and the instance-hours paid for instances still launching (what each scale-out costs before it serves). Run: {@code java ... PolicyProbe DAYS TRACE LEAD_MIN L1,L2,...} (3 days of history, DAYS - 3
 * measured, breach limit 0.85), with the classpath of {@code scripts/cost-decomposition}. Options (system properties):
 * {@code -Dprobe.list} lists the breach minutes at the last L (load/in service/desired over the 20 minutes before);
 * {@code -Dprobe.q=Q} sizes at quantile Q without the SLO's cap; {@code -Dprobe.stab=MIN} sets the stabilization window;
 * {@code -Dprobe.interval=MIN} the run interval; {@code -Dprobe.step=N} the most instances one run scales in; {@code -Dprobe.hourly}
 * prints the last L's load and desired capacity each hour; {@code -Dprobe.from=INSTANT} (e.g. 2014-02-21T14:27:00Z) replays DAYS
 * days from there, as {@code backtest --from}
 * (docs/backtest.md, "Reachability").
 */
public final class PolicyProbe {

    public static void main(String[] args) throws Exception {
        int days = Integer.parseInt(args[0]);
        String trace = args[1];
        int lead = Integer.parseInt(args[2]);
        String[] ls = args[3].split(",");
        SharedForecasts shared = new SharedForecasts(new AutoForecaster());
        PolicySettings d = PolicySettings.DEFAULTS;
        Duration interval = Duration.ofMinutes(Long.getLong("probe.interval", 5));
        PolicySettings base = new PolicySettings(d.targetUtilization(), d.leadTime(), interval, d.quantile(),
                d.stabilization(), d.maxScaleInStep(), d.minCapacity(), 10_000, d.maxStaleness())
                .withSlo(new Slo(0.85, 0.001)).withLeadTime(Duration.ofMinutes(lead));
        if (System.getProperty("probe.q") != null) // the quantile as given, sized at L (no SLO, so no cap at p95)
            base = new PolicySettings(0.85, base.leadTime(), interval, Double.parseDouble(System.getProperty("probe.q")),
                    d.stabilization(), d.maxScaleInStep(), d.minCapacity(), 10_000, d.maxStaleness());
        if (System.getProperty("probe.stab") != null)
            base = base.withScaleIn(Duration.ofMinutes(Long.parseLong(System.getProperty("probe.stab"))), base.maxScaleInStep());
        if (System.getProperty("probe.step") != null)
            base = base.withScaleIn(base.stabilization(), Integer.parseInt(System.getProperty("probe.step")));
        PolicySettings settings = base;
        Workload all = BundledTraces.workload(trace, BundledTraces.SERVICE_TIME);
        if (System.getProperty("probe.from") != null) // the window from this ISO instant on, as backtest --from
            all = all.from(Instant.parse(System.getProperty("probe.from")));
        Workload w = all.slice(0, Math.min(all.size(), days * 1440));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<Backtest.Outcome>> runs = new ArrayList<>();
        for (String l : ls) {
            double limit = Double.parseDouble(l);
            runs.add(pool.submit(() -> new Backtest().run(w, new LeptoidPipeline(shared, settings.withLimit(limit),
                    ForecastSettings.DEFAULTS, Duration.ofDays(7)), limit, new Backtest.Setup(1, 10_000,
                    Duration.ofMinutes(lead - 2), Duration.ofMinutes(2), 0.85, Duration.ofDays(3)))));
        }
        Backtest.Outcome last = null;
        for (int i = 0; i < ls.length; i++) {
            Backtest.Outcome o = runs.get(i).get();
            double launching = 0; // instance-hours paid for while launching or warming up (desired above in service)
            for (int j = 0; j < o.desired().length; j++) launching += Math.max(0, o.desired()[j] - o.inService()[j]) / 60.0;
            System.out.printf(Locale.ROOT, "%s lead %d L %s: %.1f h, %d breach min, %d actions, %.1f h paid before in service%n",
                    w.name(), lead, ls[i], o.instanceHours(), o.breachMinutes(), o.actions(), launching);
            last = o;
        }
        pool.shutdown();
        if (System.getProperty("probe.hourly") != null) // the last L's load and desired capacity at the top of each hour
            for (int j = 0; j < last.load().length; j += 60)
                System.out.printf(Locale.ROOT, "  %s load %.2f desired %d%n", Instant.ofEpochSecond(last.start() + j * Workload.MINUTE),
                        last.load()[j], last.desired()[j]);
        if (System.getProperty("probe.list") == null) return;
        for (int j = 0; j < last.load().length; j++) {
            double a = last.load()[j];
            if (Double.isNaN(a) || a / Math.max(1, last.inService()[j]) <= 0.85) continue;
            StringBuilder around = new StringBuilder();
            for (int k = Math.max(0, j - 20); k <= Math.min(last.load().length - 1, j + 3); k++)
                around.append(String.format(Locale.ROOT, " %.1f/%d/%d", last.load()[k], last.inService()[k], last.desired()[k]));
            System.out.printf(Locale.ROOT, "  %s load %.2f in %d desired %d  min-of-run %d |%s%n",
                    Instant.ofEpochSecond(last.start() + j * Workload.MINUTE), a, last.inService()[j], last.desired()[j],
                    j % 5, around);
        }
    }
}
