package dev.leptoid.cli;

import dev.leptoid.actuation.ActuationException;
import dev.leptoid.config.ConfigLoader;
import dev.leptoid.config.ForecastSettings;
import dev.leptoid.config.PolicySettings;
import dev.leptoid.forecast.Forecaster;
import dev.leptoid.model.ServiceQueue;
import dev.leptoid.publication.CarbonPublisher;
import dev.leptoid.publication.DirectorySink;
import dev.leptoid.publication.EventSink;
import dev.leptoid.publication.GraphiteEvents;
import dev.leptoid.publication.MetricSink;
import dev.leptoid.simulation.Backtest;
import dev.leptoid.simulation.BundledTraces;
import dev.leptoid.simulation.GraphiteTrafficStore;
import dev.leptoid.simulation.Replay;
import dev.leptoid.simulation.TrafficStore;
import dev.leptoid.source.GraphiteRenderSource;
import dev.leptoid.source.Series;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code leptoid demo}: replays a bundled real trace through the real pipeline against a
 * simulated Auto Scaling group, with no AWS account and no Graphite; or, with --graphite and
 * --carbon, against a real Graphite.
 */
public final class DemoCommand implements Command {

    private final Forecaster forecaster;

    public DemoCommand(Forecaster forecaster) { this.forecaster = forecaster; }

    @Override public String name() { return "demo"; }

    @Override public String summary() { return "replay a bundled real trace through leptoid against a simulated Auto Scaling group"; }

    @Override public String usage() {
        return """
                usage: leptoid demo [--trace NAME|FILE]... [--out DIR] [--target U] [--service-time 20ms]
                                    [--graphite URL --carbon HOST:PORT [--hours H] [--requests-per-point N]]

                The backtest (leptoid backtest) on the bundled real traces -- NAB ELB request counts, NYC
                taxi demand, EC2 CPU -- with the default configuration sized SLO-first, shortened to run in
                a few minutes: 4 days of each trace (3 of history, 1 measured), targets 0.6 to 0.85, lead
                times (launch + warm-up) of 5 and 15 min. Each is replayed minute by minute against a
                simulated Auto Scaling group under leptoid (the real pipeline), AWS target tracking, leptoid
                2012, a static group sized for the peak and the perfect-foresight floor; prints
                instance-hours, SLO-breach minutes, actions, forecast error, each policy's cost at the SLO,
                its saving against target tracking and the share of the possible saving it captures, per
                lead time, and writes an HTML report to DIR (default demo-output/).

                With --graphite and --carbon it instead replays the ELB trace's last hours through leptoid
                against a real Graphite and publishes forecasts, decisions and events there.

                  --trace NAME|FILE        bundled trace under data/nab (e.g. realKnownCause/nyc_taxi.csv) or a
                                           timestamp,value[,service_time] CSV of requests per second
                  --requests-per-point N   with --graphite: each request in the trace stands for N (default 1000)
                  --service-time D         mean service time per request (default 20ms)
                  --target U               target utilization (default 0.6)
                  --graphite URL           also read the traffic back from this graphite-web, and
                  --carbon HOST:PORT       write traffic, forecasts and decisions to this Carbon (plaintext);
                                           replays the last H hours (--hours, default 6) at 1-minute steps,
                                           after a day of history, shifted to end now
                """;
    }

    @Override
    public int run(List<String> argv, PrintStream out, PrintStream err) {
        Args a = Args.parse(argv, Set.of("trace", "out", "target", "service-time", "requests-per-point", "graphite",
                "carbon", "hours"), Set.of());
        String traceName = a.value("trace", BundledTraces.ELB);
        double perPoint = a.doubleValue("requests-per-point", 1000);
        Duration serviceTime = duration(a.value("service-time", "20ms"));
        double target = a.doubleValue("target", 0.6);
        if (!(target > 0 && target < 1)) throw new Args.UsageException("--target must be between 0 and 1, got " + target);
        if (a.value("graphite").isPresent() != a.value("carbon").isPresent())
            throw new Args.UsageException("--graphite and --carbon go together");
        if (a.value("graphite").isEmpty()) return backtest(a, target, out, err);
        Series counts;
        try {
            counts = BundledTraces.load(traceName);
        } catch (IOException e) {
            err.println("leptoid demo: " + e.getMessage());
            return 2;
        }
        long step = counts.step();
        double[] rate = counts.values();
        for (int i = 0; i < rate.length; i++) rate[i] = rate[i] * perPoint / step;
        Series arrival = new Series(counts.name(), counts.start(), step, rate);
        PolicySettings policy = new PolicySettings(target, Duration.ofMinutes(5), Duration.ofSeconds(Math.max(300, step)), 90,
                Duration.ofMinutes(15), 2, 1, 1000, Duration.ofMinutes(10));
        Duration lookback = Duration.ofDays(4);
        int warmup = (int) Math.min(arrival.size() / 4, Duration.ofDays(3).toSeconds() / step);
        Replay.Setup setup = new Replay.Setup(serviceTime, policy, lookback, warmup, Duration.ofMinutes(3),
                Duration.ofMinutes(2), 0.85);
        Path outDir = Path.of(a.value("out", "demo-output"));
        try (DirectorySink dir = new DirectorySink(outDir)) {
            MetricSink metrics = dir;
            EventSink events = dir;
            TrafficStore store = null;
            if (a.value("graphite").isPresent()) {
                URI graphite = URI.create(a.value("graphite").get());
                String[] hp = a.value("carbon").get().split(":");
                if (hp.length != 2) throw new Args.UsageException("--carbon needs HOST:PORT");
                CarbonPublisher carbon = new CarbonPublisher(hp[0], Integer.parseInt(hp[1]));
                metrics = carbon;
                events = new GraphiteEvents(HttpClient.newHttpClient(), graphite, Duration.ofSeconds(10));
                int hours = a.intValue("hours", 6);
                if (hours < 1) throw new Args.UsageException("--hours must be at least 1");
                Duration history = Duration.ofDays(1);
                arrival = shiftToNow(upsample(arrival, 60), hours, history);
                setup = new Replay.Setup(serviceTime, policy, history, (int) (arrival.size() - hours * 3600L / 60),
                        setup.launchDelay(), setup.warmUp(), setup.breachUtilization());
                store = new GraphiteTrafficStore(new CarbonPublisher(hp[0], Integer.parseInt(hp[1])),
                        GraphiteRenderSource.create(graphite, Duration.ofSeconds(10)));
            }
            long t0 = System.nanoTime();
            Replay replay = new Replay(forecaster, metrics, events);
            Replay.Result r = store == null ? replay.run(arrival, setup) : replay.run(arrival, setup, store);
            double seconds = (System.nanoTime() - t0) / 1e9;
            print(out, counts, r, setup, perPoint, arrival.step(), seconds);
            if (store == null) {
                out.printf(Locale.ROOT, "published (what leptoid would write to Graphite): %s (%d points), %s (%d events)%n",
                        dir.metricsFile(), lines(dir.metricsFile()), dir.eventsFile(), lines(dir.eventsFile()));
            } else {
                out.println("published to Carbon " + a.value("carbon").get() + " and events to " + a.value("graphite").get());
            }
            return 0;
        } catch (IOException | ActuationException e) {
            err.println("leptoid demo: " + e.getMessage());
            return 1;
        }
    }

    /** Targets the demo sweeps (the full backtest sweeps more: docs/backtest.md). */
    static final List<Double> DEMO_TARGETS = List.of(0.6, 0.65, 0.7, 0.75, 0.8, 0.85);
    /** Lead times the demo compares: where prediction pays grows with the lead time. */
    static final List<Duration> DEMO_LEADS = List.of(Duration.ofMinutes(5), Duration.ofMinutes(15));
    /** Days of each trace the demo replays: 3 of history, 1 measured. */
    static final int DEMO_DAYS = 4;

    /** The backtest on the bundled traces with the default configuration, short enough for a demo. */
    private int backtest(Args a, double target, PrintStream out, PrintStream err) {
        List<String> traces = a.values("trace").isEmpty() ? BundledTraces.BACKTEST : a.values("trace");
        List<Double> targets = a.value("target").isPresent() ? List.of(target) : DEMO_TARGETS;
        double serviceTime = duration(a.value("service-time", "20ms")).toNanos() / 1e9;
        BacktestCommand.Plan plan = new BacktestCommand.Plan(traces, BacktestCommand.POLICIES, targets,
                BacktestCommand.defaults(), ForecastSettings.DEFAULTS, Duration.ofDays(7), serviceTime, 0.85, null, Duration.ofDays(3), DEMO_DAYS, DEMO_LEADS,
                Backtest.DEFAULT_DRAIN);
        out.println("leptoid demo: the backtest on the bundled traces (" + DEMO_DAYS + " days each: 3 of history, 1 measured), "
                + "default configuration; the full one: ./leptoid backtest --help, docs/backtest.md");
        return new BacktestCommand(forecaster).execute(plan, "table", Path.of(a.value("out", "demo-output")), out, err, "leptoid demo");
    }

    /** The last {@code hours} hours plus the history before them, shifted so the trace ends one step before now. */
    static Series shiftToNow(Series s, int hours, Duration history) {
        int keep = (int) Math.min(s.size(), (hours * 3600L + history.toSeconds()) / s.step());
        Series tail = s.slice(s.size() - keep, s.size());
        long end = Instant.now().getEpochSecond() / s.step() * s.step();
        long start = end - (long) keep * s.step();
        return new Series(s.name(), start, s.step(), tail.values());
    }

    /** Linear interpolation onto a finer step (Graphite stores at its finest retention, 1 minute here). */
    static Series upsample(Series s, long step) {
        if (s.step() <= step || s.step() % step != 0) return s;
        int f = (int) (s.step() / step);
        double[] v = new double[(s.size() - 1) * f + 1];
        for (int i = 0; i + 1 < s.size(); i++)
            for (int k = 0; k < f; k++) v[i * f + k] = s.valueAt(i) + (s.valueAt(i + 1) - s.valueAt(i)) * k / f;
        v[v.length - 1] = s.valueAt(s.size() - 1);
        return new Series(s.name(), s.start(), step, v);
    }

    private static void print(PrintStream out, Series trace, Replay.Result r, Replay.Setup setup, double perPoint, long step,
                              double seconds) {
        PolicySettings p = setup.policy();
        double peakLoad = 0;
        for (int i = 0; i < r.offeredLoad().size(); i++)
            if (!r.offeredLoad().isGap(i)) peakLoad = Math.max(peakLoad, r.offeredLoad().valueAt(i));
        int staticPeak = ServiceQueue.capacityFor(peakLoad, p.targetUtilization());
        double hours = r.minutes() / 60;
        out.printf(Locale.ROOT, "leptoid demo: %s, %d-second steps, %.1f days replayed in %.1f s%n", trace.name(), step,
                r.minutes() / 1440, seconds);
        out.printf(Locale.ROOT, "  each trace request = %.0f requests; service time %d ms; target utilization %.0f %%; "
                        + "launch + warm-up %d min; forecast p%.0f%n", perPoint, setup.serviceTime().toMillis(),
                100 * p.targetUtilization(), setup.launchDelay().plus(setup.warmUp()).toMinutes(), p.quantile());
        out.println();
        out.printf(Locale.ROOT, "  %-42s %12s %12s%n", "", "leptoid", "static peak");
        out.printf(Locale.ROOT, "  %-42s %12.1f %12.1f%n", "instance-hours", r.instanceHours(), staticPeak * hours);
        out.printf(Locale.ROOT, "  %-42s %12d %12d%n", "scaling actions", r.actions(), 0);
        out.printf(Locale.ROOT, "  %-42s %12.2f %12.2f%n", "peak utilization (in-service)", r.peakUtilization(),
                peakLoad / staticPeak);
        out.printf(Locale.ROOT, "  %-42s %12.0f %12d%n", "SLO breach minutes (utilization > " + (int) (100 * setup.breachUtilization()) + " %)",
                r.breachMinutes(), 0);
        out.printf(Locale.ROOT, "  %-42s %12.2f %12s%n", "forecast error (1-step MASE vs naive)", r.forecastMase(), "-");
        out.printf(Locale.ROOT, "  %-42s %12d %12s%n", "holds", r.holds(), "-");
        out.println();
    }

    private static Duration duration(String s) {
        try {
            return ConfigLoader.parseDuration(s);
        } catch (IllegalArgumentException e) {
            throw new Args.UsageException("--service-time: " + e.getMessage());
        }
    }

    private static long lines(Path p) throws IOException {
        if (!Files.exists(p)) return 0;
        try (var l = Files.lines(p)) {
            return l.count();
        }
    }
}
