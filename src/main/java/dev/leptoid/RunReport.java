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

    /**
     * Things that went wrong: groups that could not be set, services held because the run could
     * not see their data or reach a dependency ({@link CapacityDecision.HoldReason#fault()}), and
     * publication errors.
     */
    public long errors() {
        return services.stream().filter(s -> s.actuationError() != null || faultHold(s)).count() + publicationErrors.size();
    }

    /** Services held unread because the run's time limit ran out. */
    public long cut() {
        return services.stream().filter(s -> s.decision() instanceof CapacityDecision.Hold h
                && h.code() == CapacityDecision.HoldReason.DEADLINE).count();
    }

    /** Exit status of a CLI run: every service decided and published. */
    public static final int OK = 0;
    /** A decided change could not be applied (the Auto Scaling API refused or failed). */
    public static final int NOT_APPLIED = 1;
    /** Some services could not be decided (data unseen, a dependency unreachable, the deadline) or publication failed. */
    public static final int INCOMPLETE = 3;

    /** {@link #NOT_APPLIED}, else {@link #INCOMPLETE}, else {@link #OK}. */
    public int exitCode() {
        if (services.stream().anyMatch(s -> s.actuationError() != null)) return NOT_APPLIED;
        return errors() > 0 ? INCOMPLETE : OK;
    }

    /** One line naming the first of {@link #errors()} (empty when there is none), e.g. for a failed invocation. */
    public String firstError() {
        for (ServiceOutcome s : services) {
            if (s.actuationError() != null) return s.service() + ": " + s.actuationError();
            if (faultHold(s) && s.decision() instanceof CapacityDecision.Hold h)
                return s.service() + " held (" + h.code().code() + "): " + h.detail();
        }
        return publicationErrors.isEmpty() ? "" : "publication: " + publicationErrors.get(0);
    }

    private static boolean faultHold(ServiceOutcome s) {
        return s.decision() instanceof CapacityDecision.Hold h && h.code().fault();
    }

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
            g.writeNumberField("cut", cut());
            g.writeNumberField("exit_code", exitCode());
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
