package dev.leptoid.config;


/**
 * One service of an environment: one Auto Scaling group, its metrics and its policy.
 * {@code autoScalingGroup} is null when the group is found by its tags
 * ({@code leptoid:environment}, {@code leptoid:service}).
 */
public record ServiceConfig(String name, String autoScalingGroup, MetricsConfig metrics, PolicySettings policy) {
    public ServiceConfig {
        Names.requireNode("service name", name);
    }
}
