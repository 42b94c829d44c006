package dev.leptoid.publication;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.leptoid.RunReport;
import dev.leptoid.ServiceOutcome;

import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One structured JSON line per decision (stderr, which Lambda sends to CloudWatch Logs). Every
 * free-text field (hold detail, reasons, errors) goes through {@link #redact} first: configured
 * secrets, credentials in URLs, AWS access key ids and {@code password=}/{@code token=}-style pairs
 * are replaced by {@code [redacted]}.
 */
public final class DecisionLog {

    /** Writes nothing. */
    public static final DecisionLog NONE = new DecisionLog(null, List.of());

    private static final JsonFactory JSON = new JsonFactory();
    private static final String REDACTED = "[redacted]";
    private static final List<Pattern> PATTERNS = List.of(
            Pattern.compile("(?<=://)[^/@\\s]+@"),                                  // user:password@ in URLs
            Pattern.compile("\\b(AKIA|ASIA)[A-Z0-9]{16}\\b"),                          // AWS access key ids
            Pattern.compile("(?i)\\b(password|passwd|secret|token|api[_-]?key|authorization|x-amz-security-token)"
                    + "(\\s*[=:]\\s*)(\"[^\"]*\"|[^\\s,;&]+)"));

    private final PrintStream out;
    private final List<String> secrets;

    /** @param secrets configured credential values that must never be written (blank ones are ignored) */
    public DecisionLog(PrintStream out, Collection<String> secrets) {
        this.out = out;
        List<String> s = new ArrayList<>();
        for (String v : secrets) if (v != null && v.length() >= 4) s.add(v);
        s.sort((a, b) -> b.length() - a.length());
        this.secrets = List.copyOf(s);
    }

    public static DecisionLog stderr() { return new DecisionLog(System.err, List.of()); }

    /** Writes the line for one service's outcome. Never throws. */
    public void decision(String environment, String mode, ServiceOutcome o, Instant time) {
        if (out == null) return;
        try {
            out.println(line(environment, mode, o, time));
        } catch (RuntimeException ignored) {
            // a log line must never fail a run
        }
    }

    /** The JSON line (without newline). */
    public String line(String environment, String mode, ServiceOutcome o, Instant time) {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(w)) {
            g.writeStartObject();
            g.writeStringField("time", time.toString());
            g.writeStringField("level", o.actuationError() != null ? "WARN" : "INFO");
            g.writeStringField("event", "decision");
            g.writeStringField("environment", environment);
            g.writeStringField("mode", mode);
            RunReport.writeServiceFields(g, o, this::redact);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    /** {@code text} with every secret removed. */
    public String redact(String text) {
        if (text == null) return null;
        String t = text;
        for (String s : secrets) t = t.replace(s, REDACTED);
        t = PATTERNS.get(0).matcher(t).replaceAll(REDACTED + "@");
        t = PATTERNS.get(1).matcher(t).replaceAll(REDACTED);
        t = PATTERNS.get(2).matcher(t).replaceAll("$1$2" + REDACTED);
        return t;
    }
}
