package dev.leptoid.source;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * How leptoid authenticates to graphite-web: not at all, HTTP basic, or a bearer token. The
 * secret is read once (from an environment variable or a secret store) and only ever leaves
 * this object as an {@code Authorization} header; {@link #toString()} never shows it.
 */
public sealed interface GraphiteAuth permits GraphiteAuth.None, GraphiteAuth.Basic, GraphiteAuth.Bearer {

    GraphiteAuth NONE = new None();

    /** The {@code Authorization} header value, if any. */
    Optional<String> header();

    record None() implements GraphiteAuth {
        @Override public Optional<String> header() { return Optional.empty(); }
    }

    record Basic(String user, String password) implements GraphiteAuth {
        public Basic {
            if (user == null || user.isEmpty() || user.contains(":"))
                throw new IllegalArgumentException("basic auth user must be non-empty and without ':'");
            if (password == null || password.isEmpty()) throw new IllegalArgumentException("basic auth password is empty");
        }

        @Override public Optional<String> header() {
            byte[] pair = (user + ":" + password).getBytes(StandardCharsets.UTF_8);
            return Optional.of("Basic " + Base64.getEncoder().encodeToString(pair));
        }

        @Override public String toString() { return "Basic[user=" + user + ", password=***]"; }
    }

    record Bearer(String token) implements GraphiteAuth {
        public Bearer {
            if (token == null || token.isBlank()) throw new IllegalArgumentException("bearer token is empty");
            if (token.chars().anyMatch(c -> c < 0x21 || c > 0x7e))
                throw new IllegalArgumentException("bearer token has characters not allowed in a header");
        }

        @Override public Optional<String> header() { return Optional.of("Bearer " + token); }

        @Override public String toString() { return "Bearer[token=***]"; }
    }
}
