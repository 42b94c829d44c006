package dev.leptoid.lambda;

import dev.leptoid.config.EnvironmentConfig.Mode;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
        assertEquals("event: unknown field 'enviroment' (expected environment and optional mode, or a scheduled event "
                + "with them in detail)", error("{\"enviroment\": \"production\"}"));
        assertEquals("event.mode: mode 'yolo' is not one of act, dry-run, forecast-only",
                error("{\"environment\": \"production\", \"mode\": \"yolo\"}"));
        assertEquals("event.environment: 'a.b*' is not an environment name (A-Z a-z 0-9 _ -)",
                error("{\"environment\": \"a.b*\"}"));
        assertEquals("event.detail: missing; a scheduled event needs detail.environment",
                error("{\"detail-type\": \"Scheduled Event\", \"source\": \"aws.events\"}"));
        assertEquals("event.detail.environment: missing", error("{\"source\": \"aws.events\", \"detail\": {}}"));
        assertEquals("event.detail: unknown field 'env' (expected environment and optional mode)",
                error("{\"detail\": {\"env\": \"production\"}}"));
        assertEquals("event: environment/mode belong in detail of a scheduled event, not beside it",
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
}
