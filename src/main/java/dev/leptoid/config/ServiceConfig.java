package dev.leptoid.config;

/**
 * One service of an environment: one Auto Scaling group, its metrics, its policy and how its
 * load is forecast. {@code autoScalingGroup} is null when the group is found by its tags
 * ({@code leptoid:environment}, {@code leptoid:service}).
 */
public record ServiceConfig(String name, String autoScalingGroup, MetricsConfig metrics, PolicySettings policy,
                            ForecastSettings forecast) {
    public ServiceConfig {
        Names.requireNode("service name", name);
        if (forecast == null) forecast = ForecastSettings.DEFAULTS;
    }

    /** Forecast as by default ({@link ForecastSettings#DEFAULTS}). */
    public ServiceConfig(String name, String autoScalingGroup, MetricsConfig metrics, PolicySettings policy) {
        this(name, autoScalingGroup, metrics, policy, ForecastSettings.DEFAULTS);
    }
}
