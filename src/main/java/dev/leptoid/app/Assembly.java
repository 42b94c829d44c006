package dev.leptoid.app;

import dev.leptoid.ScalingRun;
import dev.leptoid.actuation.AutoScalingGroupActuator;
import dev.leptoid.config.LeptoidConfig;
import dev.leptoid.decision.CapacityPolicy;
import dev.leptoid.forecast.AutoForecaster;
import dev.leptoid.forecast.Forecaster;
import dev.leptoid.publication.CarbonPublisher;
import dev.leptoid.publication.CloudWatchPublisher;
import dev.leptoid.publication.DecisionLog;
import dev.leptoid.publication.DirectorySink;
import dev.leptoid.publication.EmfRunHealth;
import dev.leptoid.publication.EventSink;
import dev.leptoid.publication.GraphiteEvents;
import dev.leptoid.publication.MetricSink;
import dev.leptoid.publication.Publication;
import dev.leptoid.publication.Redactor;
import dev.leptoid.publication.RunHealthSink;
import dev.leptoid.source.GraphiteAuth;
import dev.leptoid.source.GraphiteRenderSource;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;

import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.util.function.Supplier;

/**
 * The composition root: the one place where a validated configuration, plus where its Graphite
 * secret comes from, becomes a ready {@link ScalingRun}. The CLI ({@code run}, {@code plan},
 * {@code inspect}) and the Lambda handler only gather these inputs; everything below is wired here:
 * <pre>
 *   GraphiteAuth (env variable | Secrets Manager) --+--> GraphiteRenderSource (render, find, read-back)
 *                 one HttpClient ------------------+--> GraphiteEvents (annotations)
 *   Carbon (plaintext | pickle) or a directory ------> metrics
 *   AutoScalingClient -------------------------------> AutoScalingGroupActuator
 *   EMF lines on stdout | CloudWatchClient ----------> run health (when a namespace is set)
 *   Redactor (fed the auth's secrets) ---------------> decision log, events, report, CLI/Lambda lines
 * </pre>
 *
 * @param source the Graphite source the run reads (also its read-back), for callers that probe it
 * @param redactor what every writer of logs and reports passes its text through
 */
public record Assembly(LeptoidConfig config, GraphiteRenderSource source, Redactor redactor, ScalingRun run) {

    /** Where a run writes what it did: Carbon and Graphite events, or files in a directory. */
    public sealed interface Output permits ToGraphite, ToDirectory {}

    /** Carbon as configured (nothing when no carbon section) and events to graphite-web. */
    public record ToGraphite() implements Output {}

    /** {@code metrics.txt} and {@code events.jsonl} in {@code dir} instead (CLI {@code --publish-dir}). */
    public record ToDirectory(Path dir) implements Output {}

    /**
     * The AWS clients a run uses; {@code cloudWatch} is called only when the configuration names a
     * namespace. With {@code embeddedMetrics} (the Lambda's default) run health goes out as CloudWatch
     * Embedded Metric Format lines there instead: no API call, no IAM permission.
     */
    public record Aws(AutoScalingClient autoScaling, Supplier<CloudWatchClient> cloudWatch, PrintStream embeddedMetrics) {
        public Aws(AutoScalingClient autoScaling, Supplier<CloudWatchClient> cloudWatch) {
            this(autoScaling, cloudWatch, null);
        }
    }

    /**
     * @param config validated, with {@code graphite.url} set
     * @param auth the Graphite {@code Authorization} header (and the secrets to redact)
     * @param log where the decision log goes (stderr)
     * @throws IOException when the output directory cannot be made
     */
    public static Assembly assemble(LeptoidConfig config, GraphiteAuth auth, Aws aws, Output output, PrintStream log,
                                    Clock clock) throws IOException {
        return assemble(config, auth, graphiteHttp(graphite(config)), aws, output, log, clock);
    }

    /** As above on a given HTTP client (tests and embedding). */
    public static Assembly assemble(LeptoidConfig config, GraphiteAuth auth, HttpClient http, Aws aws, Output output,
                                    PrintStream log, Clock clock) throws IOException {
        LeptoidConfig.Graphite g = graphite(config);
        Redactor redactor = new Redactor(auth::secrets);
        GraphiteRenderSource source = source(g, auth, http);
        MetricSink metrics;
        EventSink events;
        if (output instanceof ToDirectory d) {
            DirectorySink directory = new DirectorySink(d.dir());
            metrics = directory;
            events = directory;
        } else {
            metrics = config.carbon() == null ? MetricSink.DISCARD : CarbonPublisher.of(config.carbon());
            events = new GraphiteEvents(http, g.url(), g.timeout(), auth);
        }
        EventSink redacted = (what, tags, data, when, within) -> events.post(redactor.redact(what), tags, redactor.redact(data), when, within);
        String namespace = config.cloudWatchNamespace();
        RunHealthSink health = namespace == null ? null : aws.embeddedMetrics() != null
                ? new EmfRunHealth(namespace, aws.embeddedMetrics()) : new CloudWatchPublisher(aws.cloudWatch().get(), namespace);
        Publication publication = new Publication(metrics, redacted, config.prefix(), source, health,
                new DecisionLog(log, redactor));
        ScalingRun run = new ScalingRun(source, forecaster(), new CapacityPolicy(),
                new AutoScalingGroupActuator(aws.autoScaling()), publication, clock);
        return new Assembly(config, source, redactor, run);
    }

    private static LeptoidConfig.Graphite graphite(LeptoidConfig config) {
        if (config.graphite() == null || config.graphite().url() == null)
            throw new IllegalArgumentException("graphite.url is required");
        return config.graphite();
    }

    /** The Graphite source a configuration describes, on {@code http}, every request carrying {@code auth}. */
    public static GraphiteRenderSource source(LeptoidConfig.Graphite g, GraphiteAuth auth, HttpClient http) {
        return new GraphiteRenderSource(http, g.url(), GraphiteRenderSource.options(g), auth, GraphiteRenderSource.Sleeper.REAL);
    }

    /** The one HTTP client for all of a run's Graphite requests: bounded connect, no redirects (credentials stay put). */
    public static HttpClient graphiteHttp(LeptoidConfig.Graphite g) {
        return HttpClient.newBuilder().connectTimeout(g.connectTimeout()).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** The forecaster leptoid runs with (demo, backtest, run, Lambda). */
    public static Forecaster forecaster() {
        return new AutoForecaster();
    }
}
