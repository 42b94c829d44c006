package dev.leptoid.config;

import org.junit.jupiter.api.Test;

import java.util.List;

import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigLoaderTest {

    static final String MINIMAL = """
            graphite: {url: "http://127.0.0.1:8080"}
            environments:
              prod:
                services:
                  api:
                    auto_scaling_group: prod-api
                    metrics:
                      arrival_rate: nginx.{environment}.{service}.{instance}.rps
                      service_time: nginx.{environment}.{service}.{instance}.ms
            """;

    static String error(String yaml) {
        return assertThrows(ConfigException.class, () -> ConfigLoader.parse(yaml, "t.yaml")).getMessage();
    }

    @Test
    void the_bundled_example_loads_with_its_defaults_merged() throws Exception {
        LeptoidConfig c = ConfigLoader.load(Path.of("examples/leptoid.yaml"));
        ServiceConfig api = c.environment("production").orElseThrow().services().get(0);
        assertEquals("production-api", api.autoScalingGroup());
        assertEquals(3, api.policy().minCapacity());
        assertEquals(0.6, api.policy().targetUtilization());
        assertEquals(3, api.metrics().instanceNode());
        ServiceConfig search = c.environment("production").orElseThrow().services().get(1);
        assertTrue(search.metrics().direct());
        assertEquals(EnvironmentConfig.Mode.DRY_RUN, c.environment("staging").orElseThrow().mode());
    }

    @Test
    void a_minimal_config_gets_documented_defaults() throws Exception {
        ServiceConfig s = ConfigLoader.parse(MINIMAL, "t.yaml").environment("prod").orElseThrow().services().get(0);
        assertEquals(Duration.ofMinutes(1), s.metrics().step());
        assertEquals(MetricsConfig.TimeUnit.MILLISECONDS, s.metrics().serviceTimeUnit());
        assertEquals(Duration.ofMinutes(5), s.policy().leadTime());
    }

    @Test
    void an_unknown_key_is_named_with_its_path() {
        String e = error(MINIMAL.replace("auto_scaling_group: prod-api", "auto_scaling_group: prod-api\n        colour: red"));
        assertEquals("t.yaml: environments.prod.services.api.colour: unknown key (allowed: auto_scaling_group, forecast, metrics, policy)", e);
    }

    @Test
    void a_service_name_that_could_inject_graphite_functions_is_rejected() {
        for (String bad : new String[]{"api*", "a,b", "x(y)", "a.b", "a{b}", "a;b", "a[0]"}) {
            String e = error(MINIMAL.replace("  api:", "  \"" + bad + "\":"));
            assertTrue(e.contains("service name is not allowed"), bad + " -> " + e);
        }
    }

    @Test
    void an_environment_name_with_a_path_separator_is_rejected() {
        assertTrue(error(MINIMAL.replace("  prod:", "  \"prod.x\":")).contains("environment name is not allowed"));
    }

    @Test
    void a_metric_template_with_a_function_is_rejected() {
        String e = error(MINIMAL.replace("nginx.{environment}.{service}.{instance}.rps", "sumSeries(nginx.{instance}.rps)"));
        assertTrue(e.contains("is not a plain metric path"), e);
    }

    @Test
    void bad_units_and_numbers_say_what_is_allowed() {
        assertTrue(error(MINIMAL.replace("ms\n", "ms\n          service_time_unit: hours\n"))
                .contains("unknown unit 'hours' (one of seconds, milliseconds, microseconds)"));
        assertTrue(error(MINIMAL.replace("auto_scaling_group: prod-api", "auto_scaling_group: prod-api\n        policy: {target_utilization: 1.5}"))
                .contains("policy.target_utilization: must be between 0 and 1"));
        assertTrue(error(MINIMAL.replace("auto_scaling_group: prod-api", "auto_scaling_group: prod-api\n        policy: {lead_time: soon}"))
                .contains("policy.lead_time: 'soon' is not a duration"));
    }

    @Test
    void credentials_in_the_graphite_url_are_refused() {
        assertTrue(error(MINIMAL.replace("http://127.0.0.1:8080", "http://user:pw@127.0.0.1:8080"))
                .contains("must not carry credentials"));
    }

    @Test
    void invalid_yaml_is_one_line_with_file_line_column_and_what() {
        assertEquals("t.yaml:1:5: not valid YAML: mapping values are not allowed here", error("a: b: c: d\n"));
        assertEquals("t.yaml:3:1: not valid YAML: expected ',' or ']', but got <stream end> (while parsing a flow sequence)",
                error("graphite: [\n  x: 1\n"));
    }

    @Test
    void a_yaml_alias_stands_for_its_anchor() throws Exception {
        LeptoidConfig c = ConfigLoader.parse("""
                graphite: {url: "http://127.0.0.1:8080"}
                environments:
                  prod:
                    services:
                      api:
                        metrics: &m
                          arrival_rate: nginx.{environment}.{service}.{instance}.rps
                          service_time: nginx.{environment}.{service}.{instance}.ms
                      web:
                        metrics: *m
                """, "t.yaml");
        var services = c.environment("prod").orElseThrow().services();
        assertEquals(services.get(0).metrics(), services.get(1).metrics());
        assertEquals("nginx.{environment}.{service}.{instance}.rps", services.get(1).metrics().arrivalRate().orElseThrow());
    }

    @Test
    void the_refit_interval_defaults_to_an_hour_merges_from_defaults_and_is_bounded() throws Exception {
        ServiceConfig s = ConfigLoader.parse(MINIMAL, "t.yaml").environment("prod").orElseThrow().services().get(0);
        assertEquals(Duration.ofHours(1), s.forecast().refitInterval());
        String withDefaults = "defaults:\n  forecast: {refit_interval: 0}\n" + MINIMAL;
        assertEquals(Duration.ZERO, ConfigLoader.parse(withDefaults, "t.yaml").environment("prod").orElseThrow().services().get(0)
                .forecast().refitInterval());
        String own = withDefaults.replace("ms\n", "ms\n        forecast: {refit_interval: 3h}\n");
        assertEquals(Duration.ofHours(3), ConfigLoader.parse(own, "t.yaml").environment("prod").orElseThrow().services().get(0)
                .forecast().refitInterval());
        assertEquals("t.yaml: environments.prod.services.api.forecast.refit_interval: must be between 0 and 1d, got 2d",
                error(MINIMAL.replace("ms\n", "ms\n        forecast: {refit_interval: 2d}\n")));
        assertEquals("t.yaml: environments.prod.services.api.forecast.every: unknown key (allowed: refit_interval)",
                error(MINIMAL.replace("ms\n", "ms\n        forecast: {every: 2h}\n")));
    }

    @Test
    void without_a_max_scale_in_step_the_default_halves_the_surplus_and_a_configured_one_is_a_cap_also_from_defaults() throws Exception {
        ServiceConfig s = ConfigLoader.parse(MINIMAL, "t.yaml").environment("prod").orElseThrow().services().get(0);
        assertEquals(PolicySettings.HALF_SURPLUS, s.policy().maxScaleInStep());
        String withDefaults = "defaults:\n  policy: {max_scale_in_step: 3}\n" + MINIMAL;
        assertEquals(3, ConfigLoader.parse(withDefaults, "t.yaml").environment("prod").orElseThrow().services().get(0)
                .policy().maxScaleInStep());
        String own = MINIMAL.replace("ms\n", "ms\n        policy: {max_scale_in_step: 1}\n");
        assertEquals(1, ConfigLoader.parse(own, "t.yaml").environment("prod").orElseThrow().services().get(0)
                .policy().maxScaleInStep());
    }

    @Test
    void lookback_is_bounded_in_days_and_in_steps() {
        assertEquals("t.yaml: environments.prod.services.api.metrics.lookback: must be between 10s and 90d, got 91d",
                error(MINIMAL.replace("ms\n", "ms\n          lookback: 91d\n")));
        assertEquals("t.yaml: environments.prod.services.api.metrics.lookback: must be at most 200000 steps (step 1s)",
                error(MINIMAL.replace("ms\n", "ms\n          step: 1s\n          lookback: 30d\n")));
    }

    @Test
    void two_services_naming_one_group_are_refused_in_one_environment_or_in_two_that_act() {
        String service = """
                      %s:
                        auto_scaling_group: %s
                        metrics:
                          arrival_rate: nginx.{environment}.{service}.{instance}.rps
                          service_time: nginx.{environment}.{service}.{instance}.ms
                """;
        String same = MINIMAL + service.formatted("web", "prod-api");
        assertEquals("t.yaml: environments.prod.services.web.auto_scaling_group: 'prod-api' is also the group of"
                + " environments.prod.services.api: each would size it for its own load alone (one group, one service)", error(same));
        // across environments only when both act: a forecast-only or dry-run environment may shadow an acting one
        String acting = """
                graphite: {url: "http://127.0.0.1:8080"}
                defaults: {metrics: {arrival_rate: "a.{environment}.{service}.{instance}.rps", service_time: "a.{environment}.{service}.{instance}.ms"}}
                environments:
                  prod: {mode: act, services: {api: {auto_scaling_group: prod-api}}}
                  shadow: {mode: %s, services: {api: {auto_scaling_group: prod-api}}}
                """;
        assertEquals("t.yaml: environments.shadow.services.api.auto_scaling_group: 'prod-api' is also the group of"
                + " environments.prod.services.api (both environments act): each would size it for its own load alone (one group,"
                + " one service)", error(acting.formatted("act")));
        for (String mode : List.of("dry-run", "forecast-only"))
            assertDoesNotThrow(() -> ConfigLoader.parse(acting.formatted(mode), "t.yaml"), mode);
        assertEquals(2, assertDoesNotThrow(() -> ConfigLoader.parse(MINIMAL + service.formatted("web", "prod-web"), "t.yaml"))
                .environment("prod").orElseThrow().services().size(), "different groups are fine");
    }
}
