package dev.leptoid.publication;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EmfRunHealthTest {

    private static final Instant T = Instant.parse("2026-11-23T18:00:00Z");

    /** The run of CloudWatchPublisherTest: one service acted, one held without a finite error. */
    private static final RunHealth RUN = new RunHealth("prod", T, 1234, 1, 1, 0, List.of(
            RunHealth.ServiceHealth.of("api", false, true, Map.of(1, 0.5, 6, 0.7, 12, 2.0), Map.of(1, 0.25, 6, 0.3, 12, 1.5)),
            RunHealth.ServiceHealth.of("batch", true, false, Map.of(), Map.of(1, Double.NaN))));

    @Test
    void run_health_is_one_embedded_metric_format_line_per_dimension_set_with_the_put_metric_data_names_and_units() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        EmfRunHealth emf = new EmfRunHealth("Leptoid/Test", Set.of(1, 12), new PrintStream(bytes, true, StandardCharsets.UTF_8));

        assertEquals(List.of(), emf.publish(RUN));

        String head = "{\"_aws\":{\"Timestamp\":1795456800000,\"CloudWatchMetrics\":[{\"Namespace\":\"Leptoid/Test\",";
        assertEquals(List.of(
                head + "\"Dimensions\":[[\"Environment\"]],\"Metrics\":[{\"Name\":\"Runs\",\"Unit\":\"Count\"},"
                        + "{\"Name\":\"Holds\",\"Unit\":\"Count\"},{\"Name\":\"Actions\",\"Unit\":\"Count\"},"
                        + "{\"Name\":\"Errors\",\"Unit\":\"Count\"},{\"Name\":\"RunDuration\",\"Unit\":\"Milliseconds\"}]}]},"
                        + "\"Environment\":\"prod\",\"Runs\":1,\"Holds\":1,\"Actions\":1,\"Errors\":0,\"RunDuration\":1234}",
                head + "\"Dimensions\":[[\"Environment\",\"Service\"]],\"Metrics\":[{\"Name\":\"Holds\",\"Unit\":\"Count\"},"
                        + "{\"Name\":\"Actions\",\"Unit\":\"Count\"}]}]},\"Environment\":\"prod\",\"Service\":\"api\",\"Holds\":0,\"Actions\":1}",
                head + "\"Dimensions\":[[\"Environment\",\"Service\",\"Horizon\"]],\"Metrics\":[{\"Name\":\"ForecastErrorMASE\",\"Unit\":\"None\"},"
                        + "{\"Name\":\"ForecastErrorAbs\",\"Unit\":\"None\"}]}]},\"Environment\":\"prod\",\"Service\":\"api\",\"Horizon\":\"h1\","
                        + "\"ForecastErrorMASE\":0.25,\"ForecastErrorAbs\":0.5}",
                head + "\"Dimensions\":[[\"Environment\",\"Service\",\"Horizon\"]],\"Metrics\":[{\"Name\":\"ForecastErrorMASE\",\"Unit\":\"None\"},"
                        + "{\"Name\":\"ForecastErrorAbs\",\"Unit\":\"None\"}]}]},\"Environment\":\"prod\",\"Service\":\"api\",\"Horizon\":\"h12\","
                        + "\"ForecastErrorMASE\":1.5,\"ForecastErrorAbs\":2}",
                head + "\"Dimensions\":[[\"Environment\",\"Service\"]],\"Metrics\":[{\"Name\":\"Holds\",\"Unit\":\"Count\"},"
                        + "{\"Name\":\"Actions\",\"Unit\":\"Count\"}]}]},\"Environment\":\"prod\",\"Service\":\"batch\",\"Holds\":1,\"Actions\":0}"),
                bytes.toString(StandardCharsets.UTF_8).lines().toList());
    }

    @Test
    void every_line_names_only_members_it_carries_as_the_specification_requires() throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<String> lines = new EmfRunHealth("Leptoid", Set.of(1, 6, 12), System.out).lines(RUN);
        assertEquals(6, lines.size(), "environment, 2 services, 3 horizons of api (batch has no finite error)");
        for (String line : lines) {
            JsonNode root = json.readTree(line);
            JsonNode directive = root.path("_aws").path("CloudWatchMetrics").get(0);
            assertEquals(T.toEpochMilli(), root.path("_aws").path("Timestamp").asLong());
            assertEquals("Leptoid", directive.path("Namespace").asText());
            for (JsonNode name : directive.path("Dimensions").get(0))
                assertTrue(root.path(name.asText()).isTextual(), name + " is a string member: " + line);
            for (JsonNode metric : directive.path("Metrics"))
                assertTrue(root.path(metric.path("Name").asText()).isNumber(), metric + " is a number member: " + line);
        }
    }

    @Test
    void a_failing_log_stream_is_one_error_line_not_an_exception() {
        OutputStream broken = new OutputStream() {
            @Override public void write(int b) throws IOException { throw new IOException("closed"); }
        };
        assertEquals(List.of("EMF run health for prod not written: the log stream failed"),
                new EmfRunHealth("Leptoid", new PrintStream(broken)).publish(RUN));
    }

    @Test
    void a_namespace_cloudwatch_would_refuse_is_refused_when_built() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new EmfRunHealth("AWS/Lambda", System.out));
        assertTrue(e.getMessage().startsWith("CloudWatch namespace 'AWS/Lambda' is not allowed"), e.getMessage());
    }
}
