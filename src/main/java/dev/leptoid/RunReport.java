package dev.leptoid;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.leptoid.decision.CapacityDecision;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;
import dev.leptoid.publication.DecisionLog;

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

    private static boolean faultHold(ServiceOutcome s) {
        return s.decision() instanceof CapacityDecision.Hold h && h.code().fault();
    }

    public String toJson() {
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
            for (ServiceOutcome s : services) writeService(g, s);
            g.writeEndArray();
            g.writeArrayFieldStart("publication_errors");
            for (String e : publicationErrors) g.writeString(DecisionLog.NONE.redact(e));
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    static void writeService(JsonGenerator g, ServiceOutcome s) throws IOException {
        g.writeStartObject();
        writeServiceFields(g, s, DecisionLog.NONE::redact); // credentials never reach a report
        g.writeEndObject();
    }

    /**
     * The fields describing one service's outcome (decision, reasons, the numbers behind it, what
     * was applied), every free text passed through {@code text} first. Shared by this report and
     * the decision log, which redacts.
     */
    public static void writeServiceFields(JsonGenerator g, ServiceOutcome s, UnaryOperator<String> text) throws IOException {
        g.writeStringField("service", s.service());
        g.writeStringField("group", text.apply(s.group()));
        CapacityDecision d = s.decision();
        g.writeNumberField("current", d.current());
        switch (d) {
            case CapacityDecision.ScaleTo t -> {
                g.writeStringField("decision", "scale-to");
                g.writeNumberField("capacity", t.capacity());
                g.writeStringField("direction", t.direction().name().toLowerCase(java.util.Locale.ROOT));
                g.writeArrayFieldStart("reasons");
                for (String r : t.reasons()) g.writeString(text.apply(r));
                g.writeEndArray();
            }
            case CapacityDecision.Hold h -> {
                g.writeStringField("decision", "hold");
                g.writeStringField("reason", h.code().code());
                g.writeStringField("detail", text.apply(h.detail()));
            }
        }
        CapacityDecision.Basis b = d.basis();
        g.writeObjectFieldStart("basis");
        number(g, "offered_load", b.offeredLoad());
        number(g, "forecast_upper", b.forecastUpper());
        number(g, "target_utilization", b.targetUtilization());
        g.writeNumberField("needed", b.needed());
        g.writeNumberField("min", b.min());
        g.writeNumberField("max", b.max());
        g.writeStringField("sizing", b.sizing().code());
        g.writeNumberField("for_load", b.forLoad());
        g.writeNumberField("for_forecast", b.forForecast());
        g.writeNumberField("stabilization_floor", b.stabilizationFloor());
        number(g, "service_time_s", b.serviceTime());
        g.writeNumberField("data_age_s", b.dataAgeSeconds());
        g.writeEndObject();
        g.writeBooleanField("applied", s.applied());
        if (s.actuationError() != null) g.writeStringField("actuation_error", text.apply(s.actuationError()));
        if (s.forecastMethod() != null) g.writeStringField("forecast_method", s.forecastMethod());
        if (s.forecastOrigin() >= 0) g.writeNumberField("forecast_origin", s.forecastOrigin());
        g.writeNumberField("instances", s.instances());
    }

    private static void number(JsonGenerator g, String name, double v) throws IOException {
        if (Double.isFinite(v)) g.writeNumberField(name, Math.round(v * 1e4) / 1e4);
        else g.writeNullField(name);
    }
}
