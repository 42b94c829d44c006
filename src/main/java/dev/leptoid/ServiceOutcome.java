package dev.leptoid;

import dev.leptoid.actuation.LeadTime;
import dev.leptoid.decision.CapacityDecision;
import dev.leptoid.forecast.Forecast;

/**
 * What a run did for one service.
 *
 * @param applied the decision was sent to the Auto Scaling API and accepted
 * @param actuationError one line when setting the capacity failed, else null
 * @param forecast the forecast of offered load (Erlangs) the decision used, or null when none was made
 * @param forecastOrigin epoch second of the last data point the forecast starts after (-1 when none)
 * @param instances instances with data
 * @param leadTime the group's lead time measured beside the configured one, or why not; null when not looked at
 *                 (a service held before its group and data were seen, a simulated group)
 */
public record ServiceOutcome(String service, String group, CapacityDecision decision, boolean applied,
                             String actuationError, Forecast forecast, long forecastOrigin, int instances,
                             LeadTime leadTime) {

    /** Without a lead-time look. */
    public ServiceOutcome(String service, String group, CapacityDecision decision, boolean applied,
                          String actuationError, Forecast forecast, long forecastOrigin, int instances) {
        this(service, group, decision, applied, actuationError, forecast, forecastOrigin, instances, null);
    }

    /** The chosen model's name, or null. */
    public String forecastMethod() { return forecast == null ? null : forecast.method(); }
}
