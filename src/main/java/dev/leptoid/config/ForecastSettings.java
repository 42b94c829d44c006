package dev.leptoid.config;

import java.time.Duration;

/**
 * How a service's load is forecast.
 *
 * @param refitInterval how often the model is chosen and its parameters fitted again; between
 *                      refits each run carries the fitted model forward over the new points
 *                      (docs/forecast.md, "Refits"); zero: refit at every run
 */
public record ForecastSettings(Duration refitInterval) {

    public static final ForecastSettings DEFAULTS = new ForecastSettings(Duration.ofHours(1));

    public ForecastSettings {
        if (refitInterval.isNegative()) throw new IllegalArgumentException("refit interval must not be negative");
    }
}
