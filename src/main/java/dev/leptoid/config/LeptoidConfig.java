package dev.leptoid.config;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The whole configuration file.
 *
 * @param cloudWatchNamespace where run health goes in CloudWatch; null: not published there
 */
public record LeptoidConfig(Graphite graphite, Carbon carbon, String prefix, String cloudWatchNamespace,
                            Map<String, EnvironmentConfig> environments) {

    public LeptoidConfig {
        environments = Map.copyOf(environments);
        Names.requireNode("publish prefix", prefix);
    }

    public LeptoidConfig(Graphite graphite, Carbon carbon, String prefix, Map<String, EnvironmentConfig> environments) {
        this(graphite, carbon, prefix, null, environments);
    }

    /**
     * graphite-web and how to read it.
     *
     * @param timeout from sending a request to the last byte of its answer
     * @param attempts tries per request (5xx, timeouts and broken connections are retried)
     * @param retryBackoff pause before the second try, doubled after each failure
     * @param maxPoints / maxBytes largest answer accepted
     */
    public record Graphite(URI url, Duration timeout, Duration connectTimeout, int attempts, Duration retryBackoff,
                           long maxPoints, long maxBytes, Auth auth) {
        /** The one home of Graphite's defaults (the configuration loader and the source use these); no URL. */
        public static final Graphite DEFAULTS = new Graphite(null, Duration.ofSeconds(30), Duration.ofSeconds(5), 3,
                Duration.ofMillis(500), 20_000_000, 512L << 20, Auth.NONE);

        public Graphite(URI url, Duration timeout) {
            this(url, timeout, DEFAULTS.connectTimeout, DEFAULTS.attempts, DEFAULTS.retryBackoff, DEFAULTS.maxPoints,
                    DEFAULTS.maxBytes, DEFAULTS.auth);
        }
    }

    /**
     * How to authenticate to graphite-web. The secret itself is never in the configuration: only
     * the name of the environment variable that holds it ({@code secretEnv}).
     *
     * @param type none, basic or bearer
     */
    public record Auth(String type, String user, String secretEnv) {
        public static final Auth NONE = new Auth("none", null, null);
    }

    /** @param protocol "plaintext" (port 2003 by default) or "pickle" (2004) */
    public record Carbon(String host, int port, String protocol) {
        public Carbon(String host, int port) { this(host, port, "plaintext"); }
    }

    public Optional<EnvironmentConfig> environment(String name) { return Optional.ofNullable(environments.get(name)); }
}
