package dev.leptoid.publication;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Removes secrets from text before anyone writes it (decision log, run report, CLI output, Lambda
 * log, Graphite events): the configured secret values, which it asks for at each use (a secret read
 * from Secrets Manager after start-up is covered), then whatever looks like a credential --
 * {@code user:password@} in URLs, AWS access key ids, {@code password=}/{@code token:}/{@code
 * Authorization:}-style pairs. Each becomes {@code [redacted]}.
 */
public final class Redactor {

    /** Knows no secret values; still removes what looks like a credential. */
    public static final Redactor PATTERNS_ONLY = new Redactor(List::of);

    static final String REDACTED = "[redacted]";
    /** Shorter values are not treated as secrets (they would redact ordinary words). */
    private static final int SHORTEST_SECRET = 4;
    private static final Pattern URL_USER_INFO = Pattern.compile("(?<=://)[^/@\\s]+@");
    private static final Pattern AWS_KEY_ID = Pattern.compile("\\b(AKIA|ASIA)[A-Z0-9]{16}\\b");
    private static final Pattern NAMED_SECRET = Pattern.compile(
            "(?i)\\b(password|passwd|secret|token|api[_-]?key|authorization|x-amz-security-token)"
                    + "(\\s*[=:]\\s*)((?:basic|bearer)\\s+)?(\"[^\"]*\"|[^\\s,;&]+)");

    private final Supplier<? extends Collection<String>> secrets;

    /** @param secrets the secret values in use now (called at each {@link #redact}) */
    public Redactor(Supplier<? extends Collection<String>> secrets) {
        this.secrets = secrets;
    }

    /** A redactor for values known up front. */
    public static Redactor of(Collection<String> secrets) {
        List<String> fixed = List.copyOf(secrets);
        return new Redactor(() -> fixed);
    }

    /** {@code text} with every secret removed; null stays null. */
    public String redact(String text) {
        if (text == null) return null;
        List<String> known = new ArrayList<>();
        for (String s : secrets.get()) if (s != null && s.length() >= SHORTEST_SECRET) known.add(s);
        known.sort((a, b) -> b.length() - a.length()); // a secret containing another goes first
        String t = text;
        for (String s : known) t = t.replace(s, REDACTED);
        t = URL_USER_INFO.matcher(t).replaceAll(REDACTED + "@");
        t = AWS_KEY_ID.matcher(t).replaceAll(REDACTED);
        return NAMED_SECRET.matcher(t).replaceAll("$1$2$3" + REDACTED);
    }
}
