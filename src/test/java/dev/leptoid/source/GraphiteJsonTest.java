package dev.leptoid.source;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GraphiteJsonTest {

    private static List<Series> parse(String json) throws Exception {
        return GraphiteJson.parse(json.getBytes(StandardCharsets.UTF_8), "t", 60, 1_000_000);
    }

    @Test
    void null_points_are_gaps_never_zero() throws Exception {
        List<Series> s = parse("[{\"target\": \"a.b\", \"tags\": {\"name\": \"a.b\"}, \"datapoints\": "
                + "[[1.5, 600], [null, 660], [0, 720], [2, 780]]}]");
        assertEquals(1, s.size());
        assertEquals("a.b", s.get(0).name());
        assertEquals(600, s.get(0).start());
        assertEquals(60, s.get(0).step());
        assertArrayEquals(new double[]{1.5, Double.NaN, 0, 2}, s.get(0).values());
    }

    @Test
    void nan_infinite_and_negative_values_are_gaps() throws Exception {
        List<Series> s = parse("[{\"target\": \"x\", \"datapoints\": [[NaN, 0], [Infinity, 10], [-Infinity, 20], [-3.5, 30], "
                + "[1e999, 40], [\"NaN\", 50], [4, 60]]}]");
        double[] v = s.get(0).values();
        for (int i = 0; i < 6; i++) assertTrue(Double.isNaN(v[i]), "point " + i + " should be a gap, was " + v[i]);
        assertEquals(4.0, v[6]);
        assertEquals(10, s.get(0).step());
    }

    @Test
    void a_series_with_no_points_is_left_out_and_one_point_takes_the_fallback_step() throws Exception {
        List<Series> s = parse("[{\"target\": \"empty\", \"datapoints\": []}, {\"target\": \"one\", \"datapoints\": [[7, 120]]}]");
        assertEquals(1, s.size());
        assertEquals("one", s.get(0).name());
        assertEquals(60, s.get(0).step());
    }

    @Test
    void irregular_timestamps_are_refused_with_the_series_name() {
        SourceException e = assertThrows(SourceException.class,
                () -> parse("[{\"target\": \"web.i1\", \"datapoints\": [[1, 0], [1, 60], [1, 150]]}]"));
        assertTrue(e.getMessage().contains("web.i1") && e.getMessage().contains("150"), e.getMessage());
    }

    @Test
    void truncated_json_is_a_clear_error() {
        SourceException e = assertThrows(SourceException.class,
                () -> parse("[{\"target\": \"a\", \"datapoints\": [[1, 0], [2, 6"));
        assertTrue(e.getMessage().contains("not valid JSON"), e.getMessage());
    }

    @Test
    void an_html_page_is_not_read_as_data() {
        SourceException e = assertThrows(SourceException.class, () -> parse("<html><body>error</body></html>"));
        assertTrue(e.getMessage().contains("not valid JSON") || e.getMessage().contains("not a JSON list"), e.getMessage());
    }

    @Test
    void an_object_instead_of_a_list_is_refused() {
        SourceException e = assertThrows(SourceException.class, () -> parse("{\"error\": \"bad target\"}"));
        assertTrue(e.getMessage().contains("not a JSON list"), e.getMessage());
    }

    @Test
    void answers_over_the_point_limit_are_refused() {
        String json = "[{\"target\": \"a\", \"datapoints\": [[1, 0], [2, 60], [3, 120]]}]";
        SourceException e = assertThrows(SourceException.class,
                () -> GraphiteJson.parse(json.getBytes(StandardCharsets.UTF_8), "big", 60, 2));
        assertTrue(e.getMessage().contains("more than 2 points"), e.getMessage());
    }

    @Test
    void parses_random_answers_exactly_as_written() throws Exception {
        Random rnd = new Random(42);
        for (int c = 0; c < 200; c++) {
            int series = 1 + rnd.nextInt(5);
            StringBuilder b = new StringBuilder("[");
            double[][] expected = new double[series][];
            for (int s = 0; s < series; s++) {
                int n = 2 + rnd.nextInt(300);
                long start = 1_700_000_000L + rnd.nextInt(1000) * 60L;
                long step = 1 + rnd.nextInt(600);
                expected[s] = new double[n];
                if (s > 0) b.append(", ");
                b.append("{\"target\": \"s").append(s).append("\", \"datapoints\": [");
                for (int i = 0; i < n; i++) {
                    if (i > 0) b.append(", ");
                    double v = switch (rnd.nextInt(4)) {
                        case 0 -> Double.NaN;
                        case 1 -> rnd.nextInt(1000);
                        case 2 -> rnd.nextDouble() * Math.pow(10, rnd.nextInt(12) - 6);
                        default -> rnd.nextGaussian() * 100; // negatives become gaps
                    };
                    expected[s][i] = Double.isNaN(v) || v < 0 ? Double.NaN : v;
                    b.append('[').append(Double.isNaN(v) ? "null" : rnd.nextBoolean() ? Double.toString(v)
                            : String.format(Locale.ROOT, "%.17g", v)).append(", ").append(start + i * step).append(']');
                }
                b.append("]}");
            }
            b.append(']');
            List<Series> got = parse(b.toString());
            assertEquals(series, got.size());
            for (int s = 0; s < series; s++)
                for (int i = 0; i < expected[s].length; i++)
                    assertEquals(expected[s][i], got.get(s).valueAt(i),
                            "case " + c + " series " + s + " point " + i);
        }
    }
}
