package dev.leptoid.config;

import java.util.List;
import java.util.Locale;

/** One environment: what one scheduled run covers. */
public record EnvironmentConfig(String name, Mode mode, List<ServiceConfig> services) {

    public EnvironmentConfig {
        Names.requireNode("environment name", name);
        services = List.copyOf(services);
    }

    /** act: set capacity; dry-run: decide and report only; forecast-only: decide, publish, never call the API. */
    public enum Mode {
        ACT, DRY_RUN, FORECAST_ONLY;

        public static Mode parse(String s) {
            return switch (s) {
                case "act" -> ACT;
                case "dry-run" -> DRY_RUN;
                case "forecast-only" -> FORECAST_ONLY;
                default -> throw new IllegalArgumentException("mode '" + Names.printable(s)
                        + "' is not one of act, dry-run, forecast-only");
            };
        }

        public String label() { return name().toLowerCase(Locale.ROOT).replace('_', '-'); }
    }
}
