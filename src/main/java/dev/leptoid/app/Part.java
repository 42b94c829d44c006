package dev.leptoid.app;

import dev.leptoid.config.EnvironmentConfig;
import dev.leptoid.config.Names;
import dev.leptoid.config.ServiceConfig;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The part of an environment one run covers (an environment too big for one run is split across
 * several, each with its part; the Lambda takes it from its input, the command line from
 * {@code --service} / {@code --shard}):
 * <ul>
 *   <li>{@code services}: exactly these services, each one configured;</li>
 *   <li>{@code shard} k/n: the services sorted by name, every n-th from the k-th (index % n == k - 1),
 *       so the shards 1/n..n/n are disjoint and together cover every service, and adding a service
 *       moves only services sorted after it.</li>
 * </ul>
 * With neither, the whole environment.
 */
public record Part(List<String> services, Optional<Shard> shard) {

    /** The whole environment. */
    public static final Part WHOLE = new Part(List.of(), Optional.empty());

    public Part {
        services = List.copyOf(services);
        if (!services.isEmpty() && shard.isPresent()) throw new IllegalArgumentException("services and shard exclude each other (give one)");
        Set<String> seen = new TreeSet<>();
        for (String s : services)
            if (!seen.add(Names.requireNode("service", s))) throw new IllegalArgumentException("service '" + s + "' is named twice");
    }

    /**
     * Shard {@code number} of {@code count} (1-based): of the services sorted by name, those whose
     * index % count == number - 1.
     */
    public record Shard(int number, int count) {
        /** Most shards an environment may be split into. */
        public static final int MAX_COUNT = 1000;

        public Shard {
            if (count < 1 || count > MAX_COUNT || number < 1 || number > count)
                throw new IllegalArgumentException("shard " + number + "/" + count + " is not k/n with 1 <= k <= n <= " + MAX_COUNT);
        }

        /** Parses {@code "k/n"}, e.g. {@code "2/4"}. */
        public static Shard parse(String s) {
            if (s.matches("[0-9]{1,4}/[0-9]{1,4}")) {
                int k = Integer.parseInt(s.substring(0, s.indexOf('/')));
                int n = Integer.parseInt(s.substring(s.indexOf('/') + 1));
                if (k >= 1 && n <= MAX_COUNT && k <= n) return new Shard(k, n);
            }
            throw new IllegalArgumentException("'" + Names.printable(s) + "' is not k/n with 1 <= k <= n <= " + MAX_COUNT + " (e.g. \"2/4\")");
        }

        @Override public String toString() { return number + "/" + count; }
    }

    /**
     * The services of {@code env} this part covers, in their configured order.
     *
     * @throws IllegalArgumentException naming a service that is not in {@code env}
     */
    public EnvironmentConfig select(EnvironmentConfig env) {
        Set<String> mine;
        if (!services.isEmpty()) {
            Set<String> known = new TreeSet<>();
            env.services().forEach(s -> known.add(s.name()));
            for (String s : services)
                if (!known.contains(s))
                    throw new IllegalArgumentException("service '" + s + "' is not in environment '" + env.name()
                            + "' (services: " + String.join(", ", known) + ")");
            mine = Set.copyOf(services);
        } else if (shard.isPresent()) {
            List<String> sorted = env.services().stream().map(ServiceConfig::name).sorted(Comparator.naturalOrder()).toList();
            mine = new LinkedHashSet<>();
            for (int i = shard.get().number() - 1; i < sorted.size(); i += shard.get().count()) mine.add(sorted.get(i));
        } else {
            return env;
        }
        return new EnvironmentConfig(env.name(), env.mode(), env.services().stream().filter(s -> mine.contains(s.name())).toList());
    }

    /** How a report's summary line names the part: empty for the whole environment. */
    public String describe() {
        if (!services.isEmpty()) return " (services " + String.join(", ", services) + "; run health under run." + healthNode() + ")";
        return shard.filter(s -> s.count() > 1).map(s -> " (shard " + s + ")").orElse("");
    }

    /**
     * The Graphite node under {@code <prefix>.<env>.run} that this part's run health is written to, so
     * that parts running at the same time do not overwrite each other's: {@code shard_2_of_4} for a shard,
     * {@code services_} and 8 hex digits of the SHA-256 of the sorted names for a list of services (the
     * same list gives the same node in any order); null for the whole environment, written to
     * {@code <prefix>.<env>.run} itself.
     */
    public String healthNode() {
        if (!services.isEmpty()) {
            byte[] digest;
            try {
                digest = MessageDigest.getInstance("SHA-256").digest(
                        String.join(",", new TreeSet<>(services)).getBytes(StandardCharsets.UTF_8));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is missing from this JVM", e);
            }
            return "services_" + HexFormat.of().formatHex(digest, 0, 4);
        }
        return shard.filter(s -> s.count() > 1).map(s -> "shard_" + s.number() + "_of_" + s.count()).orElse(null);
    }
}
