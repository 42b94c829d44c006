package dev.leptoid.config;

import dev.leptoid.config.PolicySettings;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The {@code policy.slo} section: the sizing derived from it, and the old keys beside it. */
class ConfigLoaderSloTest {

    static String withPolicy(String policy) {
        return ConfigLoaderTest.MINIMAL + "        policy: " + policy + "\n";
    }

    static PolicySettings policy(String policy) throws ConfigException {
        return ConfigLoader.parse(withPolicy(policy), "t.yaml").environment("prod").orElseThrow().services().get(0).policy();
    }

    @Test
    void an_slo_sets_the_limit_and_derives_the_quantile_from_its_breach_budget() throws Exception {
        PolicySettings p = policy("{slo: {utilization_limit: 0.8, breach_budget: 0.02}}");
        assertEquals(0.8, p.targetUtilization(), 1e-12);
        assertEquals(90.0, p.quantile(), 1e-9); // 1 - 0.02 x 5 minutes per run
        assertTrue(p.meanTarget().isEmpty());
    }

    @Test
    void beside_an_slo_target_utilization_is_the_mean_target() throws Exception {
        PolicySettings p = policy("{slo: {utilization_limit: 0.85}, target_utilization: 0.6}");
        assertEquals(0.85, p.targetUtilization(), 1e-12);
        assertEquals(0.6, p.meanTarget().getAsDouble(), 1e-12);
        assertEquals(97, p.quantile(), 1e-9); // default budget 0.1 % of minutes: 99.5, capped
    }

    @Test
    void without_an_slo_target_utilization_and_quantile_keep_their_meaning() throws Exception {
        PolicySettings p = policy("{target_utilization: 0.7, quantile: 95}");
        assertEquals(0.7, p.targetUtilization(), 1e-12);
        assertEquals(95, p.quantile(), 1e-9);
        assertTrue(p.slo().isEmpty());
    }

    @Test
    void a_quantile_beside_an_slo_is_an_error_naming_both() {
        assertEquals("t.yaml: environments.prod.services.api.policy.quantile: is derived from slo.breach_budget: give one of them, not both",
                ConfigLoaderTest.error(withPolicy("{slo: {breach_budget: 0.001}, quantile: 90}")));
    }

    @Test
    void a_mean_target_above_the_limit_and_a_bad_budget_are_errors() {
        assertTrue(ConfigLoaderTest.error(withPolicy("{slo: {utilization_limit: 0.7}, target_utilization: 0.8}"))
                .contains("policy.target_utilization: with an slo is the mean target and must not exceed"));
        assertTrue(ConfigLoaderTest.error(withPolicy("{slo: {breach_budget: 1.5}}"))
                .contains("policy.slo.breach_budget: must be between 0 and 1"));
        assertTrue(ConfigLoaderTest.error(withPolicy("{slo: {limit: 0.8}}")).contains("policy.slo.limit: unknown key"));
    }
}
