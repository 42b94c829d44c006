package dev.leptoid.faults;

import dev.leptoid.cli.Main;
import dev.leptoid.config.ConfigLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Configuration read wrongly without a word (issue 13, items 9-11), as a table: each test writes a
 * real file with one fault, runs {@code leptoid run} on it, and expects exit 2, nothing on stdout
 * (nothing decided, nothing scaled) and exactly one line on stderr naming the file and the key.
 */
class ConfigFaultsTest {

    static final String GOOD = """
            graphite:
              url: http://127.0.0.1:1
              timeout: 30s
              retry_backoff: 500ms
            environments:
              prod:
                mode: dry-run
                services:
                  api:
                    auto_scaling_group: prod-api
                    metrics:
                      arrival_rate: nginx.{environment}.{service}.{instance}.rps
                      service_time: nginx.{environment}.{service}.{instance}.ms
                    policy:
                      lead_time: 5m
                      max_capacity: 12
                      max_scale_in_step: 2
            """;

    @TempDir Path dir;

    /** Runs {@code leptoid run} on {@code text} saved as {@code name}; returns the one error line with the file as FILE. */
    private String run(String name, String text) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int code = Main.standard().run(List.of("run", "--config", file.toString(), "--environment", "prod"),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        String e = err.toString(StandardCharsets.UTF_8);
        assertEquals(2, code, e);
        assertEquals("", out.toString(StandardCharsets.UTF_8));
        assertEquals(1, e.lines().count(), e);
        return e.strip().replace(file.toString(), "FILE");
    }

    private String run(String text) throws Exception { return run("leptoid.yaml", text); }

    private static String with(String from, String to) {
        if (!GOOD.contains(from)) throw new IllegalArgumentException(from);
        return GOOD.replace(from, to);
    }

    @Test
    void the_unbroken_configuration_loads() throws Exception {
        Path file = dir.resolve("leptoid.yaml");
        Files.writeString(file, GOOD);
        assertEquals(12, ConfigLoader.load(file).environment("prod").orElseThrow().services().get(0).policy().maxCapacity());
    }

    // --- item 9: taken silently before ---

    @Test
    void a_mode_given_twice_is_an_error_not_act_mode() throws Exception {
        assertEquals("leptoid run: FILE:8:9: environments.prod.mode: duplicate key (each key may appear once)",
                run(with("mode: dry-run", "mode: dry-run\n    mode: act")));
    }

    @Test
    void a_max_capacity_given_twice_deep_in_a_service_is_an_error() throws Exception {
        assertEquals("leptoid run: FILE:17:23: environments.prod.services.api.policy.max_capacity: duplicate key (each key may appear once)",
                run(with("max_capacity: 12", "max_capacity: 12\n          max_capacity: 100000")));
    }

    @Test
    void a_key_given_twice_in_a_json_configuration_is_an_error() throws Exception {
        assertEquals("leptoid run: FILE:1:41: graphite.url: duplicate key (each key may appear once)",
                run("leptoid.json", "{\"graphite\": {\"url\": \"http://a:1\", \"url\": \"http://b:1\"}, \"environments\": {}}"));
    }

    @Test
    void a_second_document_after_the_configuration_is_an_error() throws Exception {
        assertEquals("leptoid run: FILE:19:1: more than one document (a configuration is one mapping)",
                run(GOOD + "---\nenvironments: {}\n"));
    }

    @Test
    void a_max_capacity_past_32_bits_is_an_error_not_wrapped_to_12() throws Exception {
        assertEquals("leptoid run: FILE: environments.prod.services.api.policy.max_capacity: must be between 0 and 100000, got 4294967308",
                run(with("max_capacity: 12", "max_capacity: 4294967308")));
    }

    @Test
    void a_max_scale_in_step_past_32_bits_is_an_error_not_wrapped_to_1() throws Exception {
        assertEquals("leptoid run: FILE: environments.prod.services.api.policy.max_scale_in_step: must be between 1 and 100000, got 4294967297",
                run(with("max_scale_in_step: 2", "max_scale_in_step: 4294967297")));
    }

    // --- item 10: passed validation, then crashed ---

    @Test
    void a_lead_time_too_long_for_any_clock_is_one_line_not_an_arithmetic_exception() throws Exception {
        assertEquals("leptoid run: FILE: environments.prod.services.api.policy.lead_time: '999999999999999d' is too long a duration",
                run(with("lead_time: 5m", "lead_time: 999999999999999d")));
    }

    @Test
    void a_lead_time_of_a_hundred_thousand_days_is_refused_at_load_not_out_of_memory_later() throws Exception {
        assertEquals("leptoid run: FILE: environments.prod.services.api.policy.lead_time: must be between 0 and 1d, got 100000d",
                run(with("lead_time: 5m", "lead_time: 100000d")));
    }

    @Test
    void a_graphite_url_without_a_host_is_refused_at_load() throws Exception {
        for (String url : List.of("http:nohost", "http:///render"))
            assertEquals("leptoid run: FILE: graphite.url: must be an http or https URL with a host (http://host:port), got '" + url + "'",
                    run(with("http://127.0.0.1:1", url)));
    }

    // --- item 11: rejected, but with a message that did not say where ---

    @Test
    void negative_durations_name_the_key_and_the_file() throws Exception {
        assertEquals("leptoid run: FILE: environments.prod.services.api.policy.lead_time: 'PT-5M' is negative (durations are 0 or more)",
                run(with("lead_time: 5m", "lead_time: PT-5M")));
        assertEquals("leptoid run: FILE: graphite.retry_backoff: 'PT-1S' is negative (durations are 0 or more)",
                run(with("retry_backoff: 500ms", "retry_backoff: PT-1S")));
        assertEquals("leptoid run: FILE: graphite.timeout: 'PT-30S' is negative (durations are 0 or more)",
                run(with("timeout: 30s", "timeout: PT-30S")));
    }

    @Test
    void a_yaml_syntax_error_is_one_line_with_line_column_and_what() throws Exception {
        assertEquals("leptoid run: FILE:7:14: not valid YAML: mapping values are not allowed here",
                run(with("mode: dry-run", "mode: dry: run")));
    }

    @Test
    void a_wildcard_in_a_metric_template_is_refused() throws Exception {
        assertEquals("leptoid run: FILE: environments.prod.services.api.metrics.arrival_rate: 'nginx.*.{service}.{instance}.rps'"
                        + " is not a plain metric path: only A-Z a-z 0-9 _ - . and {environment} {service} {instance} (no wildcards or functions)",
                run(with("nginx.{environment}.{service}.{instance}.rps", "nginx.*.{service}.{instance}.rps")));
    }
}
