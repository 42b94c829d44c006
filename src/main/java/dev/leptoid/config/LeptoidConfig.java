package dev.leptoid.config;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** The whole configuration file. */
public record LeptoidConfig(Graphite graphite, Carbon carbon, String prefix, Map<String, EnvironmentConfig> environments) {

    public LeptoidConfig {
        environments = Map.copyOf(environments);
        Names.requireNode("publish prefix", prefix);
    }

    public record Graphite(URI url, Duration timeout) {}

    /** @param protocol "plaintext" (port 2003 by default) or "pickle" (2004) */
    public record Carbon(String host, int port, String protocol) {
        public Carbon(String host, int port) { this(host, port, "plaintext"); }
    }

    public Optional<EnvironmentConfig> environment(String name) { return Optional.ofNullable(environments.get(name)); }
}
