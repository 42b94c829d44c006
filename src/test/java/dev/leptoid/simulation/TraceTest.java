package dev.leptoid.simulation;

import dev.leptoid.source.Series;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TraceTest {

    private static Trace.Columns read(String csv) throws IOException {
        return Trace.readColumns(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)), "t.csv", 0.02);
    }

    @Test
    void a_regular_trace_is_its_rows_a_missing_row_a_gap_and_nothing_is_repaired() throws IOException {
        Trace.Columns c = read("timestamp,value\n600,1\n660,2\n780,4\n840,5\n");
        assertEquals(600, c.value().start());
        assertEquals(60, c.value().step());
        assertArrayEquals(new double[] {1, 2, Double.NaN, 4, 5}, c.value().values());
        assertNull(c.serviceTime());
        assertEquals(List.of(), c.notes());
    }

    @Test
    void an_export_out_of_order_with_a_repeated_hour_and_an_off_grid_row_is_put_on_its_grid_and_each_repair_named()
            throws IOException {
        // as a CloudWatch export in local time: rows in no order, a timestamp repeated (the hour a daylight-saving
        // change repeats), one row 10 s late; both columns averaged where rows share a slot
        Trace.Columns c = read("""
                timestamp,value,service_time
                1200,30,0.03
                0,10,0.01
                300,20,0.02
                1200,50,0.05
                610,40,0.04
                1500,60,0.06
                """);
        assertEquals(0, c.value().start());
        assertEquals(300, c.value().step());
        assertArrayEquals(new double[] {10, 20, 40, Double.NaN, 40, 60}, c.value().values(), 1e-12);
        assertNotNull(c.serviceTime());
        assertArrayEquals(new double[] {0.01, 0.02, 0.04, Double.NaN, 0.04, 0.06}, c.serviceTime().values(), 1e-12);
        assertEquals(List.of("2 rows out of time order sorted", "1 off-grid timestamps rounded to the 300 s grid",
                "1 rows sharing a slot averaged"), c.notes());
    }

    @Test
    void rows_that_all_share_one_timestamp_are_one_line_and_no_trace() {
        IOException e = assertThrows(IOException.class, () -> read("timestamp,value\n60,1\n60,2\n"));
        assertEquals("t.csv: all timestamps are equal", e.getMessage());
    }

    @Test
    void the_two_bundled_cloudwatch_exports_with_a_daylight_saving_hour_are_read_on_their_five_minute_grid() throws IOException {
        for (String name : List.of("realAWSCloudwatch/ec2_network_in_5abac7.csv", "realAWSCloudwatch/ec2_disk_write_bytes_1ef3de.csv")) {
            try (InputStream in = Trace.class.getResourceAsStream(BundledTraces.ROOT + name)) {
                Trace.Columns c = Trace.readColumns(in, name, 0.02);
                Series s = c.value();
                assertEquals(300, s.step(), name);
                // 2014-03-09: twelve rows stamped 03:00:00 (the skipped hour of a spring-forward change) become one slot
                assertTrue(c.notes().stream().anyMatch(n -> n.endsWith(" rows sharing a slot averaged")
                        && Integer.parseInt(n.substring(0, n.indexOf(' '))) >= 11), name + ": " + c.notes());
                assertTrue(s.size() > 4000, name + ": " + s.size());
            }
        }
    }

    @Test
    void taylor_is_twelve_weeks_of_half_hours_from_5_june_2000_scaled_to_a_mean_of_500() throws IOException {
        try (InputStream in = TraceTest.class.getResourceAsStream("/dev/leptoid/data/taylor/taylor.csv")) {
            Trace.Columns c = Trace.readColumns(in, "taylor.csv", 0.02);
            Series s = c.value();
            assertEquals(List.of(), c.notes(), "a regular grid, nothing repaired");
            assertEquals(1800, s.step());
            assertEquals(12 * 7 * 48, s.size());
            assertEquals(Instant.parse("2000-06-05T00:00:00Z").getEpochSecond(), s.start());
            double sum = 0;
            for (double v : s.values()) {
                assertTrue(v > 0, "no gaps, no zeros");
                sum += v;
            }
            assertEquals(500, sum / s.size(), 0.01);
        }
    }
}
