package dev.leptoid.lambda;

import dev.leptoid.app.Assembly;
import dev.leptoid.config.ConfigException;
import dev.leptoid.config.LeptoidConfig;
import dev.leptoid.source.GraphiteAuth;
import dev.leptoid.source.SourceException;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeSet;

/**
 * What one Lambda container keeps between invocations, and the Lambda's inputs to {@link Assembly}.
 * The AWS clients are built once (in the SnapStart snapshot). The configuration is not: it is read
 * at invocation ({@link #current()}) and kept for {@link #CONFIG_TTL}, so an edit to the SSM
 * parameter applies within one schedule period, and a missing parameter fails the invocation with
 * one line instead of the deploy. {@link #forget()} drops it and the Graphite credentials (before a
 * snapshot and after a restore).
 *
 * <p>Graphite credentials: the Secrets Manager secret named by {@code LEPTOID_GRAPHITE_SECRET}
 * when set, else {@code graphite.auth} of the configuration with its secret from the function's
 * environment variable -- the same rule as the CLI.
 */
final class LambdaWiring {

    /** How long a configuration read at invocation is used before it is read again. */
    static final Duration CONFIG_TTL = Duration.ofMinutes(1);

    /** Where the configuration document comes from. */
    @FunctionalInterface
    interface ConfigSource {
        LambdaConfigSource.Loaded load() throws ConfigException;
    }

    private record Current(LambdaConfigSource.Loaded loaded, Assembly assembly, Instant readAt) {}

    private final ConfigSource configs;
    /** {@code emf} (the default) or {@code put-metric-data}: how run health reaches CloudWatch. */
    static final String RUN_HEALTH = "LEPTOID_RUN_HEALTH";

    private final Map<String, String> env;
    private final LambdaClients clients;
    /** Null: one client per configuration, from its graphite section. */
    private final HttpClient http;
    /** Null when no Secrets Manager secret is named. */
    private final SecretCredentials credentials;
    private final PrintStream log;
    private final Clock clock;
    private Current current;

    LambdaWiring(ConfigSource configs, Map<String, String> env, LambdaClients clients, HttpClient http,
                 PrintStream log, Clock clock) {
        this.configs = configs;
        this.env = env;
        this.clients = clients;
        this.http = http;
        String secret = env.get(LambdaConfigSource.GRAPHITE_SECRET);
        this.credentials = secret == null || secret.isBlank() ? null : new SecretCredentials(clients.secrets(), secret.trim());
        this.log = log;
        this.clock = clock;
    }

    /** For tests and embedding: a configuration already validated and clients already built. */
    static LambdaWiring of(LeptoidConfig config, AutoScalingClient autoScaling, HttpClient http, Clock clock) {
        LambdaConfigSource.Loaded loaded = new LambdaConfigSource.Loaded(config, "given configuration");
        return new LambdaWiring(() -> loaded, System.getenv(), new LambdaClients(autoScaling, () -> null, () -> null,
                () -> null), http, System.err, clock);
    }

    /** What the Lambda runtime gets: configuration and credentials located by environment variables. */
    static LambdaWiring fromEnvironment(Map<String, String> env, LambdaClients clients, Clock clock) {
        return new LambdaWiring(new LambdaConfigSource(env, clients.ssm())::load, env, clients, null, System.err, clock);
    }

    LambdaClients clients() { return clients; }

    /**
     * The assembly of the configuration as it is now: read again when the last read is older than
     * {@link #CONFIG_TTL}, rebuilt only when the configuration changed.
     *
     * @throws ConfigUnavailableException when the configuration cannot be read or is invalid (one line)
     */
    synchronized Assembly current() {
        Instant now = clock.instant();
        if (current != null && now.isBefore(current.readAt().plus(CONFIG_TTL))) return current.assembly();
        LambdaConfigSource.Loaded loaded;
        try {
            loaded = configs.load();
        } catch (ConfigException e) {
            throw new ConfigUnavailableException(e.getMessage());
        }
        if (current != null && current.loaded().equals(loaded)) {
            current = new Current(loaded, current.assembly(), now);
            return current.assembly();
        }
        Assembly assembly = assemble(loaded);
        log.println(JsonLine.info("configuration", "leptoid: configuration from " + loaded.origin() + "; environments "
                + new TreeSet<>(loaded.config().environments().keySet())));
        current = new Current(loaded, assembly, now);
        return assembly;
    }

    private Assembly assemble(LambdaConfigSource.Loaded loaded) {
        LeptoidConfig config = loaded.config();
        if (config.graphite() == null || config.graphite().url() == null)
            throw new ConfigUnavailableException(loaded.origin() + ": graphite.url is required (or set "
                    + LambdaConfigSource.GRAPHITE_URL + ")");
        GraphiteAuth auth;
        try {
            auth = credentials != null ? credentials : GraphiteAuth.fromEnvironment(config.graphite().auth(), env::get);
        } catch (SourceException e) {
            throw new ConfigUnavailableException(loaded.origin() + ": " + e.getMessage());
        }
        // run health as Embedded Metric Format lines unless the template asks for PutMetricData
        Assembly.Aws aws = new Assembly.Aws(clients.autoScaling(), clients.cloudWatch(),
                "put-metric-data".equals(env.get(RUN_HEALTH)) ? null : System.out);
        try {
            return http == null ? Assembly.assemble(config, auth, aws, new Assembly.ToGraphite(), log, clock)
                    : Assembly.assemble(config, auth, http, aws, new Assembly.ToGraphite(), log, clock);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // only a directory output can fail, and the Lambda has none
        }
    }

    /** Drops the configuration and the Graphite credentials; the next invocation reads both again. */
    synchronized void forget() {
        current = null;
        if (credentials != null) credentials.forget();
    }
}
