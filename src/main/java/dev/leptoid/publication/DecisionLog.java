package dev.leptoid.publication;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.leptoid.OutcomeJson;
import dev.leptoid.ServiceOutcome;

import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * One structured JSON line per decision (stderr, which Lambda sends to CloudWatch Logs). Every
 * free-text field (hold detail, reasons, errors) goes through the {@link Redactor} first.
 */
public final class DecisionLog {

    /** Writes nothing. */
    public static final DecisionLog NONE = new DecisionLog(null, Redactor.PATTERNS_ONLY);

    private static final JsonFactory JSON = new JsonFactory();

    private final PrintStream out;
    private final Redactor redactor;

    /** @param out where the lines go; null: nowhere */
    public DecisionLog(PrintStream out, Redactor redactor) {
        this.out = out;
        this.redactor = redactor;
    }

    /** To stderr, knowing no secret values (they are redacted when they look like credentials). */
    public static DecisionLog stderr() { return new DecisionLog(System.err, Redactor.PATTERNS_ONLY); }

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
            // WARN: the change could not be applied, or the configured lead time is off the measured one
            g.writeStringField("level", o.actuationError() != null
                    || o.leadTime() != null && o.leadTime().warning().isPresent() ? "WARN" : "INFO");
            g.writeStringField("event", "decision");
            g.writeStringField("environment", environment);
            g.writeStringField("mode", mode);
            OutcomeJson.writeFields(g, o, redactor);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }
}
