package dev.leptoid.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class JsonLineTest {

    @Test
    void a_message_with_quotes_backslashes_and_newlines_stays_one_parseable_json_line() throws Exception {
        String message = "leptoid: configuration from \"/leptoid/config\"; path C:\\x\nnext";
        String line = JsonLine.info("configuration", message);
        assertEquals(1, line.lines().count(), line);
        JsonNode n = new ObjectMapper().readTree(line);
        assertEquals("INFO", n.get("level").asText());
        assertEquals("configuration", n.get("event").asText());
        assertEquals(message, n.get("message").asText());
    }
}
