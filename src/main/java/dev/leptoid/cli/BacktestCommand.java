package dev.leptoid.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.leptoid.actuation.ActuationException;
import dev.leptoid.config.ConfigException;
import dev.leptoid.config.ConfigLoader;
import dev.leptoid.config.EnvironmentConfig;
import dev.leptoid.config.ForecastSettings;
import dev.leptoid.config.LeptoidConfig;
import dev.leptoid.config.ServiceConfig;
import dev.leptoid.config.PolicySettings;
import dev.leptoid.config.Slo;
import dev.leptoid.forecast.Forecaster;
import dev.leptoid.forecast.TimeSeriesCsv;
import dev.leptoid.simulation.Backtest;
import dev.leptoid.simulation.Breaches;
import dev.leptoid.simulation.BundledTraces;
import dev.leptoid.simulation.CostAtSlo;
import dev.leptoid.simulation.PerfectForesight;
import dev.leptoid.simulation.Policies;
import dev.leptoid.simulation.Report;
import dev.leptoid.simulation.SharedForecasts;
import dev.leptoid.simulation.Workload;

import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * {@code leptoid backtest}: replays traces minute by minute against a simulated Auto Scaling
 * group under leptoid and the baselines, across target utilizations, and compares their cost
 * at the same SLO.
 */
public final class BacktestCommand implements Command {

    /** Without --config: the defaults, with room to scale (the clamp is not what is measured). */
    public static final int DEFAULT_MAX_CAPACITY = 10_000;

    private final Forecaster forecaster;

    public BacktestCommand(Forecaster forecaster) { this.forecaster = forecaster; }

    @Override public String name() { return "backtest"; }

    @Override public String summary() { return "replay traffic traces under leptoid and baselines; compare cost at the same SLO"; }

    @Override public String usage() {
        return """
                usage: leptoid backtest --trace FILE... [--policy NAME]... [--target U | --sweep LO:HI:STEP]
                                        [--lead-time D]... [--config F [--environment E] [--service S]]
                                        [--format table|json] [--report DIR] [--service-time D] [--breach U]
                                        [--from DATE] [--history D] [--days N] [--drain D]

                Replays each trace minute by minute against a simulated Auto Scaling group (launch + warm-up
                = the lead time, default the policy's lead_time, 5 min), once per policy, target utilization
                and lead time, and prints instance-hours, SLO-breach minutes (in-service utilization above
                --breach), scaling actions and forecast error (MASE at the lead time), then each policy's
                cost at the SLO -- the least instance-hours among the targets whose breach minutes are at
                most 0.1 %% of the minutes -- its saving against target tracking and the share of the
                possible saving it captures: (target tracking - policy) / (target tracking - perfect).
                leptoid is sized SLO-first (policy.slo: the upper forecast quantile from the 0.1 %% breach
                budget, p97 at most, at a utilization limit = the swept target) unless --config says otherwise.

                  --trace FILE         CSV 'timestamp,value[,service_time]': arrival rate in requests per second
                                       (service time in seconds); or a bundled trace name, e.g.
                                       realKnownCause/nyc_taxi.csv, scaled to a mean of 500 req/s of 20 ms
                                       (docs/backtest.md). Steps coarser than a minute are interpolated.
                                       An irregular export is put on its grid as by `forecast` (sorted,
                                       rounded, rows sharing a slot averaged; one stderr line).
                  --policy NAME        leptoid, target-tracking, leptoid-2012, static-peak, perfect (default: all;
                                       perfect = ceil(load / --breach) each minute, no lead: the floor;
                                       also leptoid+guard: leptoid raised within a minute of any breach;
                                       leptoid-no-readback: without earlier runs' recommendations in
                                       its scale-in window)
                  --target U           one target utilization
                  --sweep LO:HI:STEP   every target from LO to HI (default %s)
                  --lead-time D        launch + warm-up of the simulated group and leptoid's lead_time;
                                       repeat it to compare lead times (e.g. 5m, 10m, 15m)
                  --refit-interval D   how often leptoid refits its model (forecast.refit_interval, default 1h;
                                       0 = at every run); between refits the fit is carried forward
                  --config F           leptoid's policy and look-back from this configuration (first
                                       environment and service unless --environment/--service)
                  --service-time D     service time when the trace has no service_time column (default 20ms)
                  --breach U           SLO limit on in-service utilization (default 0.85)
                  --from DATE          replay from this ISO date or instant on (e.g. 2014-10-19 or 2014-10-19T12:00:00Z;
                                       a time without a zone is UTC, as the trace's own timestamps): the --history
                                       starts there, then the measured days (default: the trace's first minute).
                                       A bundled trace keeps the scale of its whole length (mean 500 req/s)
                  --history D          replayed first but not measured, so policies have a past (default 3d)
                  --days N             replay only N days of each trace (from --from, or its start)
                  --drain D            how long a terminated instance is still billed while it drains from
                                       the load balancer (default 300s, ELB's default deregistration
                                       delay; 0 = billing stops at scale-in)
                  --format F           table (default) or json
                  --report DIR         also write DIR/index.html with SVG plots and the tables
                """.formatted(DEFAULT_SWEEP);
    }

    /** The targets swept by default: every 0.01 (forecasts are shared between targets, see {@link SharedForecasts}). */
    public static final String DEFAULT_SWEEP = "0.5:0.85:0.01";

    /** The policies compared by default: the replayed ones and the perfect-foresight floor. */
    public static final List<String> POLICIES = Stream.concat(Policies.NAMES.stream(),
            Stream.of(PerfectForesight.NAME)).toList();
    /** Every policy the backtest knows. */
    static final List<String> KNOWN = Stream.concat(POLICIES.stream(), Stream.of(Policies.GUARDED, Policies.WITHOUT_READ_BACK))
            .toList();

    /**
     * What to replay.
     *
     * @param from      the first replayed instant (null: each trace's first minute)
     * @param leadTimes launch + warm-up of the simulated group, each replayed on its own (empty: the policy's lead time)
     */
    record Plan(List<String> traces, List<String> policies, List<Double> targets, PolicySettings settings,
                ForecastSettings forecast, Duration lookback, double serviceTime, double breach, Instant from, Duration history, int days,
                List<Duration> leadTimes, Duration drain) {
        List<Duration> leads() { return leadTimes.isEmpty() ? List.of(settings.leadTime()) : leadTimes; }
    }

    @Override
    public int run(List<String> argv, PrintStream out, PrintStream err) {
        Args a = Args.parse(argv, Set.of("trace", "policy", "target", "sweep", "config", "environment", "service", "format",
                "report", "service-time", "breach", "from", "history", "days", "lead-time", "refit-interval", "drain"), Set.of());
        List<String> traces = new ArrayList<>(a.values("trace"));
        traces.addAll(a.positional());
        if (traces.isEmpty()) throw new Args.UsageException("--trace is required (a CSV file or a bundled trace name)");
        String format = a.value("format", "table");
        if (!format.equals("table") && !format.equals("json"))
            throw new Args.UsageException("--format must be table or json, got '" + format + "'");
        List<String> policies = a.values("policy").isEmpty() ? POLICIES : a.values("policy");
        for (String p : policies)
            if (!KNOWN.contains(p))
                throw new Args.UsageException("unknown policy '" + p + "' (known: " + String.join(", ", KNOWN) + ")");
        if (a.value("target").isPresent() && a.value("sweep").isPresent())
            throw new Args.UsageException("give --target or --sweep, not both");
        List<Double> targets = a.value("target").isPresent() ? List.of(target(a.doubleValue("target", 0.6)))
                : sweep(a.value("sweep", DEFAULT_SWEEP));
        double breach = a.doubleValue("breach", 0.85);
        if (!(breach > 0 && breach <= 1)) throw new Args.UsageException("--breach must be in (0, 1], got " + breach);
        int days = a.intValue("days", 0);
        if (a.value("days").isPresent() && days < 1) throw new Args.UsageException("--days must be at least 1, got " + days);
        Instant from = a.value("from").map(BacktestCommand::from).orElse(null);
        Duration history = duration("history", a.value("history", "3d"));
        Duration drain = duration("drain", a.value("drain", Backtest.DEFAULT_DRAIN.toSeconds() + "s"));
        if (drain.isNegative()) throw new Args.UsageException("--drain must not be negative");
        double serviceTime = duration("service-time", a.value("service-time", "20ms")).toNanos() / 1e9;
        if (!(serviceTime > 0)) throw new Args.UsageException("--service-time must be positive");
        PolicySettings settings = defaults();
        ForecastSettings forecast = ForecastSettings.DEFAULTS;
        Duration lookback = Duration.ofDays(7);
        if (a.value("config").isPresent()) {
            try {
                ServiceConfig s = service(ConfigLoader.load(Path.of(a.value("config").get())), a);
                settings = s.policy();
                forecast = s.forecast();
                lookback = s.metrics().lookback();
            } catch (ConfigException e) {
                err.println("leptoid backtest: " + e.getMessage());
                return 2;
            }
        }
        List<Duration> leads = new ArrayList<>();
        for (String l : a.values("lead-time")) leads.add(duration("lead-time", l));
        if (a.value("refit-interval").isPresent()) forecast = new ForecastSettings(duration("refit-interval", a.value("refit-interval").get()));
        Plan plan = new Plan(traces, policies, targets, settings, forecast, lookback, serviceTime, breach, from, history, days,
                leads, drain);
        return execute(plan, format, a.value("report").map(Path::of).orElse(null), out, err, "leptoid backtest");
    }

    /** Replays the plan, prints the table or JSON, writes the report; returns the exit code. */
    int execute(Plan plan, String format, Path reportDir, PrintStream out, PrintStream err, String who) {
        List<Workload> workloads = new ArrayList<>();
        for (String t : plan.traces()) {
            try {
                Workload w = BundledTraces.workload(t, plan.serviceTime(), repaired -> err.println(who + ": " + repaired));
                if (plan.from() != null) w = w.from(plan.from());
                if (plan.days() > 0) w = w.slice(0, (int) Math.min(w.size(), plan.days() * 1440L));
                workloads.add(w);
            } catch (IOException | IllegalArgumentException e) {
                err.println(who + ": " + e.getMessage());
                return 2;
            }
        }
        List<Duration> leads = plan.leads();
        // A decision takes effect a lead time after it is made, and the next comes a run interval later:
        // a shorter measured span measures no policy at all.
        for (Duration lead : leads) {
            long needed = lead.plus(plan.settings().runInterval()).toMinutes();
            for (Workload w : workloads) {
                long history = Math.min(w.size(), plan.history().toMinutes());
                if (w.size() - history < needed) {
                    err.printf(Locale.ROOT, "%s: %s: the trace has %d minutes; after %d minutes of --history, %d are left to measure "
                            + "(at least %d needed: lead time + run interval)%n", who, w.name(), w.size(), history, w.size() - history, needed);
                    return 2;
                }
            }
        }
        List<String> replayed = plan.policies().stream().filter(p -> !p.equals(PerfectForesight.NAME)).toList();
        long total = 0;
        for (Workload w : workloads) total += (long) w.size() * replayed.size() * plan.targets().size() * leads.size();
        Progress progress = new Progress(err, total);
        long t0 = System.nanoTime();
        // Forecasts do not depend on the target: one per distinct history, shared by all replays.
        SharedForecasts shared = new SharedForecasts(forecaster);
        // Every replay is independent (its own group, policy and store): they run on all cores, and the
        // outcomes are kept in the plan's order, so the answer does not depend on the scheduling.
        List<Callable<Backtest.Outcome>> replays = new ArrayList<>();
        List<Backtest.Outcome> floors = new ArrayList<>();
        List<Workload> sections = new ArrayList<>();
        for (Duration lead : leads) {
            PolicySettings s = plan.settings().withLeadTime(lead);
            Backtest.Setup setup = setup(s, plan);
            Policies policies = new Policies(shared, s, plan.forecast(), plan.lookback());
            for (Workload trace : workloads) {
                Workload w = leads.size() == 1 ? trace : trace.named(trace.name() + " @ " + minutes(lead) + " lead");
                sections.add(w);
                int first = (int) Math.min(w.size(), plan.history().toSeconds() / Workload.MINUTE);
                Workload measured = w.slice(first, w.size());
                for (String p : replayed)
                    for (double target : plan.targets())
                        replays.add(() -> {
                            progress.label(w.name() + " " + p + " " + target);
                            return new Backtest().run(w, policies.make(p, target, measured), target, setup, i -> progress.tick());
                        });
                if (plan.policies().contains(PerfectForesight.NAME)) floors.add(PerfectForesight.replay(w, plan.breach(), setup));
            }
        }
        List<Backtest.Outcome> outcomes = new ArrayList<>();
        int threads = Math.max(1, Math.min(replays.size(), Runtime.getRuntime().availableProcessors()));
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (Future<Backtest.Outcome> f : pool.invokeAll(replays)) outcomes.add(f.get());
        } catch (ExecutionException e) {
            progress.done();
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error r) throw r;
            if (!(e.getCause() instanceof ActuationException)) throw new IllegalStateException(e.getCause());
            err.println(who + ": " + e.getCause().getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            progress.done();
            err.println(who + ": interrupted");
            return 1;
        } finally {
            pool.shutdownNow();
        }
        progress.done();
        outcomes.addAll(floors);
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (format.equals("json")) out.println(json(outcomes));
        else {
            table(out, sections, plan, outcomes, seconds);
            out.printf(Locale.ROOT, "%nforecasts: %d fitted for %d asked (shared between targets); leptoid refits every %s%n",
                    shared.computed(), shared.asked(), plan.forecast().refitInterval().isZero() ? "run"
                            : plan.forecast().refitInterval().toMinutes() + " min and carries the fit forward between");
            if (leads.size() > 1) perLead(out, workloads, leads, outcomes);
        }
        if (reportDir != null) {
            try {
                Path page = new Report(plan.breach(), plan.settings()).write(reportDir, sections, outcomes, plan.history());
                (format.equals("json") ? err : out).println("report: " + page);
            } catch (IOException e) {
                err.println(who + ": cannot write the report: " + e.getMessage());
                return 1;
            }
        }
        return 0;
    }

    /** An ISO date (midnight UTC), an ISO instant (without a zone: UTC) or epoch seconds, for --from. */
    static Instant from(String s) {
        try {
            if (s.length() == 10 && s.charAt(4) == '-') return LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant();
            return Instant.ofEpochSecond(TimeSeriesCsv.parseTime(s, 0));
        } catch (DateTimeParseException | TimeSeriesCsv.BadInput e) {
            throw new Args.UsageException("--from needs an ISO date or instant (e.g. 2014-10-19 or 2014-10-19T12:00:00Z), got '" + s + "'");
        }
    }

    /** The simulated group for a lead time: 2 minutes of it (or all, when shorter) warm-up, the rest launch. */
    static Backtest.Setup setup(PolicySettings s, Plan plan) {
        Duration lead = s.leadTime();
        Duration warmUp = lead.compareTo(Duration.ofMinutes(2)) < 0 ? lead : Duration.ofMinutes(2);
        return new Backtest.Setup(s.minCapacity(), s.maxCapacity(), lead.minus(warmUp), warmUp, plan.breach(), plan.history(),
                plan.drain());
    }

    private static String minutes(Duration d) { return d.toSeconds() % 60 == 0 ? d.toMinutes() + " min" : d.toSeconds() + " s"; }

    /**
     * One line per trace and lead time: the cost at the SLO of target tracking, leptoid and perfect, the saving, the
     * share of the possible saving, and the saving with no more breach minutes than target tracking's.
     */
    static void perLead(PrintStream out, List<Workload> traces, List<Duration> leads, List<Backtest.Outcome> outcomes) {
        out.printf(Locale.ROOT, "%nper lead time (cost at the SLO, instance-hours; the last column: leptoid's saving with no more "
                        + "breach minutes than target tracking):%n  %-28s %8s %12s %10s %10s %9s %9s %10s%n",
                "trace", "lead", "target-track", "leptoid", "perfect", "saving", "captured", "TT-breach");
        for (Workload trace : traces)
            for (Duration lead : leads) {
                String name = trace.name() + " @ " + minutes(lead) + " lead";
                CostAtSlo tt = CostAtSlo.of(name, "target-tracking", outcomes), l = CostAtSlo.of(name, "leptoid", outcomes),
                        p = CostAtSlo.of(name, PerfectForesight.NAME, outcomes);
                out.printf(Locale.ROOT, "  %-28s %8s %12s %10s %10s %9s %9s %10s%n", trace.name(), minutes(lead), hours(tt), hours(l),
                        hours(p), percent(l.savingAgainst(tt)), percent(l.shareOfPossible(tt, p)),
                        percent(l.withNoMoreBreachesThan(tt, outcomes).savingAgainst(tt)));
            }
    }

    private static String hours(CostAtSlo c) {
        return c.reachable() ? String.format(Locale.ROOT, "%.1f", c.instanceHours()) : "no SLO";
    }

    private static String percent(double f) { return Double.isNaN(f) ? "-" : String.format(Locale.ROOT, "%.1f %%", 100 * f); }

    static void table(PrintStream out, List<Workload> workloads, Plan plan, List<Backtest.Outcome> outcomes, double seconds) {
        PolicySettings s = plan.settings();
        out.printf(Locale.ROOT, "backtest: %d trace(s) x %d policies x %d target(s) x %d lead time(s) in %.1f s; launch + warm-up %s, "
                        + "drain %s, run every %d min, SLO: in-service utilization <= %.2f in all but 0.1 %% of minutes%n",
                workloads.size() / plan.leads().size(), plan.policies().size(), plan.targets().size(), plan.leads().size(), seconds,
                plan.leads().stream().map(BacktestCommand::minutes).collect(Collectors.joining(", ")), minutes(plan.drain()),
                s.runInterval().toMinutes(), plan.breach());
        for (Workload w : workloads) {
            List<Backtest.Outcome> mine = outcomes.stream().filter(o -> o.trace().equals(w.name())).toList();
            int minutes = mine.isEmpty() ? 0 : mine.get(0).minutes();
            out.printf(Locale.ROOT, "%n%s: %s measured (after %s of history), mean %.0f req/s%n", w.name(),
                    span(minutes), span(w.size() - minutes), w.meanArrivalRate());
            if (minutes > 0)
                out.printf(Locale.ROOT, "  replayed %s to %s, measured from %s%n", Instant.ofEpochSecond(w.timeAt(0)),
                        Instant.ofEpochSecond(w.timeAt(w.size() - 1) + Workload.MINUTE), Instant.ofEpochSecond(w.timeAt(w.size() - minutes)));
            out.printf(Locale.ROOT, "  %-16s %6s %14s %14s %8s %8s%n", "policy", "target", "instance-hours", "breach-minutes",
                    "actions", "MASE");
            for (Backtest.Outcome o : mine)
                out.printf(Locale.ROOT, "  %-16s %6.2f %14.1f %14d %8d %8s%n", o.policy(), o.target(), o.instanceHours(),
                        o.breachMinutes(), o.actions(), Double.isNaN(o.forecastMase()) ? "-" : String.format(Locale.ROOT, "%.2f", o.forecastMase()));
            out.printf(Locale.ROOT, "  cost at the SLO (breach minutes <= %d):%n", (int) Math.floor(CostAtSlo.MAX_BREACH_FRACTION * minutes));
            CostAtSlo tt = CostAtSlo.of(w.name(), "target-tracking", outcomes), floor = CostAtSlo.of(w.name(), PerfectForesight.NAME, outcomes);
            for (String p : plan.policies()) {
                CostAtSlo c = CostAtSlo.of(w.name(), p, outcomes);
                String against = c.againstBaseline(plan.policies().contains("target-tracking") ? tt : null,
                        plan.policies().contains(PerfectForesight.NAME) ? floor : null);
                out.println("    " + headline(c) + (against.isEmpty() ? "" : "; " + against));
            }
            CostAtSlo lep = CostAtSlo.of(w.name(), "leptoid", outcomes);
            if (lep.reachable() && lep.best().get().breachMinutes() > 0)
                out.println("    leptoid at that target: " + Breaches.of(lep.best().get(), plan.breach()).summary());
            String verdict = verdict(w.name(), outcomes);
            if (verdict != null) out.println("    " + verdict);
        }
    }

    /** Minutes as days, or as hours below a day. */
    static String span(int minutes) {
        return minutes < 1440 ? String.format(Locale.ROOT, "%.1f hours", minutes / 60.0)
                : String.format(Locale.ROOT, "%.1f days", minutes / 1440.0);
    }

    static String headline(CostAtSlo c) {
        if (!c.reachable()) return String.format(Locale.ROOT, "%-16s SLO not reachable at any target", c.policy());
        Backtest.Outcome o = c.best().get();
        return String.format(Locale.ROOT, "%-16s %10.1f instance-hours (target %.2f, %d breach minutes, %d actions)", c.policy(),
                o.instanceHours(), o.target(), o.breachMinutes(), o.actions());
    }

    /** leptoid against target tracking at the SLO, or null when either was not replayed. */
    static String verdict(String trace, List<Backtest.Outcome> outcomes) {
        boolean both = outcomes.stream().anyMatch(o -> o.trace().equals(trace) && o.policy().equals("leptoid"))
                && outcomes.stream().anyMatch(o -> o.trace().equals(trace) && o.policy().equals("target-tracking"));
        if (!both) return null;
        CostAtSlo l = CostAtSlo.of(trace, "leptoid", outcomes), tt = CostAtSlo.of(trace, "target-tracking", outcomes);
        if (!l.reachable() && !tt.reachable()) return "=> neither leptoid nor target tracking reaches the SLO";
        if (!tt.reachable()) return "=> leptoid reaches the SLO; target tracking does not at any target";
        if (!l.reachable()) return "=> target tracking reaches the SLO; leptoid does not at any target";
        String verdict = "=> leptoid costs " + lessOrMore(l.savingAgainst(tt)) + " than target tracking at the SLO";
        int ttBreaches = tt.best().get().breachMinutes();
        if (l.best().get().breachMinutes() <= ttBreaches) return verdict + String.format(Locale.ROOT,
                ", with no more breach minutes (%d against %d)", l.best().get().breachMinutes(), ttBreaches);
        CostAtSlo matched = l.withNoMoreBreachesThan(tt, outcomes);
        if (!matched.reachable()) return verdict + String.format(Locale.ROOT,
                "; no target swept keeps leptoid within target tracking's %d breach minutes", ttBreaches);
        Backtest.Outcome m = matched.best().get();
        return verdict + String.format(Locale.ROOT, "; within target tracking's %d breach minutes it costs %s (%.1f instance-hours, "
                + "target %.2f, %d breach minutes)", ttBreaches, lessOrMore(matched.savingAgainst(tt)), m.instanceHours(), m.target(),
                m.breachMinutes());
    }

    private static String lessOrMore(double saving) {
        return String.format(Locale.ROOT, "%.1f %% %s", 100 * Math.abs(saving), saving >= 0 ? "less" : "more");
    }

    static String json(List<Backtest.Outcome> outcomes) {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = new JsonFactory().createGenerator(w)) {
            g.writeStartArray();
            for (Backtest.Outcome o : outcomes) {
                g.writeStartObject();
                g.writeStringField("trace", o.trace());
                g.writeStringField("policy", o.policy());
                g.writeNumberField("target", Math.round(o.target() * 1e6) / 1e6);
                g.writeNumberField("instance_hours", Math.round(o.instanceHours() * 1e3) / 1e3);
                g.writeNumberField("breach_minutes", o.breachMinutes());
                g.writeNumberField("minutes", o.minutes());
                g.writeNumberField("actions", o.actions());
                g.writeEndObject();
            }
            g.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    private static ServiceConfig service(LeptoidConfig c, Args a) throws ConfigException {
        EnvironmentConfig env = a.value("environment").isPresent()
                ? c.environment(a.value("environment").get()).orElseThrow(() -> new ConfigException(
                "no environment '" + a.value("environment").get() + "' in the configuration"))
                : c.environments().values().iterator().next();
        if (a.value("service").isEmpty()) return env.services().get(0);
        return env.services().stream().filter(s -> s.name().equals(a.value("service").get())).findFirst()
                .orElseThrow(() -> new ConfigException("no service '" + a.value("service").get() + "' in environment " + env.name()));
    }

    /**
     * The default policy with a max capacity of {@link #DEFAULT_MAX_CAPACITY}, sized SLO-first for the
     * backtest's SLO (its limit is the swept target).
     */
    static PolicySettings defaults() {
        PolicySettings d = PolicySettings.DEFAULTS;
        return new PolicySettings(d.targetUtilization(), d.leadTime(), d.runInterval(), d.quantile(), d.stabilization(),
                d.maxScaleInStep(), d.minCapacity(), DEFAULT_MAX_CAPACITY, d.maxStaleness())
                .withSlo(new Slo(0.85, CostAtSlo.MAX_BREACH_FRACTION));
    }

    static double target(double u) {
        if (!(u > 0 && u < 1)) throw new Args.UsageException("--target must be between 0 and 1, got " + u);
        return u;
    }

    /** LO:HI:STEP, both ends included (to a thousandth). */
    static List<Double> sweep(String spec) {
        String[] p = spec.split(":");
        if (p.length != 3) throw new Args.UsageException("--sweep needs LO:HI:STEP, got '" + spec + "'");
        double lo, hi, step;
        try {
            lo = Double.parseDouble(p[0]);
            hi = Double.parseDouble(p[1]);
            step = Double.parseDouble(p[2]);
        } catch (NumberFormatException e) {
            throw new Args.UsageException("--sweep needs numbers LO:HI:STEP, got '" + spec + "'");
        }
        target(lo);
        target(hi);
        if (!(step > 0) || hi < lo) throw new Args.UsageException("--sweep needs LO <= HI and STEP > 0, got '" + spec + "'");
        List<Double> out = new ArrayList<>();
        for (int k = 0; lo + k * step <= hi + 1e-9; k++) out.add(Math.round((lo + k * step) * 1000) / 1000.0);
        if (out.size() > 100) throw new Args.UsageException("--sweep gives " + out.size() + " targets; at most 100");
        return out;
    }

    private static Duration duration(String option, String s) {
        try {
            return ConfigLoader.parseDuration(s);
        } catch (IllegalArgumentException e) {
            throw new Args.UsageException("--" + option + ": " + e.getMessage());
        }
    }

    /** A progress bar on stderr, redrawn at each whole percent, for replays of more than 200,000 minutes. */
    static final class Progress {
        private final PrintStream err;
        private final long total;
        private final boolean show;
        private long done;
        private int shown = -1;
        private String label = "";

        Progress(PrintStream err, long total) {
            this.err = err;
            this.total = Math.max(1, total);
            this.show = total > 200_000;
        }

        synchronized void label(String l) { label = l; }

        synchronized void tick() {
            done++;
            int pct = (int) (100 * done / total);
            if (!show || pct == shown) return;
            shown = pct;
            int bar = pct * 30 / 100;
            err.print("\r[" + "#".repeat(bar) + ".".repeat(30 - bar) + "] " + pct + " % " + label + "          ");
            err.flush();
        }

        synchronized void done() {
            if (show && shown >= 0) err.println();
        }
    }
}
