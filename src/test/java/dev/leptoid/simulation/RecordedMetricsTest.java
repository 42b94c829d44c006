package dev.leptoid.simulation;

import dev.leptoid.publication.MetricSink;
import dev.leptoid.source.Series;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RecordedMetricsTest {

    private static final long T0 = 1_700_000_000L / 60 * 60;
    private static final double X = Double.NaN;

    private static double[] values(RecordedMetrics m, String target, int fromStep, int untilStep) {
        List<Series> s = m.fetch(target, Instant.ofEpochSecond(T0 + fromStep * 60L), Instant.ofEpochSecond(T0 + untilStep * 60L));
        assertEquals(1, s.size(), target);
        return s.get(0).values();
    }

    @Test
    void a_kept_window_reads_its_newest_points_and_older_ones_as_gaps() {
        RecordedMetrics m = new RecordedMetrics(T0, 60, 4);
        RecordedMetrics whole = new RecordedMetrics(T0, 60);
        for (int i = 0; i < 10; i++) {
            if (i == 8) continue; // a minute never written
            m.put("app.e.s.i-1.rps", T0 + i * 60L, i);
            whole.put("app.e.s.i-1.rps", T0 + i * 60L, i);
        }
        assertArrayEquals(new double[] {X, X, X, X, X, X, 6, 7, X, 9}, values(m, "app.e.s.*.rps", 0, 10));
        assertArrayEquals(new double[] {6, 7, X, 9, X}, values(m, "app.e.s.*.rps", 6, 11), "past the newest: gaps");
        // inside the window the two stores answer alike
        assertArrayEquals(values(whole, "app.e.s.*.rps", 6, 10), values(m, "app.e.s.*.rps", 6, 10));
        assertArrayEquals(new double[] {0, 1, 2, 3, 4, 5, 6, 7, X, 9}, values(whole, "app.e.s.*.rps", 0, 10));
        assertThrows(IllegalArgumentException.class, () -> m.put("app.e.s.i-1.rps", T0 + 5 * 60L, 1), "older than kept");
        m.put("app.e.s.i-1.rps", T0 + 20 * 60L, 20); // a jump longer than the window leaves only the new point
        assertArrayEquals(new double[] {X, X, X, 20}, values(m, "app.e.s.*.rps", 17, 21));
    }

    @Test
    void the_history_leptoid_publishes_is_kept_whole_beside_a_kept_window() {
        RecordedMetrics m = new RecordedMetrics(T0, 60, 2);
        List<String> sent = new ArrayList<>();
        MetricSink published = new MetricSink() {
            @Override public void send(String path, double value, long epochSeconds) { sent.add(path); }
            @Override public PublishResult flush() { return new PublishResult(sent.size(), 0, null); }
            @Override public void close() {}
        };
        MetricSink echo = m.echoing(published);
        for (int i = 0; i < 6; i++) echo.send("leptoid.e.s.history.v1.value", i, T0 + i * 60L);
        echo.send("leptoid.e.s.capacity.desired", 3, T0); // not history: published only
        assertArrayEquals(new double[] {0, 1, 2, 3, 4, 5}, values(m, "leptoid.e.s.history.v1.{value,unknown}", 0, 6));
        assertEquals(7, sent.size());
        assertEquals(List.of(), m.fetch("leptoid.e.s.capacity.desired", Instant.ofEpochSecond(T0), Instant.ofEpochSecond(T0 + 60)));
    }

    @Test
    void recommendations_are_read_back_unless_the_replay_leaves_them_out() {
        for (boolean readBack : new boolean[] {true, false}) {
            RecordedMetrics m = new RecordedMetrics(T0, 60, 2);
            MetricSink echo = m.echoing(MetricSink.DISCARD, readBack);
            echo.send("leptoid.e.s.capacity.recommended", 7, T0);
            echo.send("leptoid.e.s.history.v1.value", 1, T0);
            List<Series> got = m.fetch("leptoid.e.s.capacity.recommended", Instant.ofEpochSecond(T0), Instant.ofEpochSecond(T0 + 60));
            assertEquals(readBack ? 1 : 0, got.size(), "read back: " + readBack);
            assertArrayEquals(new double[] {1}, values(m, "leptoid.e.s.history.v1.value", 0, 1), "the history is kept either way");
        }
    }
}
