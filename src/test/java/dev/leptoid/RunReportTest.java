package dev.leptoid;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leptoid.decision.CapacityDecision;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class RunReportTest {

    @Test
    void a_report_never_carries_credentials_that_reached_a_hold_detail_or_a_publication_error() throws Exception {
        var hold = new CapacityDecision.Hold(CapacityDecision.HoldReason.SOURCE_ERROR,
                "Graphite https://ops:hunter22@graphite.internal/render unreachable; token=abc123", 4, CapacityDecision.Basis.NONE);
        RunReport r = new RunReport("prod", "act", Instant.EPOCH, 5,
                List.of(new ServiceOutcome("api", "prod-api", hold, false, null, null, -1, 0)),
                List.of("Carbon auth failed: password=s3cret"));
        String json = r.toJson();
        assertFalse(json.contains("hunter22"), json);
        assertFalse(json.contains("abc123"), json);
        assertFalse(json.contains("s3cret"), json);
        JsonNode api = new ObjectMapper().readTree(json).get("services").get(0);
        assertEquals("hold", api.get("decision").asText());
        assertEquals("source-error", api.get("reason").asText());
        assertEquals(4, api.get("current").asInt());
        assertEquals(1, r.holds());
    }
}
