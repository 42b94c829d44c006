package dev.leptoid.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigLoaderGraphiteTest {

    private static final String BASE = """
            graphite: {url: "http://127.0.0.1:8080"}
            environments:
              prod:
                services:
                  web:
                    auto_scaling_group: web-asg
                    metrics: {utilization: "servers.{environment}.{service}.{instance}.cpu", step: 1m, lookback: 1d}
            """;

    private static String error(String yaml) {
        return assertThrows(ConfigException.class, () -> ConfigLoader.parse(yaml, "t.yaml")).getMessage();
    }

    @Test
    void the_commented_example_loads_with_its_graphite_settings() throws Exception {
        LeptoidConfig c = ConfigLoader.load(Path.of("examples/leptoid.yaml"));
        assertEquals(Duration.ofSeconds(10), c.graphite().timeout());
        assertEquals(Duration.ofSeconds(5), c.graphite().connectTimeout());
        assertEquals(3, c.graphite().attempts());
        assertEquals(Duration.ofMillis(500), c.graphite().retryBackoff());
        assertEquals(LeptoidConfig.Auth.NONE, c.graphite().auth());
        ServiceConfig search = c.environment("production").orElseThrow().services().get(1);
        assertEquals(MetricsConfig.UtilizationUnit.PERCENT, search.metrics().utilizationUnit());
        assertEquals(3, search.metrics().instanceNode());
        assertEquals(null, c.environment("staging").orElseThrow().services().get(0).autoScalingGroup(), "found by tags");
    }

    @Test
    void a_minimal_config_gets_defaults() throws Exception {
        LeptoidConfig c = ConfigLoader.parse(BASE, "t.yaml");
        ServiceConfig web = c.environment("prod").orElseThrow().services().get(0);
        assertEquals(3, web.metrics().instanceNode());
        assertEquals(LeptoidConfig.Auth.NONE, c.graphite().auth());
    }

    @Test
    void unknown_keys_are_named_with_their_path() {
        String m = error(BASE.replace("step: 1m", "step: 1m, stpe: 2m"));
        assertTrue(m.startsWith("t.yaml: environments.prod.services.web.metrics.stpe: unknown key"), m);
    }

    @Test
    void names_with_graphite_metacharacters_are_refused() {
        for (String bad : new String[]{"we*b", "w{b}", "w(b)", "w[b]", "w,b", "w;b", "w.b", "w b"}) {
            String m = error(BASE.replace("    web:", "    \"" + bad + "\":"));
            assertTrue(m.contains("service name is not allowed") && m.contains("metacharacters"), bad + " -> " + m);
            String e = error(BASE.replace("  prod:", "  \"" + bad + "\":"));
            assertTrue(e.contains("environment name is not allowed"), bad + " -> " + e);
        }
    }

    @Test
    void templates_are_plain_paths_without_wildcards_functions_or_lists() {
        for (String bad : new String[]{"servers.*.{environment}.{service}.{instance}.cpu", "a.{instance}.cp?",
                "sumSeries(a.{instance})", "a.{instance}.{x,y}", "a.[ab].{instance}", "a;b.{instance}", "a.{host}.{instance}"}) {
            String m = error(BASE.replace("servers.{environment}.{service}.{instance}.cpu", bad));
            assertTrue(m.contains("metrics.utilization"), bad + " -> " + m);
        }
    }

    @Test
    void bad_units_list_the_allowed_ones() {
        String m = error(BASE.replace("step: 1m", "step: 1m, utilization_unit: permille"));
        assertTrue(m.contains("unknown unit 'permille'") && m.contains("percent"), m);
    }

    @Test
    void lookback_must_be_whole_steps() {
        assertTrue(error(BASE.replace("lookback: 1d", "lookback: 1000s")).contains("whole number of steps"));
        assertTrue(error(BASE.replace("lookback: 1d", "lookback: 5m")).contains("at least 10 steps"));
    }

    @Test
    void auth_names_an_environment_variable_never_a_secret() throws Exception {
        LeptoidConfig c = ConfigLoader.parse(BASE.replace("graphite: {url: \"http://127.0.0.1:8080\"}",
                "graphite: {url: \"http://127.0.0.1:8080\", auth: {type: bearer, token_env: GRAPHITE_TOKEN}}"), "t.yaml");
        assertEquals(new LeptoidConfig.Auth("bearer", null, "GRAPHITE_TOKEN"), c.graphite().auth());
        String m = error(BASE.replace("graphite: {url: \"http://127.0.0.1:8080\"}",
                "graphite: {url: \"http://127.0.0.1:8080\", auth: {type: bearer, token_env: \"eyJhbGciOi.xyz\"}}"));
        assertTrue(m.contains("name of an environment variable"), m);
        assertFalse(m.contains("eyJhbGciOi"), "the supposed secret is not echoed: " + m);
        assertTrue(error(BASE.replace("graphite: {url: \"http://127.0.0.1:8080\"}",
                "graphite: {url: \"http://127.0.0.1:8080\", auth: {type: basic, password_env: P}}")).contains("user"));
        assertTrue(error(BASE.replace("\"http://127.0.0.1:8080\"", "\"http://u:p@127.0.0.1:8080\"")).contains("credentials"));
    }

    @Test
    void instance_node_must_point_at_the_instance() {
        String m = error(BASE.replace("step: 1m", "step: 1m, instance_node: 1"));
        assertTrue(m.contains("instance_node") && m.contains("not the {instance} node"), m);
    }
}
