package dev.leptoid.config;

import dev.leptoid.config.LatencyObjective;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The policy keys the decision stage added: latency_objective, and auto_scaling_group made optional. */
class ConfigLoaderPolicyKeysTest {

    static String config(String metrics, String service) {
        return "environments:\n  prod:\n    services:\n      api:\n" + service + "        metrics: " + metrics + "\n";
    }

    static final String RATE = "{arrival_rate: \"web.{instance}.rps\", service_time: \"web.{instance}.ms\"}";
    static final String CPU = "{utilization: \"web.{instance}.cpu\"}";

    @Test
    void reads_a_latency_objective() throws Exception {
        LeptoidConfig c = ConfigLoader.parse(config(RATE, "        auto_scaling_group: api\n"
                + "        policy: {latency_objective: {wait: 100ms, probability: 0.01}}\n"), "c.yaml");
        LatencyObjective o = c.environment("prod").orElseThrow().services().get(0).policy().latencyObjective().orElseThrow();
        assertEquals(new LatencyObjective(Duration.ofMillis(100), 0.01, Optional.empty()), o);
    }

    @Test
    void a_latency_objective_over_utilization_metrics_needs_a_service_time() throws Exception {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse(config(CPU, "        auto_scaling_group: api\n"
                + "        policy: {latency_objective: {wait: 100ms, probability: 0.01}}\n"), "c.yaml"));
        assertEquals("c.yaml: environments.prod.services.api.policy.latency_objective.service_time: is required: the metrics give utilization, not service time",
                e.getMessage());
        LeptoidConfig ok = ConfigLoader.parse(config(CPU, "        auto_scaling_group: api\n"
                + "        policy: {latency_objective: {wait: 100ms, probability: 0.01, service_time: 80ms}}\n"), "c.yaml");
        assertEquals(Optional.of(Duration.ofMillis(80)),
                ok.environment("prod").orElseThrow().services().get(0).policy().latencyObjective().orElseThrow().serviceTime());
    }

    @Test
    void a_bad_latency_objective_is_one_line_naming_the_key() {
        ConfigException p = assertThrows(ConfigException.class, () -> ConfigLoader.parse(config(RATE,
                "        policy: {latency_objective: {wait: 100ms, probability: 1}}\n"), "c.yaml"));
        assertEquals("c.yaml: environments.prod.services.api.policy.latency_objective.probability: must be between 0 and 1 (a fraction, 0.01 = 1%), got 1.0",
                p.getMessage());
        ConfigException k = assertThrows(ConfigException.class, () -> ConfigLoader.parse(config(RATE,
                "        policy: {latency_objective: {wait: 100ms, probability: 0.01, p99: 1}}\n"), "c.yaml"));
        assertEquals("c.yaml: environments.prod.services.api.policy.latency_objective.p99: unknown key (allowed: probability, service_time, wait)",
                k.getMessage());
        ConfigException w = assertThrows(ConfigException.class, () -> ConfigLoader.parse(config(RATE,
                "        policy: {latency_objective: {probability: 0.01}}\n"), "c.yaml"));
        assertEquals("c.yaml: environments.prod.services.api.policy.latency_objective.wait: is required (e.g. 100ms)", w.getMessage());
    }

    @Test
    void a_service_without_a_group_name_is_found_by_tags() throws Exception {
        LeptoidConfig c = ConfigLoader.parse(config(RATE, ""), "c.yaml");
        assertNull(c.environment("prod").orElseThrow().services().get(0).autoScalingGroup());
    }
}
