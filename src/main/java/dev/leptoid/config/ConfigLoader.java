package dev.leptoid.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.dataformat.yaml.YAMLAnchorReplayingFactory;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.Locale;

/**
 * Reads a YAML or JSON configuration into {@link LeptoidConfig}, strictly: unknown keys, bad
 * units, bad names and bad numbers are errors naming the file and the key path.
 * No reflection: the tree is walked by hand.
 */
public final class ConfigLoader {

    private static final Set<String> TOP = Set.of("graphite", "carbon", "publish", "defaults", "environments");
    private static final Set<String> GRAPHITE = Set.of("url", "timeout", "connect_timeout", "attempts", "retry_backoff",
            "max_points", "max_bytes", "auth");
    private static final Set<String> AUTH = Set.of("type", "user", "password_env", "token_env");
    private static final Set<String> CARBON = Set.of("host", "port", "protocol");
    private static final Set<String> PUBLISH = Set.of("prefix", "cloudwatch_namespace");
    private static final Set<String> DEFAULTS = Set.of("metrics", "policy", "forecast");
    private static final Set<String> ENVIRONMENT = Set.of("mode", "services", "defaults");
    private static final Set<String> SERVICE = Set.of("auto_scaling_group", "metrics", "policy", "forecast");
    private static final Set<String> FORECAST = Set.of("refit_interval");
    private static final Set<String> METRICS = Set.of("arrival_rate", "arrival_rate_unit", "service_time",
            "service_time_unit", "utilization", "utilization_unit", "instance_node", "step", "lookback");
    private static final Set<String> POLICY = Set.of("target_utilization", "lead_time", "run_interval", "quantile",
            "stabilization", "max_scale_in_step", "min_capacity", "max_capacity", "max_staleness", "latency_objective", "slo");
    private static final Set<String> LATENCY = Set.of("wait", "probability", "service_time");
    private static final Set<String> SLO = Set.of("utilization_limit", "breach_budget");
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|min|h|d)");
    // Upper bounds of durations (README's configuration table lists them). They keep every derived
    // count (forecast steps, points read, waits) far from overflow and within a Lambda's memory and time.
    private static final Duration MILLISECOND = Duration.ofMillis(1);
    private static final Duration MAX_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration MAX_CONNECT_TIMEOUT = Duration.ofMinutes(1);
    private static final Duration MAX_LOOKBACK = Duration.ofDays(90);
    private static final long MAX_LOOKBACK_STEPS = 200_000;

    private final String source;

    private ConfigLoader(String source) { this.source = source; }

    public static LeptoidConfig load(Path file) throws ConfigException {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read configuration (" + e.getMessage() + ")");
        }
        return parse(text, file.toString());
    }

    /** Parses YAML (JSON is YAML too). {@code source} names the text in errors. */
    public static LeptoidConfig parse(String text, String source) throws ConfigException {
        JsonNode root = tree(text, source);
        if (root == null || !root.isObject()) throw new ConfigException(source + ": the configuration must be a mapping");
        try {
            return new ConfigLoader(source).config(root);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(source + ": " + e.getMessage());
        }
    }

    /**
     * The document as a tree, read strictly by the parser itself: a key given twice in one mapping
     * (at any depth, YAML or JSON) and anything after the first document are errors; aliases
     * ({@code *name}) are resolved by replaying their anchor, within the parser's own limits on
     * anchors and replayed events. Every error is one line: {@code source:line:column: what}.
     */
    public static JsonNode tree(String text, String source) throws ConfigException {
        YAMLAnchorReplayingFactory yaml = new YAMLAnchorReplayingFactory();
        yaml.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION.mappedFeature());
        ObjectReader reader = new ObjectMapper(yaml).reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        try {
            return reader.readTree(text);
        } catch (JsonProcessingException e) {
            throw syntaxError(e, source);
        }
    }

    private static ConfigException syntaxError(JsonProcessingException e, String source) {
        String where = e.getLocation() == null ? "" : ":" + e.getLocation().getLineNr() + ":" + e.getLocation().getColumnNr();
        if (e.getOriginalMessage().startsWith("Duplicate field") && e.getProcessor() instanceof JsonParser p) {
            String key = p.getParsingContext().pathAsPointer().toString().substring(1)
                    .replace('/', '.').replace("~1", "/").replace("~0", "~");
            return new ConfigException(source + where + ": " + Names.printable(key) + ": duplicate key (each key may appear once)");
        }
        if (e.getOriginalMessage().startsWith("Trailing token"))
            return new ConfigException(source + where + ": more than one document (a configuration is one mapping)");
        if (e.getCause() instanceof MarkedYAMLException y) {
            Mark m = y.getProblemMark();
            String at = m == null ? where : ":" + (m.getLine() + 1) + ":" + (m.getColumn() + 1);
            String context = y.getContext() == null ? "" : " (" + y.getContext() + ")";
            return new ConfigException(source + at + ": not valid YAML: " + Names.printable(y.getProblem() + context));
        }
        return new ConfigException(source + where + ": not valid YAML or JSON: "
                + Names.printable(e.getOriginalMessage().lines().findFirst().orElse("")));
    }

    private LeptoidConfig config(JsonNode root) throws ConfigException {
        keys(root, TOP, "");
        JsonNode g = object(root, "graphite", "");
        LeptoidConfig.Graphite graphite = null;
        if (g != null) {
            keys(g, GRAPHITE, "graphite");
            String url = text(g, "url", "graphite", null);
            URI uri = url == null ? null : uri(url, "graphite.url");
            LeptoidConfig.Graphite d = LeptoidConfig.Graphite.DEFAULTS;
            Duration timeout = duration(g, "timeout", "graphite", d.timeout(), MILLISECOND, MAX_TIMEOUT);
            Duration connect = duration(g, "connect_timeout", "graphite", d.connectTimeout(), MILLISECOND, MAX_CONNECT_TIMEOUT);
            int attempts = integer(g, "attempts", "graphite", d.attempts(), 1, 10);
            Duration backoff = duration(g, "retry_backoff", "graphite", d.retryBackoff(), Duration.ZERO, MAX_CONNECT_TIMEOUT);
            long maxPoints = integer(g, "max_points", "graphite", (int) d.maxPoints(), 1000, Integer.MAX_VALUE);
            long maxBytes = integer(g, "max_bytes", "graphite", (int) d.maxBytes(), 1 << 16, Integer.MAX_VALUE);
            graphite = new LeptoidConfig.Graphite(uri, timeout, connect, attempts, backoff, maxPoints, maxBytes, auth(g));
        }
        JsonNode c = object(root, "carbon", "");
        LeptoidConfig.Carbon carbon = null;
        if (c != null) {
            keys(c, CARBON, "carbon");
            String host = text(c, "host", "carbon", null);
            if (host == null) throw error("carbon.host", "is required when carbon is configured");
            String protocol = text(c, "protocol", "carbon", "plaintext");
            if (!protocol.equals("plaintext") && !protocol.equals("pickle"))
                throw error("carbon.protocol", "'" + Names.printable(protocol) + "' is not one of plaintext, pickle");
            int port = integer(c, "port", "carbon", protocol.equals("pickle") ? 2004 : 2003, 1, 65535);
            carbon = new LeptoidConfig.Carbon(host, port, protocol);
        }
        JsonNode p = object(root, "publish", "");
        String prefix = "leptoid";
        String namespace = null;
        if (p != null) {
            keys(p, PUBLISH, "publish");
            prefix = text(p, "prefix", "publish", prefix);
            if (!Names.isValidNode(prefix)) throw error("publish.prefix", "must be one node of A-Z a-z 0-9 _ -");
            namespace = text(p, "cloudwatch_namespace", "publish", null);
            if (namespace != null && !namespace.matches("[A-Za-z0-9_./#:-]{1,255}") || namespace != null && namespace.startsWith("AWS/"))
                throw error("publish.cloudwatch_namespace", "must be 1-255 of A-Z a-z 0-9 . - _ / # : and not start with AWS/");
        }
        JsonNode topDefaults = object(root, "defaults", "");
        if (topDefaults != null) keys(topDefaults, DEFAULTS, "defaults");
        JsonNode envs = object(root, "environments", "");
        if (envs == null || envs.isEmpty()) throw error("environments", "is required: at least one environment");
        Map<String, EnvironmentConfig> environments = new LinkedHashMap<>();
        // group name -> where it is named: in one environment, or in two that act, two services would fight over it;
        // an environment that only forecasts or dry-runs may shadow an acting one (e.g. to compare settings)
        Map<String, String> acting = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = envs.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            EnvironmentConfig env = environment(e.getKey(), e.getValue(), topDefaults);
            Map<String, String> here = new HashMap<>();
            for (ServiceConfig s : env.services()) {
                if (s.autoScalingGroup() == null) continue;
                String at = "environments." + env.name() + ".services." + s.name();
                String other = here.putIfAbsent(s.autoScalingGroup(), at);
                if (other == null && env.mode() == EnvironmentConfig.Mode.ACT) other = acting.putIfAbsent(s.autoScalingGroup(), at);
                if (other != null)
                    throw error(at + ".auto_scaling_group", "'" + Names.printable(s.autoScalingGroup()) + "' is also the group of "
                            + other + (env.mode() == EnvironmentConfig.Mode.ACT && !other.startsWith("environments." + env.name() + ".")
                            ? " (both environments act)" : "") + ": each would size it for its own load alone (one group, one service)");
            }
            environments.put(e.getKey(), env);
        }
        return new LeptoidConfig(graphite, carbon, prefix, namespace, environments);
    }

    private LeptoidConfig.Auth auth(JsonNode g) throws ConfigException {
        JsonNode a = object(g, "auth", "graphite");
        if (a == null) return LeptoidConfig.Auth.NONE;
        String at = "graphite.auth";
        keys(a, AUTH, at);
        String type = text(a, "type", at, null);
        if (type == null) throw error(at + ".type", "is required: basic or bearer");
        String user = text(a, "user", at, null);
        String passwordEnv = text(a, "password_env", at, null);
        String tokenEnv = text(a, "token_env", at, null);
        switch (type) {
            case "basic" -> {
                if (user == null || user.isEmpty() || user.contains(":")) throw error(at + ".user", "is required for basic auth (no ':')");
                if (passwordEnv == null) throw error(at + ".password_env", "is required for basic auth: the name of the environment variable holding the password");
                if (tokenEnv != null) throw error(at + ".token_env", "is for bearer auth, not basic");
                envName(passwordEnv, at + ".password_env");
                return new LeptoidConfig.Auth("basic", user, passwordEnv);
            }
            case "bearer" -> {
                if (tokenEnv == null) throw error(at + ".token_env", "is required for bearer auth: the name of the environment variable holding the token");
                if (user != null || passwordEnv != null) throw error(at, "bearer auth takes only token_env");
                envName(tokenEnv, at + ".token_env");
                return new LeptoidConfig.Auth("bearer", null, tokenEnv);
            }
            default -> throw error(at + ".type", "'" + Names.printable(type) + "' is not one of basic, bearer");
        }
    }

    /** The name of an environment variable (never its value: secrets stay out of the file). */
    private void envName(String name, String at) throws ConfigException {
        if (!name.matches("[A-Za-z_][A-Za-z0-9_]{0,127}"))
            throw error(at, "must be the name of an environment variable (A-Z 0-9 _), not the secret itself");
    }

    private EnvironmentConfig environment(String name, JsonNode env, JsonNode topDefaults) throws ConfigException {
        String at = "environments." + Names.printable(name);
        if (!Names.isValidNode(name)) throw error(at, "environment name is not allowed: use 1-128 of A-Z a-z 0-9 _ - (no Graphite metacharacters such as * { } ( ) [ ] , ; or '.')");
        if (!env.isObject()) throw error(at, "must be a mapping");
        keys(env, ENVIRONMENT, at);
        EnvironmentConfig.Mode mode;
        try {
            mode = EnvironmentConfig.Mode.parse(text(env, "mode", at, "dry-run"));
        } catch (IllegalArgumentException e) {
            throw error(at + ".mode", e.getMessage());
        }
        JsonNode envDefaults = object(env, "defaults", at);
        if (envDefaults != null) keys(envDefaults, DEFAULTS, at + ".defaults");
        JsonNode services = object(env, "services", at);
        if (services == null || services.isEmpty()) throw error(at + ".services", "is required: at least one service");
        List<ServiceConfig> list = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = services.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> s = it.next();
            list.add(service(name, s.getKey(), s.getValue(), at + ".services", topDefaults, envDefaults));
        }
        return new EnvironmentConfig(name, mode, list);
    }

    private ServiceConfig service(String env, String name, JsonNode svc, String parent, JsonNode... defaults)
            throws ConfigException {
        String at = parent + "." + Names.printable(name);
        if (!Names.isValidNode(name)) throw error(at, "service name is not allowed: use 1-128 of A-Z a-z 0-9 _ - (no Graphite metacharacters such as * { } ( ) [ ] , ; or '.')");
        if (!svc.isObject()) throw error(at, "must be a mapping");
        keys(svc, SERVICE, at);
        // no auto_scaling_group: the group tagged leptoid:environment=<env>, leptoid:service=<service>
        String group = text(svc, "auto_scaling_group", at, null);
        if (group != null && (group.isEmpty() || group.length() > 255 || group.chars().anyMatch(Character::isISOControl)))
            throw error(at + ".auto_scaling_group", "must be 1-255 printable characters");
        JsonNode metrics = merged(svc, "metrics", at, defaults);
        keys(metrics, METRICS, at + ".metrics");
        JsonNode policy = merged(svc, "policy", at, defaults);
        keys(policy, POLICY, at + ".policy");
        MetricsConfig m = metrics(metrics, at + ".metrics");
        PolicySettings p = policy(policy, at + ".policy");
        JsonNode forecast = merged(svc, "forecast", at, defaults);
        keys(forecast, FORECAST, at + ".forecast");
        ForecastSettings f = new ForecastSettings(duration(forecast, "refit_interval", at + ".forecast",
                ForecastSettings.DEFAULTS.refitInterval(), Duration.ZERO, Duration.ofDays(1)));
        if (m.direct() && p.latencyObjective().isPresent() && p.latencyObjective().get().serviceTime().isEmpty())
            throw error(at + ".policy.latency_objective.service_time", "is required: the metrics give utilization, not service time");
        return new ServiceConfig(name, group, m, p, f);
    }

    /** The service's own section over the environment's defaults over the top-level defaults. */
    private JsonNode merged(JsonNode svc, String section, String at, JsonNode... defaults) throws ConfigException {
        var out = new ObjectMapper().createObjectNode();
        for (JsonNode d : defaults) {
            if (d == null) continue;
            JsonNode part = d.get(section);
            if (part != null && !part.isObject()) throw error("defaults." + section, "must be a mapping");
            if (part != null) out.setAll((com.fasterxml.jackson.databind.node.ObjectNode) part);
        }
        JsonNode own = object(svc, section, at);
        if (own != null) out.setAll((com.fasterxml.jackson.databind.node.ObjectNode) own);
        return out;
    }

    private MetricsConfig metrics(JsonNode m, String at) throws ConfigException {
        Optional<String> rate = Optional.ofNullable(template(m, "arrival_rate", at));
        Optional<String> time = Optional.ofNullable(template(m, "service_time", at));
        Optional<String> util = Optional.ofNullable(template(m, "utilization", at));
        if (util.isPresent() && (rate.isPresent() || time.isPresent()))
            throw error(at, "give either utilization, or arrival_rate and service_time, not both");
        if (util.isEmpty() && (rate.isEmpty() || time.isEmpty()))
            throw error(at, "needs arrival_rate and service_time (or utilization)");
        for (Optional<String> t : List.of(rate, time, util))
            if (t.isPresent() && !t.get().contains("{instance}"))
                throw error(at, "metric template '" + t.get() + "' has no {instance} placeholder");
        MetricsConfig.RateUnit rateUnit = unit(m, "arrival_rate_unit", at, MetricsConfig.RateUnit.class, MetricsConfig.RateUnit.PER_SECOND);
        MetricsConfig.TimeUnit timeUnit = unit(m, "service_time_unit", at, MetricsConfig.TimeUnit.class, MetricsConfig.TimeUnit.MILLISECONDS);
        MetricsConfig.UtilizationUnit utilUnit = unit(m, "utilization_unit", at, MetricsConfig.UtilizationUnit.class, MetricsConfig.UtilizationUnit.PERCENT);
        String any = util.orElse(rate.orElse(""));
        int defaultNode = List.of(any.split("\\.")).indexOf("{instance}");
        int node = integer(m, "instance_node", at, defaultNode, 0, 64);
        Duration step = duration(m, "step", at, Duration.ofMinutes(1), Duration.ofSeconds(1), Duration.ofDays(1));
        Duration lookback = duration(m, "lookback", at, Duration.ofDays(7), Duration.ofSeconds(10), MAX_LOOKBACK);
        if (lookback.compareTo(step.multipliedBy(10)) < 0) throw error(at + ".lookback", "must cover at least 10 steps");
        if (lookback.dividedBy(step) > MAX_LOOKBACK_STEPS)
            throw error(at + ".lookback", "must be at most " + MAX_LOOKBACK_STEPS + " steps (step " + show(step) + ")");
        if (lookback.toSeconds() % step.toSeconds() != 0 || step.toMillis() % 1000 != 0)
            throw error(at + ".lookback", "must be a whole number of steps (step " + step.toSeconds() + "s)");
        String[] nodes = any.split("\\.");
        if (node >= nodes.length || !nodes[node].contains("{instance}"))
            throw error(at + ".instance_node", "node " + node + " of '" + Names.printable(any) + "' is not the {instance} node");
        return new MetricsConfig(rate, rateUnit, time, timeUnit, util, utilUnit, node, step, lookback);
    }

    private PolicySettings policy(JsonNode p, String at) throws ConfigException {
        PolicySettings d = PolicySettings.DEFAULTS;
        double target = number(p, "target_utilization", at, d.targetUtilization());
        if (!(target > 0 && target < 1)) throw error(at + ".target_utilization", "must be between 0 and 1, got " + target);
        double q = number(p, "quantile", at, d.quantile());
        if (!(q > 50 && q < 100)) throw error(at + ".quantile", "must be between 50 and 100 (percent), got " + q);
        int min = integer(p, "min_capacity", at, d.minCapacity(), 0, 100_000);
        int max = integer(p, "max_capacity", at, d.maxCapacity(), 0, 100_000);
        if (max < min) throw error(at + ".max_capacity", "(" + max + ") is below min_capacity (" + min + ")");
        Duration interval = duration(p, "run_interval", at, d.runInterval(), Duration.ofSeconds(1), Duration.ofDays(1));
        return new PolicySettings(target, duration(p, "lead_time", at, d.leadTime(), Duration.ZERO, Duration.ofDays(1)), interval, q,
                duration(p, "stabilization", at, d.stabilization(), Duration.ZERO, Duration.ofDays(1)),
                p.has("max_scale_in_step") ? integer(p, "max_scale_in_step", at, PolicySettings.MIN_SCALE_IN_STEP, 1, 100_000) : d.maxScaleInStep(), min, max,
                duration(p, "max_staleness", at, d.maxStaleness(), Duration.ZERO, Duration.ofDays(1)), latency(p, at), slo(p, at));
    }

    /**
     * {@code slo: {utilization_limit: 0.85, breach_budget: 0.001}}; beside it, {@code target_utilization}
     * (optional) is the mean target and {@code quantile} is derived, so it may not be given.
     */
    private Optional<Slo> slo(JsonNode p, String at) throws ConfigException {
        JsonNode o = object(p, "slo", at);
        if (o == null) return Optional.empty();
        String here = at + ".slo";
        keys(o, SLO, here);
        if (p.get("quantile") != null)
            throw error(at + ".quantile", "is derived from slo.breach_budget: give one of them, not both");
        double limit = number(o, "utilization_limit", here, 0.85);
        if (!(limit > 0 && limit < 1)) throw error(here + ".utilization_limit", "must be between 0 and 1, got " + limit);
        double budget = number(o, "breach_budget", here, 0.001);
        if (!(budget > 0 && budget < 1))
            throw error(here + ".breach_budget", "must be between 0 and 1 (a fraction of minutes, 0.001 = 0.1%), got " + budget);
        JsonNode u = p.get("target_utilization");
        if (u != null && !(u.asDouble() <= limit))
            throw error(at + ".target_utilization", "with an slo is the mean target and must not exceed slo.utilization_limit ("
                    + limit + "), got " + u.asDouble());
        return Optional.of(new Slo(limit, budget, u == null ? OptionalDouble.empty() : OptionalDouble.of(u.asDouble())));
    }

    /** {@code latency_objective: {wait: 100ms, probability: 0.01, service_time: 80ms}} (service_time optional). */
    private Optional<LatencyObjective> latency(JsonNode p, String at) throws ConfigException {
        JsonNode l = object(p, "latency_objective", at);
        if (l == null) return Optional.empty();
        String here = at + ".latency_objective";
        keys(l, LATENCY, here);
        if (l.get("wait") == null) throw error(here + ".wait", "is required (e.g. 100ms)");
        if (l.get("probability") == null) throw error(here + ".probability", "is required (e.g. 0.01)");
        Duration wait = duration(l, "wait", here, null, Duration.ZERO, Duration.ofHours(1));
        double probability = number(l, "probability", here, Double.NaN);
        if (!(probability > 0 && probability < 1))
            throw error(here + ".probability", "must be between 0 and 1 (a fraction, 0.01 = 1%), got " + probability);
        Duration serviceTime = duration(l, "service_time", here, null, MILLISECOND, Duration.ofHours(1));
        return Optional.of(new LatencyObjective(wait, probability, Optional.ofNullable(serviceTime)));
    }

    // --- small typed readers, each naming the key path in its error ---

    private void keys(JsonNode node, Set<String> allowed, String at) throws ConfigException {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!allowed.contains(k))
                throw error(join(at, k), "unknown key (allowed: " + String.join(", ", allowed.stream().sorted().toList()) + ")");
        }
    }

    private JsonNode object(JsonNode parent, String key, String at) throws ConfigException {
        JsonNode n = parent.get(key);
        if (n == null || n.isNull()) return null;
        if (!n.isObject()) throw error(join(at, key), "must be a mapping");
        return n;
    }

    private String text(JsonNode parent, String key, String at, String fallback) throws ConfigException {
        JsonNode n = parent.get(key);
        if (n == null || n.isNull()) return fallback;
        if (!n.isValueNode() || n.isBoolean()) throw error(join(at, key), "must be a string");
        return n.asText();
    }

    private String template(JsonNode parent, String key, String at) throws ConfigException {
        String t = text(parent, key, at, null);
        if (t != null && !Names.isValidTemplate(t))
            throw error(join(at, key), "'" + Names.printable(t)
                    + "' is not a plain metric path: only A-Z a-z 0-9 _ - . and {environment} {service} {instance}"
                    + " (no wildcards or functions)");
        if (t != null) {
            String rest = t.replace("{environment}", "").replace("{service}", "").replace("{instance}", "");
            if (rest.contains("{") || rest.contains("}")) throw error(join(at, key), "unknown placeholder in '" + t + "'");
        }
        return t;
    }

    private double number(JsonNode parent, String key, String at, double fallback) throws ConfigException {
        JsonNode n = parent.get(key);
        if (n == null || n.isNull()) return fallback;
        if (!n.isNumber()) throw error(join(at, key), "must be a number, got '" + Names.printable(n.asText()) + "'");
        return n.asDouble();
    }

    private int integer(JsonNode parent, String key, String at, int fallback, int lo, int hi) throws ConfigException {
        JsonNode n = parent.get(key);
        if (n == null || n.isNull()) return fallback;
        if (!n.isIntegralNumber()) throw error(join(at, key), "must be a whole number, got '" + Names.printable(n.asText()) + "'");
        // checked before narrowing: 4294967308 must not wrap to 12
        if (!n.canConvertToLong() || n.longValue() < lo || n.longValue() > hi)
            throw error(join(at, key), "must be between " + lo + " and " + hi + ", got " + Names.printable(n.asText()));
        return n.intValue();
    }

    /** A duration within [{@code min}, {@code max}] (both inclusive); the error names the key and the bounds. */
    private Duration duration(JsonNode parent, String key, String at, Duration fallback, Duration min, Duration max)
            throws ConfigException {
        JsonNode n = parent.get(key);
        if (n == null || n.isNull()) return fallback;
        if (!n.isValueNode() || n.isBoolean()) throw error(join(at, key), "must be a duration (e.g. 90s, 5m, 1h, 7d)");
        Duration d;
        try {
            d = parseDuration(n.asText());
        } catch (IllegalArgumentException e) {
            throw error(join(at, key), e.getMessage());
        }
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0)
            throw error(join(at, key), "must be between " + show(min) + " and " + show(max) + ", got " + Names.printable(n.asText()));
        return d;
    }

    /** 0, 250ms, 90s, 5m, 2h, 7d: the largest unit that divides the duration. */
    private static String show(Duration d) {
        if (d.isZero()) return "0";
        if (d.toMillis() % 1000 != 0) return d.toMillis() + "ms";
        long s = d.toSeconds();
        if (s % 86_400 == 0) return s / 86_400 + "d";
        if (s % 3600 == 0) return s / 3600 + "h";
        if (s % 60 == 0) return s / 60 + "m";
        return s + "s";
    }

    private <E extends Enum<E>> E unit(JsonNode parent, String key, String at, Class<E> type, E fallback)
            throws ConfigException {
        String t = text(parent, key, at, null);
        if (t == null) return fallback;
        for (E e : type.getEnumConstants())
            if (e.name().equalsIgnoreCase(t.replace('-', '_'))) return e;
        List<String> names = new ArrayList<>();
        for (E e : type.getEnumConstants()) names.add(e.name().toLowerCase(Locale.ROOT));
        throw error(join(at, key), "unknown unit '" + Names.printable(t) + "' (one of " + String.join(", ", names) + ")");
    }

    private URI uri(String s, String at) throws ConfigException {
        try {
            URI u = URI.create(s);
            // 'http:nohost' (opaque) and 'http:///render' (empty authority) parse, but name no host
            if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme()) || u.getHost() == null)
                throw error(at, "must be an http or https URL with a host (http://host:port), got '" + Names.printable(s) + "'");
            if (u.getUserInfo() != null) throw error(at, "must not carry credentials in the URL");
            return u;
        } catch (IllegalArgumentException e) {
            throw error(at, "is not a URL: '" + Names.printable(s) + "'");
        }
    }

    /**
     * "90s", "5m", "1h", "7d", "250ms", ISO-8601 "PT5M", or a number of seconds. Negative durations
     * and numbers too large for a {@link Duration} are errors (an {@link IllegalArgumentException}
     * whose message says what is wrong with the value).
     */
    public static Duration parseDuration(String s) {
        String t = s.trim();
        Duration d;
        try {
            d = parse(t);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("'" + Names.printable(s) + "' is too long a duration");
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("'" + Names.printable(s) + "' is not a duration (e.g. 90s, 5m, 1h, 7d)");
        }
        if (d.isNegative()) throw new IllegalArgumentException("'" + Names.printable(s) + "' is negative (durations are 0 or more)");
        return d;
    }

    private static Duration parse(String t) {
        if (t.matches("\\d+")) return Duration.ofSeconds(Long.parseLong(t));
        if (t.startsWith("P") || t.startsWith("p")) return Duration.parse(t);
        Matcher m = DURATION.matcher(t);
        if (!m.matches()) throw new IllegalArgumentException("not a duration");
        long v = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(v);
            case "s" -> Duration.ofSeconds(v);
            case "m", "min" -> Duration.ofMinutes(v);
            case "h" -> Duration.ofHours(v);
            default -> Duration.ofDays(v);
        };
    }

    private static String join(String at, String key) { return at.isEmpty() ? key : at + "." + key; }

    private ConfigException error(String key, String message) {
        return new ConfigException(source + ": " + key + ": " + message);
    }
}
