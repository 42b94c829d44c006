package dev.leptoid.lambda;

import dev.leptoid.app.Part;
import dev.leptoid.config.EnvironmentConfig.Mode;
import org.junit.jupiter.api.Test;


import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScheduleInputTest {

    private static ScheduleInput parse(String json) { return ScheduleInput.parse(json.getBytes(StandardCharsets.UTF_8)); }

    private static String error(String json) {
        String m = assertThrows(BadEventException.class, () -> parse(json)).getMessage();
        assertFalse(m.contains("\n"), m);
        return m;
    }

    @Test
    void scheduler_input_names_the_environment_and_optionally_the_mode() {
        assertEquals(new ScheduleInput("production", Optional.empty()), parse("{\"environment\": \"production\"}"));
        assertEquals(new ScheduleInput("staging", Optional.of(Mode.FORECAST_ONLY)),
                parse("{\"mode\": \"forecast-only\", \"environment\": \"staging\"}"));
    }

    @Test
    void a_classic_scheduled_event_carries_them_in_its_detail() {
        assertEquals(new ScheduleInput("production", Optional.of(Mode.ACT)), parse("""
                {"version": "0", "id": "x", "detail-type": "Scheduled Event", "source": "aws.events",
                 "account": "1", "time": "2026-01-01T00:00:00Z", "region": "eu-west-1", "resources": ["arn:r"],
                 "detail": {"environment": "production", "mode": "act"}}"""));
    }

    @Test
    void bad_events_are_one_line_saying_what_and_where() {
        assertEquals("event: must be a JSON object", error("[]"));
        assertEquals("event: must be a JSON object", error(""));
        assertEquals("event.environment: missing", error("{}"));
        assertEquals("event.environment: must be a string", error("{\"environment\": 3}"));
        assertEquals("event: unknown field 'enviroment' (expected environment and optional mode, services or shard, or a scheduled event "
                + "with them in detail)", error("{\"enviroment\": \"production\"}"));
        assertEquals("event.mode: mode 'yolo' is not one of act, dry-run, forecast-only",
                error("{\"environment\": \"production\", \"mode\": \"yolo\"}"));
        assertEquals("event.environment: 'a.b*' is not an environment name (A-Z a-z 0-9 _ -)",
                error("{\"environment\": \"a.b*\"}"));
        assertEquals("event.detail: missing; a scheduled event needs detail.environment",
                error("{\"detail-type\": \"Scheduled Event\", \"source\": \"aws.events\"}"));
        assertEquals("event.detail.environment: missing", error("{\"source\": \"aws.events\", \"detail\": {}}"));
        assertEquals("event.detail: unknown field 'env' (expected environment and optional mode, services or shard)",
                error("{\"detail\": {\"env\": \"production\"}}"));
        assertEquals("event: environment, mode, services and shard belong in detail of a scheduled event, not beside it",
                error("{\"environment\": \"x\", \"detail\": {\"environment\": \"production\"}}"));
        assertEquals("event: not valid JSON at line 1 column 17", error("{\"environment\": }").replaceAll(" \\(.*", ""));
    }

    @Test
    void a_field_given_twice_is_an_error_naming_it_not_the_last_one_winning() {
        assertEquals("event.environment: given twice (each field may appear once)",
                error("{\"environment\": \"staging\", \"environment\": \"production\"}"));
        assertEquals("event.detail.mode: given twice (each field may appear once)",
                error("{\"source\": \"aws.events\", \"detail\": {\"environment\": \"production\", \"mode\": \"dry-run\", \"mode\": \"act\"}}"));
    }

    @Test
    void content_after_the_event_object_is_an_error_not_ignored() {
        assertEquals("event: content after the JSON object at line 1 column 28 (an event is one JSON object)",
                error("{\"environment\": \"staging\"} {\"environment\": \"production\"}"));
        assertEquals("event: content after the JSON object at line 2 column 2 (an event is one JSON object)",
                error("{\"environment\": \"staging\"}\n 7"));
    }

    @Test
    void an_event_may_name_services_or_a_shard_of_the_environment() {
        assertEquals(new ScheduleInput("production", Optional.empty(), new Part(List.of("web", "api"), Optional.empty())),
                parse("{\"environment\": \"production\", \"services\": [\"web\", \"api\"]}"));
        assertEquals(new ScheduleInput("production", Optional.of(Mode.ACT), new Part(List.of(), Optional.of(new Part.Shard(2, 4)))),
                parse("{\"source\": \"aws.events\", \"detail\": {\"environment\": \"production\", \"mode\": \"act\", \"shard\": \"2/4\"}}"));
    }

    @Test
    void bad_services_or_shards_are_one_line_saying_what_and_where() {
        String prefix = "{\"environment\": \"production\", ";
        assertEquals("event.services: must be an array of service names", error(prefix + "\"services\": \"api\"}"));
        assertEquals("event.services: empty (name at least one service, or leave it out for all)", error(prefix + "\"services\": []}"));
        assertEquals("event.services[1]: must be a string", error(prefix + "\"services\": [\"api\", 3]}"));
        assertEquals("event.services[0]: 'a.b' is not a service name (A-Z a-z 0-9 _ -)", error(prefix + "\"services\": [\"a.b\"]}"));
        assertEquals("event.services: 'api' given twice", error(prefix + "\"services\": [\"api\", \"api\"]}"));
        for (String bad : List.of("0/4", "5/4", "2", "2/", "/4", "1/1001", "-1/4", "2/4/8", " 2/4", "12345/99999"))
            assertEquals("event.shard: '" + bad + "' is not k/n with 1 <= k <= n <= 1000 (e.g. \"2/4\")",
                    error(prefix + "\"shard\": \"" + bad + "\"}"), bad);
        assertEquals("event.shard: must be a string", error(prefix + "\"shard\": 2}"));
        assertEquals("event: services and shard exclude each other (give one)", error(prefix + "\"shard\": \"1/2\", \"services\": [\"api\"]}"));
        assertEquals("event.shard: given twice (each field may appear once)", error(prefix + "\"shard\": \"1/2\", \"shard\": \"2/2\"}"));
    }

    @Test
    void the_part_an_event_names_decides_the_run_health_node_and_the_summary() {
        assertEquals(null, parse("{\"environment\": \"production\"}").part().healthNode());
        assertEquals("shard_2_of_4", parse("{\"environment\": \"production\", \"shard\": \"2/4\"}").part().healthNode());
        Part webApi = parse("{\"environment\": \"production\", \"services\": [\"web\", \"api\"]}").part();
        assertEquals(new Part(List.of("web", "api"), Optional.empty()).healthNode(), webApi.healthNode());
        assertTrue(webApi.describe().endsWith("; run health under run." + webApi.healthNode() + ")"), webApi.describe());
    }
}
