package dev.leptoid.source;

import dev.leptoid.config.LeptoidConfig;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * How leptoid authenticates to graphite-web: the {@code Authorization} header every Graphite
 * request carries (render, find, events, read-back), or none. Filled either from an environment
 * variable ({@link #fromEnvironment}, the CLI's way) or from a secret store (the Lambda reads
 * Secrets Manager). The secret only ever leaves as that header; {@link #secrets()} tells the
 * {@code Redactor} what to remove, and {@link #toString()} never shows it.
 */
public interface GraphiteAuth {

    GraphiteAuth NONE = new None();

    /**
     * The {@code Authorization} header value, if any.
     *
     * @throws SourceException when the secret cannot be read (the request is then not sent)
     */
    Optional<String> header() throws SourceException;

    /** The secret values in use now, for redaction; empty while none has been read. */
    List<String> secrets();

    /**
     * The auth a configuration's {@code graphite.auth} describes, its secret read from the
     * environment variable it names ({@code env} is {@code System::getenv} outside tests).
     */
    static GraphiteAuth fromEnvironment(LeptoidConfig.Auth a, Function<String, String> env) throws SourceException {
        if (a == null || "none".equals(a.type())) return NONE;
        String secret = env.apply(a.secretEnv());
        if (secret == null || secret.isEmpty())
            throw new SourceException("graphite.auth: environment variable " + a.secretEnv() + " is not set or empty");
        try {
            return "basic".equals(a.type()) ? new Basic(a.user(), secret) : new Bearer(secret);
        } catch (IllegalArgumentException e) {
            throw new SourceException("graphite.auth: the value of " + a.secretEnv() + " is not usable: " + e.getMessage());
        }
    }

    record None() implements GraphiteAuth {
        @Override public Optional<String> header() { return Optional.empty(); }

        @Override public List<String> secrets() { return List.of(); }
    }

    record Basic(String user, String password) implements GraphiteAuth {
        public Basic {
            if (user == null || user.isEmpty() || user.contains(":"))
                throw new IllegalArgumentException("basic auth user must be non-empty and without ':'");
            if (password == null || password.isEmpty()) throw new IllegalArgumentException("basic auth password is empty");
        }

        @Override public Optional<String> header() { return Optional.of("Basic " + encoded()); }

        /** The password and its encoded form as it travels in the header. */
        @Override public List<String> secrets() { return List.of(password, encoded()); }

        private String encoded() {
            return Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
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

        @Override public List<String> secrets() { return List.of(token); }

        @Override public String toString() { return "Bearer[token=***]"; }
    }
}
