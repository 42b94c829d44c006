package dev.leptoid;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.leptoid.actuation.LeadTime;
import dev.leptoid.actuation.LeadTimeProbe;
import dev.leptoid.decision.CapacityDecision;
import dev.leptoid.publication.Redactor;

import java.io.IOException;
import java.util.Locale;

/**
 * The JSON fields of one service's outcome (decision, reasons, the numbers behind it, what was
 * applied), every free text through a {@link Redactor}. Written by the run report and by the
 * decision log, which both call it; it depends on neither.
 */
public final class OutcomeJson {

    private OutcomeJson() {}

    public static void writeFields(JsonGenerator g, ServiceOutcome s, Redactor redactor) throws IOException {
        g.writeStringField("service", s.service());
        g.writeStringField("group", redactor.redact(s.group()));
        CapacityDecision d = s.decision();
        g.writeNumberField("current", d.current());
        switch (d) {
            case CapacityDecision.ScaleTo t -> {
                g.writeStringField("decision", "scale-to");
                g.writeNumberField("capacity", t.capacity());
                g.writeStringField("direction", t.direction().name().toLowerCase(Locale.ROOT));
                g.writeArrayFieldStart("reasons");
                for (String r : t.reasons()) g.writeString(redactor.redact(r));
                g.writeEndArray();
            }
            case CapacityDecision.Hold h -> {
                g.writeStringField("decision", "hold");
                g.writeStringField("reason", h.code().code());
                g.writeStringField("detail", redactor.redact(h.detail()));
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
        if (s.actuationError() != null) g.writeStringField("actuation_error", redactor.redact(s.actuationError()));
        if (s.forecastMethod() != null) g.writeStringField("forecast_method", s.forecastMethod());
        if (s.forecastOrigin() >= 0) g.writeNumberField("forecast_origin", s.forecastOrigin());
        g.writeNumberField("instances", s.instances());
        if (s.leadTime() != null) leadTime(g, s.leadTime(), redactor);
    }

    /**
     * {@code "lead_time": {"configured_s", "looked_at", then "measured_s", "launch_median_s", "launch_longest_s",
     * "launches", "warm_up_s" and "warning" when they disagree, or "unmeasured": reason}}.
     */
    private static void leadTime(JsonGenerator g, LeadTime t, Redactor redactor) throws IOException {
        g.writeObjectFieldStart("lead_time");
        g.writeNumberField("configured_s", t.configured().toSeconds());
        g.writeStringField("looked_at", t.lookedAt().toString());
        switch (t) {
            case LeadTime.Measured m -> {
                LeadTimeProbe.Measured x = m.measured();
                g.writeNumberField("measured_s", x.leadTime().toSeconds());
                g.writeNumberField("launch_median_s", x.launch().toSeconds());
                g.writeNumberField("launch_longest_s", x.longest().toSeconds());
                g.writeNumberField("launches", x.launches());
                g.writeNumberField("warm_up_s", x.warmUp().toSeconds());
            }
            case LeadTime.Unmeasured u -> g.writeStringField("unmeasured", redactor.redact(u.reason()));
        }
        if (t.warning().isPresent()) g.writeStringField("warning", redactor.redact(t.warning().get()));
        g.writeEndObject();
    }

    private static void number(JsonGenerator g, String name, double v) throws IOException {
        if (Double.isFinite(v)) g.writeNumberField(name, Math.round(v * 1e4) / 1e4);
        else g.writeNullField(name);
    }
}
