package dev.leptoid.cli;

import dev.leptoid.app.Assembly;
import dev.leptoid.config.ConfigException;
import dev.leptoid.config.ConfigLoader;
import dev.leptoid.config.EnvironmentConfig;
import dev.leptoid.config.LeptoidConfig;
import dev.leptoid.config.Names;
import dev.leptoid.config.ServiceConfig;
import dev.leptoid.decision.CapacityPolicy;
import dev.leptoid.model.InstanceView;
import dev.leptoid.model.InsufficientDataException;
import dev.leptoid.model.LoadHistory;
import dev.leptoid.model.ServiceLoadReader;
import dev.leptoid.model.ServiceQueue;
import dev.leptoid.model.ServiceView;
import dev.leptoid.publication.Redactor;
import dev.leptoid.source.GraphiteAuth;
import dev.leptoid.source.MetricSource;
import dev.leptoid.source.Series;
import dev.leptoid.source.SourceException;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code leptoid inspect}: what leptoid sees, per service and instance -- points, gaps, the last
 * value and its age, utilization and the service's offered load. Reads only; changes nothing.
 */
public final class InspectCommand implements Command {

    private final Map<String, String> env;
    private final Clock clock;

    /** @param env the process environment: the Graphite secret's variable */
    public InspectCommand(Map<String, String> env, Clock clock) {
        this.env = env;
        this.clock = clock;
    }

    /** Reads the real Graphite; secrets come from the process environment. */
    public InspectCommand() {
        this(System.getenv(), Clock.systemUTC());
    }

    @Override public String name() { return "inspect"; }

    @Override public String summary() { return "show what leptoid sees in Graphite, per service and instance"; }

    @Override public String usage() {
        return """
                usage: leptoid inspect --config FILE --environment ENV [--service NAME] [--at EPOCH]

                Reads each service's metrics as a run would and prints, per instance: status
                (reporting, warming-up, stopped, no-data), points, gaps, interpolated points, the
                last value with its time and age, and the utilization; per service: the offered
                load (Erlangs), the capacity it needs at the target utilization, and any problem
                (long gaps, late or stopped instances, stale data). Changes nothing.

                  --config FILE        leptoid configuration (YAML or JSON)
                  --environment ENV    environment to inspect
                  --service NAME       only this service
                  --at EPOCH           look as if it were this time (epoch seconds; default now)

                exit: 0 every service readable, 1 some service unreadable or without data, 2 bad input
                """;
    }

    @Override
    public int run(List<String> argv, PrintStream out, PrintStream err) {
        Args args = Args.parse(argv, Set.of("config", "environment", "service", "at"), Set.of());
        if (!args.positional().isEmpty()) throw new Args.UsageException("unexpected argument '" + args.positional().get(0) + "'");
        String file = args.value("config").orElseThrow(() -> new Args.UsageException("--config is required"));
        String envName = args.value("environment").orElseThrow(() -> new Args.UsageException("--environment is required"));
        Instant now = args.value("at").map(InspectCommand::epoch).orElseGet(clock::instant);
        LeptoidConfig config;
        try {
            config = ConfigLoader.load(Path.of(file));
        } catch (ConfigException e) {
            err.println("leptoid inspect: " + Redactor.PATTERNS_ONLY.redact(e.getMessage()));
            return 2;
        }
        EnvironmentConfig env = config.environment(envName).orElse(null);
        if (env == null) {
            err.println("leptoid inspect: " + file + ": no environment '" + Names.printable(envName)
                    + "' (have: " + String.join(", ", config.environments().keySet().stream().sorted().toList()) + ")");
            return 2;
        }
        if (config.graphite() == null || config.graphite().url() == null) {
            err.println("leptoid inspect: " + file + ": graphite.url is required");
            return 2;
        }
        List<ServiceConfig> services = env.services().stream()
                .filter(s -> args.value("service").map(s.name()::equals).orElse(true)).toList();
        if (services.isEmpty()) {
            err.println("leptoid inspect: environment " + envName + " has no service '" + args.value("service").orElse("") + "'");
            return 2;
        }
        GraphiteAuth auth;
        try {
            auth = GraphiteAuth.fromEnvironment(config.graphite().auth(), this.env::get);
        } catch (SourceException e) {
            err.println("leptoid inspect: " + e.getMessage());
            return 2;
        }
        Redactor redactor = new Redactor(auth::secrets);
        MetricSource source = Assembly.source(config.graphite(), auth, Assembly.graphiteHttp(config.graphite()));
        ServiceLoadReader reader = new ServiceLoadReader(source);
        long t = now.getEpochSecond();
        out.printf(Locale.ROOT, "environment %s at %s (%d), Graphite %s%n", env.name(), now, t, config.graphite().url());
        int failed = 0;
        for (ServiceConfig s : services) {
            out.printf(Locale.ROOT, "%nservice %s  group %s  step %ds  look-back %s%n", s.name(), s.autoScalingGroup(),
                    s.metrics().step().toSeconds(), human(s.metrics().lookback().toSeconds()));
            ServiceView view;
            try {
                view = read(reader, env.name(), s, now, out);
            } catch (InsufficientDataException e) {
                out.println("  INSUFFICIENT DATA: " + redactor.redact(e.getMessage()));
                failed++;
                continue;
            } catch (SourceException e) {
                out.println("  ERROR: " + redactor.redact(e.getMessage()));
                failed++;
                continue;
            }
            print(out, s, view, t);
            if (view.offeredLoad().lastPresentIndex() < 0) failed++;
        }
        return failed == 0 ? 0 : 1;
    }

    /**
     * The look-back per instance; when Graphite answers it from a coarser archive (the finest one keeps
     * less than the look-back), shortened as a run's read shortens it ({@link LoadHistory#atStep}: halved,
     * never below the run's recent window), with a line saying so.
     */
    private static ServiceView read(ServiceLoadReader reader, String env, ServiceConfig s, Instant now, PrintStream out)
            throws SourceException {
        long step = s.metrics().step().toSeconds();
        long until = Math.floorDiv(now.getEpochSecond(), step) * step;
        int full = (int) (s.metrics().lookback().toSeconds() / step);
        int recent = (int) Math.min(full, Math.ceilDiv(LoadHistory.recentWindow(s, CapacityPolicy.SERVICE_TIME_WINDOW).toSeconds(), step));
        LoadHistory.AtStep<ServiceView> at = LoadHistory.atStep(full, recent, n -> reader.read(env, s, until - n * step, until));
        if (at.steps() < full)
            out.printf(Locale.ROOT, "  look-back shortened to %s: further back Graphite answers from a coarser archive"
                    + " (a run forecasts from its own offered-load history; docs/deploy.md, Graphite storage)%n", human(at.steps() * step));
        return at.value();
    }

    private static void print(PrintStream out, ServiceConfig s, ServiceView view, long now) {
        Series load = view.offeredLoad();
        int last = load.lastPresentIndex();
        int gaps = load.size() - load.presentCount();
        if (last < 0) {
            out.printf(Locale.ROOT, "  offered load: unknown at every point (%d points)%n", load.size());
        } else {
            double a = load.valueAt(last);
            long age = Math.max(0, now - (load.timeAt(last) + load.step()));
            double target = s.policy().targetUtilization();
            out.printf(Locale.ROOT, "  offered load: %.3f Erlangs at %s (age %s)%s, %d points, %d unknown; needs %d instances at %.0f%% target%n",
                    a, Instant.ofEpochSecond(load.timeAt(last)), human(age),
                    age > s.policy().maxStaleness().toSeconds() ? " STALE (max " + human(s.policy().maxStaleness().toSeconds()) + ")" : "",
                    load.size(), gaps, ServiceQueue.capacityFor(a, target), target * 100);
        }
        out.printf(Locale.ROOT, "  instances: %d seen, %d reporting%n", view.details().size(), view.reporting());
        out.printf(Locale.ROOT, "  %-24s %-11s %7s %6s %7s  %-20s %8s %11s%n", "instance", "status", "points", "gaps",
                "interp", "last point", "age", "utilization");
        for (InstanceView i : view.details()) {
            out.printf(Locale.ROOT, "  %-24s %-11s %7d %6d %7d  %-20s %8s %11s%n", i.id(), i.status().label(), i.points(), i.gaps(),
                    i.interpolated(), i.lastTime() < 0 ? "-" : Instant.ofEpochSecond(i.lastTime()).toString(),
                    i.lastTime() < 0 ? "-" : human(i.ageSeconds(now)),
                    Double.isNaN(i.lastValue()) ? "unknown" : String.format(Locale.ROOT, "%.3f", i.lastValue()));
        }
        for (String p : view.problems()) out.println("  ! " + p);
    }

    private static Instant epoch(String s) {
        try {
            return Instant.ofEpochSecond(Long.parseLong(s));
        } catch (NumberFormatException e) {
            throw new Args.UsageException("--at needs epoch seconds, got '" + s + "'");
        }
    }

    /** 45s, 12m, 3h5m, 14d. */
    static String human(long seconds) {
        if (seconds < 60) return seconds + "s";
        if (seconds < 3600) return seconds / 60 + "m" + (seconds % 60 == 0 ? "" : seconds % 60 + "s");
        if (seconds < 86_400) return seconds / 3600 + "h" + (seconds % 3600 / 60 == 0 ? "" : seconds % 3600 / 60 + "m");
        return seconds / 86_400 + "d" + (seconds % 86_400 / 3600 == 0 ? "" : seconds % 86_400 / 3600 + "h");
    }
}
