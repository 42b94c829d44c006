package dev.leptoid.lambda;

import dev.leptoid.ScalingRun;
import dev.leptoid.Wiring;
import dev.leptoid.actuation.AutoScalingGroupActuator;
import dev.leptoid.config.ConfigException;
import dev.leptoid.config.LeptoidConfig;
import dev.leptoid.publication.EventSink;
import dev.leptoid.publication.GraphiteEvents;
import dev.leptoid.source.GraphiteAuth;
import dev.leptoid.source.GraphiteRenderSource;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Everything one Lambda container keeps between invocations: the validated configuration, the
 * Auto Scaling client, the Graphite HTTP client and the {@link ScalingRun} wired from them.
 * Built once, in the handler's constructor (so inside the SnapStart snapshot).
 */
final class LambdaWiring {

    final LeptoidConfig config;
    final String origin;
    final AutoScalingClient autoScaling;
    final HttpClient graphiteHttp;
    final GraphiteRenderSource source;
    final ScalingRun run;
    /** Null when Graphite needs no credentials. */
    final SecretCredentials credentials;

    private LambdaWiring(LeptoidConfig config, String origin, AutoScalingClient autoScaling,
                         Supplier<CloudWatchClient> cloudWatch, HttpClient http,
                         SecretCredentials credentials, Clock clock) {
        if (config.graphite() == null || config.graphite().url() == null)
            throw new IllegalStateException(origin + ": graphite.url is required (or set " + LambdaConfigSource.GRAPHITE_URL + ")");
        this.config = config;
        this.origin = origin;
        this.autoScaling = autoScaling;
        this.credentials = credentials;
        URI url = config.graphite().url();
        Duration timeout = config.graphite().timeout();
        this.graphiteHttp = credentials == null ? http : new AuthenticatingHttpClient(http, url, credentials);
        this.source = new GraphiteRenderSource(graphiteHttp, url, GraphiteRenderSource.options(config.graphite()),
                GraphiteAuth.NONE, GraphiteRenderSource.Sleeper.REAL);
        EventSink events = new GraphiteEvents(graphiteHttp, url, timeout);
        this.run = Wiring.scalingRun(config, source, new AutoScalingGroupActuator(autoScaling), Wiring.carbon(config),
                events, config.cloudWatchNamespace() == null ? null : cloudWatch.get(), List.of(), clock);
    }

    /** For tests and embedding: a configuration and clients already built; no credentials. */
    static LambdaWiring of(LeptoidConfig config, AutoScalingClient autoScaling, HttpClient http, Clock clock) {
        return new LambdaWiring(config, "given configuration", autoScaling, () -> null, http, null, clock);
    }

    /** What the Lambda runtime gets: configuration and credentials located by environment variables. */
    static LambdaWiring fromEnvironment(Map<String, String> env, LambdaClients clients, Clock clock) {
        LambdaConfigSource.Loaded loaded;
        try {
            loaded = new LambdaConfigSource(env, clients.ssm()).load();
        } catch (ConfigException e) {
            throw new IllegalStateException(e.getMessage());
        }
        String secret = env.get(LambdaConfigSource.GRAPHITE_SECRET);
        SecretCredentials credentials = secret == null || secret.isBlank() ? null
                : new SecretCredentials(clients.secrets(), secret.trim());
        Duration timeout = loaded.config().graphite() == null ? Duration.ofSeconds(10) : loaded.config().graphite().timeout();
        HttpClient http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
        return new LambdaWiring(loaded.config(), loaded.origin(), clients.autoScaling(), clients.cloudWatch(), http,
                credentials, clock);
    }
}
