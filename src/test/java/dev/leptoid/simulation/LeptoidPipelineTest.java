package dev.leptoid.simulation;

import dev.leptoid.config.ForecastSettings;
import dev.leptoid.config.PolicySettings;
import dev.leptoid.forecast.LastValueForecaster;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** leptoid in a replay: what its reader sees of the simulated instances. */
class LeptoidPipelineTest {

    @Test
    void instances_leaving_and_rejoining_service_never_make_the_load_unknown() throws Exception {
        // 1 Erlang, then 6, then 1, then 6 again: the group scales out, in (by steps) and out again,
        // so instance ids leave service and come back
        double[] v = new double[240];
        Arrays.fill(v, 1.0);
        Arrays.fill(v, 60, 90, 6.0);
        Arrays.fill(v, 180, 210, 6.0);
        Backtest.Setup setup = new Backtest.Setup(1, 100, Duration.ofMinutes(3), Duration.ofMinutes(2), 0.85, Duration.ZERO);
        LeptoidPipeline leptoid = new LeptoidPipeline(new LastValueForecaster(), PolicySettings.DEFAULTS, ForecastSettings.DEFAULTS, Duration.ofDays(1));
        Backtest.Outcome o = new Backtest().run(TargetTrackingTest.load(v), leptoid, 0.6, setup);
        int[] d = o.desired();
        int peak1 = Arrays.stream(d, 60, 120).max().getAsInt(), low = Arrays.stream(d, 150, 185).min().getAsInt(),
                peak2 = Arrays.stream(d, 185, 230).max().getAsInt();
        assertTrue(peak1 >= 10 && low < peak1 && peak2 >= 10, "out, in, out again: " + Arrays.toString(d));
        // the naive forecaster needs 3 points (3 five-minute buckets): only the runs at minutes 5 and 10 hold
        assertEquals(2, leptoid.holds(), Arrays.toString(d));
    }

    @Test
    void a_scale_in_held_back_once_is_not_held_back_for_ever_by_the_recommendations_read_back() throws Exception {
        // 6 Erlangs for an hour, then 1: the first runs after the fall keep the capacity (the stabilization window
        // still holds the 6s); the replay reads back each run's recommendation, as production does from Graphite,
        // and the group must still come down to what 1 Erlang needs
        double[] v = new double[240];
        Arrays.fill(v, 1.0);
        Arrays.fill(v, 0, 60, 6.0);
        Backtest.Setup setup = new Backtest.Setup(1, 100, Duration.ofMinutes(3), Duration.ofMinutes(2), 0.85, Duration.ZERO);
        LeptoidPipeline leptoid = new LeptoidPipeline(new LastValueForecaster(), PolicySettings.DEFAULTS, ForecastSettings.DEFAULTS, Duration.ofDays(1));
        int[] d = new Backtest().run(TargetTrackingTest.load(v), leptoid, 0.6, setup).desired();
        int high = Arrays.stream(d, 20, 60).max().getAsInt(), end = d[d.length - 1];
        assertTrue(high >= 10, "sized for 6 Erlangs: " + Arrays.toString(d));
        assertEquals(high, d[70], "held back right after the fall: " + Arrays.toString(d));
        // how far it comes down is the naive forecast's margin (its interval still holds the fall); that it comes
        // down at all is what a recommendation read back as the capacity kept would prevent
        assertTrue(end <= high - 3, "scaled in after the window: " + Arrays.toString(d));
    }
}
