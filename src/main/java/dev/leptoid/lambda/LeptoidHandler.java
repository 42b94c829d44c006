package dev.leptoid.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.leptoid.RunReport;
import dev.leptoid.app.Assembly;
import dev.leptoid.config.EnvironmentConfig;
import dev.leptoid.config.LeptoidConfig;
import org.crac.Core;
import org.crac.Resource;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.TreeSet;

/**
 * The Lambda entry point: {@code dev.leptoid.lambda.LeptoidHandler::handleRequest}.
 *
 * <p>Input is an EventBridge Scheduler payload {@code {"environment": "...", "mode": "..."}} or a
 * classic scheduled event with those fields in {@code detail} ({@link ScheduleInput}). One
 * invocation runs {@link dev.leptoid.ScalingRun} over that environment and returns the run report
 * as JSON. A stream handler: the runtime does no reflection-based (de)serialisation.
 *
 * <p>The AWS clients are built once per container in the constructor. The configuration is read at
 * invocation and kept for a minute ({@link LambdaWiring}), so an edit applies within one schedule
 * period and a missing SSM parameter fails the invocation with one line, not the deploy. Under
 * SnapStart, the CRaC hooks prime the hot path before the snapshot and drop the configuration and
 * the Graphite credentials from it; after a restore both are read again on first use.
 *
 * <p>A bad event fails the invocation with one line ({@link BadEventException}) before anything is
 * read or scaled. The run gets the invocation's remaining time less a margin ({@link #timeLimit});
 * a run that could not do its job for every service ({@link RunReport#exitCode()} not 0: data
 * unseen, a dependency unreachable, the time limit, a publication error) logs its report and
 * fails the invocation ({@link RunIncompleteException}), so the function's error alarm sees it.
 */
public final class LeptoidHandler implements RequestStreamHandler, Resource {

    private final LambdaWiring wiring;

    /** What Lambda calls: configuration and clients from the function's environment variables. */
    public LeptoidHandler() {
        this(LambdaWiring.fromEnvironment(System.getenv(), LambdaClients.standard(System.getenv()), Clock.systemUTC()));
        Core.getGlobalContext().register(this);
    }

    /** For tests and embedding: a validated configuration and ready clients. */
    public LeptoidHandler(LeptoidConfig config, AutoScalingClient autoScaling, HttpClient graphiteHttp, Clock clock) {
        this(LambdaWiring.of(config, autoScaling, graphiteHttp, clock));
    }

    LeptoidHandler(LambdaWiring wiring) {
        this.wiring = wiring;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        String report = handle(input.readAllBytes(), context);
        output.write(report.getBytes(StandardCharsets.UTF_8));
        output.flush();
    }

    /** Runs one invocation and returns the report's JSON. */
    public String handle(byte[] event, Context context) {
        ScheduleInput in = ScheduleInput.parse(event);
        Assembly assembly = wiring.current();
        EnvironmentConfig env = assembly.config().environment(in.environment()).orElseThrow(() -> new BadEventException(
                "event: environment '" + in.environment() + "' is not configured (configured: "
                        + String.join(", ", new TreeSet<>(assembly.config().environments().keySet())) + ")"));
        EnvironmentConfig.Mode mode = in.mode().orElse(env.mode());
        RunReport report = assembly.run().run(in.select(env), mode, timeLimit(context), in.part().healthNode());
        String summary = "leptoid: " + report.environment() + in.part().describe() + " " + report.mode() + ": " + report.services().size()
                + " services, " + report.actions() + " actions, " + report.holds() + " holds, " + report.errors()
                + " errors, " + report.cut() + " cut in " + report.durationMillis() + " ms";
        log(context, summary);
        if (report.exitCode() != RunReport.OK) {
            // the report is in the log; the failed invocation is what the function's error alarm counts
            log(context, report.toJson(assembly.redactor()));
            throw new RunIncompleteException(summary + " (exit status " + report.exitCode() + ": "
                    + assembly.redactor().redact(report.firstError()) + ")");
        }
        return report.toJson(assembly.redactor());
    }

    /** Time the run may take: what the invocation has left, less a margin for the run's own write-back. */
    static Duration timeLimit(Context context) {
        if (context == null) return null;
        Duration left = Duration.ofMillis(context.getRemainingTimeInMillis());
        Duration margin = left.dividedBy(10).compareTo(MIN_MARGIN) > 0 ? left.dividedBy(10) : MIN_MARGIN;
        Duration limit = left.minus(margin);
        return limit.isNegative() ? Duration.ZERO : limit;
    }

    /** Kept free at the end of an invocation for flushing Carbon, events and run health. */
    static final Duration MIN_MARGIN = Duration.ofSeconds(10);

    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        System.err.println(JsonLine.info("priming", "leptoid: " + Priming.prime(wiring.clients())));
        wiring.forget();
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        wiring.forget(); // configuration and credentials are read again by the first invocation
    }

    private static void log(Context context, String line) {
        if (context != null && context.getLogger() != null) context.getLogger().log(line + "\n");
        else System.err.println(line);
    }
}
