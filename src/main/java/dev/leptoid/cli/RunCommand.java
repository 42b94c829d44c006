package dev.leptoid.cli;

import dev.leptoid.RunReport;
import dev.leptoid.ServiceOutcome;
import dev.leptoid.actuation.AwsClients;
import dev.leptoid.actuation.LeadTime;
import dev.leptoid.app.Assembly;
import dev.leptoid.app.Part;
import dev.leptoid.config.ConfigException;
import dev.leptoid.config.ConfigLoader;
import dev.leptoid.config.EnvironmentConfig;
import dev.leptoid.config.LeptoidConfig;
import dev.leptoid.config.Names;
import dev.leptoid.config.ServiceConfig;
import dev.leptoid.decision.CapacityDecision;
import dev.leptoid.publication.Redactor;
import dev.leptoid.source.GraphiteAuth;
import dev.leptoid.source.SourceException;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code leptoid run} and {@code leptoid plan}: one run over one environment from a
 * configuration file. {@code plan} decides and reports but never calls the Auto Scaling API.
 */
public final class RunCommand implements Command {

    private final boolean plan;
    private final Map<String, String> env;

    /** @param env the process environment: AWS region and the Graphite secret's variable */
    public RunCommand(boolean plan, Map<String, String> env) {
        this.plan = plan;
        this.env = env;
    }

    public RunCommand(boolean plan) {
        this(plan, System.getenv());
    }

    @Override public String name() { return plan ? "plan" : "run"; }

    @Override public String summary() {
        return plan ? "decide what a run would do and print it; never changes a group"
                : "run once over an environment: read Graphite, forecast, decide, act, publish";
    }

    @Override public String usage() {
        return "usage: leptoid " + name() + " --config FILE --environment ENV" + (plan ? "" : " [--mode act|dry-run|forecast-only]")
                + " [--service NAME]... [--shard K/N]\n       [--deadline DURATION] [--aws-endpoint URL] [--publish-dir DIR] [--json]\n\n"
                + (plan ? "Like run, but never calls SetDesiredCapacity (dry-run), whatever the configured mode.\n"
                : "Runs the environment's services once in the configured mode (or --mode).\n")
                + """
                  --config FILE        YAML or JSON configuration (see examples/)
                  --environment ENV    which environment of the configuration
                  --service NAME       only this service (repeat for more); its run health goes to
                                       run.services_<8 hex> so it does not overwrite a whole-environment run's
                  --shard K/N          only shard K of N: the services sorted by name, every N-th from the K-th
                                       (as the Lambda's "shard" input); run health under run.shard_K_of_N
                  --deadline DURATION  how long the run may take (default: the shortest policy.run_interval of the
                                       environment, so a run never overlaps the next); services not read in time hold
                  --aws-endpoint URL   AWS endpoint override (default: the region's, from AWS_REGION)
                  --publish-dir DIR    write what would go to Carbon/events here instead (when no carbon is configured)
                  --json               print the JSON report instead of the table
                Exit codes: 0 every service decided and published (holds for the group's own state or a short history
                included), 1 a group could not be set, 2 bad configuration or arguments, 3 some services could not be
                decided (data unseen or stale, Graphite or AWS unreachable, the deadline) or publication failed.
                """;
    }

    @Override
    public int run(List<String> argv, PrintStream out, PrintStream err) {
        Args a = Args.parse(argv, Set.of("config", "environment", "mode", "deadline", "aws-endpoint", "publish-dir", "service", "shard"), Set.of("json"));
        if (plan && a.value("mode").isPresent()) throw new Args.UsageException("plan takes no --mode (it never acts)");
        String file = a.value("config").orElseThrow(() -> new Args.UsageException("--config FILE is required"));
        String envName = a.value("environment").orElseThrow(() -> new Args.UsageException("--environment ENV is required"));
        LeptoidConfig config;
        try {
            config = ConfigLoader.load(Path.of(file));
        } catch (ConfigException e) {
            err.println("leptoid " + name() + ": " + Redactor.PATTERNS_ONLY.redact(e.getMessage()));
            return 2;
        }
        EnvironmentConfig environment = config.environment(envName).orElse(null);
        if (environment == null) {
            err.println("leptoid " + name() + ": " + file + ": no environment '" + Names.printable(envName)
                    + "' (have: " + String.join(", ", config.environments().keySet()) + ")");
            return 2;
        }
        if (config.graphite() == null || config.graphite().url() == null) {
            err.println("leptoid " + name() + ": " + file + ": graphite.url is required");
            return 2;
        }
        if (!a.values("service").isEmpty() && a.value("shard").isPresent())
            throw new Args.UsageException("--service and --shard exclude each other (give one)");
        Part part;
        try {
            part = new Part(a.values("service"), a.value("shard").map(Part.Shard::parse));
        } catch (IllegalArgumentException e) {
            throw new Args.UsageException((a.value("shard").isPresent() ? "--shard " : "--") + e.getMessage()); // "--service 'x' is ..."
        }
        try {
            environment = part.select(environment);
        } catch (IllegalArgumentException e) {
            err.println("leptoid " + name() + ": " + file + ": " + e.getMessage());
            return 2;
        }
        EnvironmentConfig.Mode mode;
        try {
            mode = plan ? EnvironmentConfig.Mode.DRY_RUN : a.value("mode").map(EnvironmentConfig.Mode::parse).orElse(environment.mode());
        } catch (IllegalArgumentException e) {
            throw new Args.UsageException(e.getMessage());
        }
        Duration deadline;
        try {
            deadline = a.value("deadline").map(ConfigLoader::parseDuration).orElse(shortestRunInterval(environment));
        } catch (IllegalArgumentException e) {
            throw new Args.UsageException("--deadline: " + e.getMessage());
        }
        if (!deadline.isPositive()) throw new Args.UsageException("--deadline must be positive");
        AwsClients.Settings aws;
        GraphiteAuth auth;
        try {
            aws = AwsClients.Settings.fromEnvironment(env);
            auth = GraphiteAuth.fromEnvironment(config.graphite().auth(), env::get);
        } catch (IllegalArgumentException | SourceException e) {
            err.println("leptoid " + name() + ": " + e.getMessage());
            return 2;
        }
        if (a.value("aws-endpoint").isPresent()) aws = aws.withEndpoint(URI.create(a.value("aws-endpoint").get()));
        // without carbon, or when asked, what would go to Graphite is written to a directory
        Assembly.Output output = config.carbon() != null && a.value("publish-dir").isEmpty() ? new Assembly.ToGraphite()
                : new Assembly.ToDirectory(Path.of(a.value("publish-dir", "leptoid-output")));
        CloudWatchClient cloudWatch = config.cloudWatchNamespace() == null ? null : AwsClients.cloudWatch(aws);
        try (AutoScalingClient autoScaling = AwsClients.autoScaling(aws)) {
            Assembly assembly = Assembly.assemble(config, auth, new Assembly.Aws(autoScaling, () -> cloudWatch), output,
                    err, Clock.systemUTC());
            RunReport report = assembly.run().run(environment, mode, deadline, part.healthNode());
            if (a.flag("json")) out.println(report.toJson(assembly.redactor()));
            else print(out, report, part, assembly.redactor());
            return report.exitCode();
        } catch (IOException e) { // the output directory cannot be made
            err.println("leptoid " + name() + ": " + e.getMessage());
            return 2;
        } finally {
            if (cloudWatch != null) cloudWatch.close();
        }
    }

    /** The environment's shortest run interval: a run taking longer would overlap the next. */
    static Duration shortestRunInterval(EnvironmentConfig env) {
        Duration d = null;
        for (ServiceConfig s : env.services())
            if (d == null || s.policy().runInterval().compareTo(d) < 0) d = s.policy().runInterval();
        return d == null ? Duration.ofMinutes(5) : d;
    }

    static void print(PrintStream out, RunReport r, Part part, Redactor redactor) {
        out.printf(Locale.ROOT, "leptoid %s: environment %s%s at %s (%d ms)%n", r.mode(), r.environment(), part.describe(), r.time(),
                r.durationMillis());
        for (ServiceOutcome s : r.services()) {
            String what = switch (s.decision()) {
                case CapacityDecision.Hold h -> "HOLD at " + h.current() + " (" + h.code().code() + "): " + redactor.redact(h.detail());
                case CapacityDecision.ScaleTo t -> (t.capacity() == t.current() ? "keep " + t.current()
                        : "scale " + t.current() + " -> " + t.capacity()) + (s.applied() ? " (applied)" : " (not applied)")
                        + ": " + redactor.redact(String.join("; ", t.reasons()));
            };
            out.printf(Locale.ROOT, "  %-16s %-24s %s%n", s.service(), s.group(), what);
            if (s.actuationError() != null) out.println("    error: " + redactor.redact(s.actuationError()));
            if (s.leadTime() != null && s.leadTime().warning().isPresent())
                out.println("    warning: " + redactor.redact(s.leadTime().warning().get()));
            else if (s.leadTime() instanceof LeadTime.Unmeasured u)
                out.println("    lead time unmeasured: " + redactor.redact(u.reason()));
        }
        for (String e : r.publicationErrors()) out.println("  publication: " + redactor.redact(e));
    }
}
