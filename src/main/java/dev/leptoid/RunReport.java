package dev.leptoid;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.leptoid.decision.CapacityDecision;
import dev.leptoid.publication.Redactor;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;

/** The result of one run over one environment; {@link #toJson()} is what the Lambda returns. */
public record RunReport(String environment, String mode, Instant time, long durationMillis,
                        List<ServiceOutcome> services, List<String> publicationErrors) {

    public RunReport {
        services = List.copyOf(services);
        publicationErrors = List.copyOf(publicationErrors);
    }

    public long holds() { return services.stream().filter(s -> s.decision() instanceof CapacityDecision.Hold).count(); }

    public long actions() { return services.stream().filter(ServiceOutcome::applied).count(); }

    public long errors() { return services.stream().filter(s -> s.actuationError() != null).count() + publicationErrors.size(); }

    /** The report as JSON, free texts through {@link Redactor#PATTERNS_ONLY}. */
    public String toJson() {
        return toJson(Redactor.PATTERNS_ONLY);
    }

    /** The report as JSON, every free text through {@code redactor}. */
    public String toJson(Redactor redactor) {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = new JsonFactory().createGenerator(w)) {
            g.writeStartObject();
            g.writeStringField("environment", environment);
            g.writeStringField("mode", mode);
            g.writeStringField("time", time.toString());
            g.writeNumberField("duration_ms", durationMillis);
            g.writeNumberField("holds", holds());
            g.writeNumberField("actions", actions());
            g.writeNumberField("errors", errors());
            g.writeArrayFieldStart("services");
            for (ServiceOutcome s : services) {
                g.writeStartObject();
                OutcomeJson.writeFields(g, s, redactor);
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("publication_errors");
            for (String e : publicationErrors) g.writeString(redactor.redact(e));
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }
}
