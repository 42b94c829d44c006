package dev.leptoid.config;

import dev.leptoid.decision.PolicySettings;

import java.util.Map;
import java.util.stream.Collectors;

/**
 * One service of an environment: one Auto Scaling group, its metrics and its policy.
 *
 * @param autoScalingGroup the group's name; when the group is chosen by tags, a label
 *                         {@code tags:Key=Value,...} (the actuator resolves the tags to a group)
 * @param autoScalingGroupTags tags that select the group; empty when it is given by name
 */
public record ServiceConfig(String name, String autoScalingGroup, Map<String, String> autoScalingGroupTags,
                            MetricsConfig metrics, PolicySettings policy) {
    public ServiceConfig {
        Names.requireNode("service name", name);
        autoScalingGroupTags = Map.copyOf(autoScalingGroupTags);
    }

    public ServiceConfig(String name, String autoScalingGroup, MetricsConfig metrics, PolicySettings policy) {
        this(name, autoScalingGroup, Map.of(), metrics, policy);
    }

    public boolean groupByTags() { return !autoScalingGroupTags.isEmpty(); }

    /** "tags:k1=v1,k2=v2", keys sorted. */
    public static String tagLabel(Map<String, String> tags) {
        return "tags:" + tags.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
    }
}
