package dev.leptoid.simulation;

import dev.leptoid.config.ForecastSettings;
import dev.leptoid.config.PolicySettings;
import dev.leptoid.forecast.LastValueForecaster;
import dev.leptoid.source.Series;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * No policy sees data from after its decision time: replaying a trace whose future after minute
 * T is replaced by garbage gives every decision up to T unchanged.
 */
class NoLookAheadTest {

    static final Backtest.Setup SETUP = new Backtest.Setup(1, 10_000, Duration.ofMinutes(3), Duration.ofMinutes(2), 0.85,
            Duration.ofHours(12));

    static Workload garbageAfter(Workload w, int t, long seed) {
        Random r = new Random(seed);
        double[] rate = w.arrivalRate().values(), s = w.serviceTime().values();
        for (int i = t + 1; i < rate.length; i++) {
            rate[i] = r.nextInt(10) == 0 ? Double.NaN : r.nextDouble() * 5000;
            s[i] = 0.001 + r.nextDouble() * 0.05;
        }
        return new Workload(w.name(), new Series("rate", w.arrivalRate().start(), 60, rate), new Series("s", w.serviceTime().start(), 60, s));
    }

    @Test
    void every_decision_before_the_garbage_is_the_same_for_every_policy() throws Exception {
        Workload w = BundledTraces.workload(BundledTraces.ELB, 0.02).slice(0, 2 * 1440);
        Policies policies = new Policies(new LastValueForecaster(), PolicySettings.DEFAULTS.withTargetUtilization(0.6),
                ForecastSettings.DEFAULTS, Duration.ofHours(12));
        int first = (int) (SETUP.history().toMinutes());
        for (long seed = 1; seed <= 3; seed++) {
            int t = first + 200 + (int) (seed * 331); // a different cut each time, not on a run boundary for all
            Workload bad = garbageAfter(w, t, seed);
            for (String name : List.of("leptoid", "target-tracking", "leptoid-2012")) {
                Backtest.Outcome a = new Backtest().run(w, policies.make(name, 0.6, w), 0.6, SETUP);
                Backtest.Outcome b = new Backtest().run(bad, policies.make(name, 0.6, bad), 0.6, SETUP);
                // desired at minute j is set by decisions at the end of minutes < j: those up to t see only minutes <= t
                int upTo = t + 1 - first;
                assertArrayEquals(Arrays.copyOf(a.desired(), upTo + 1), Arrays.copyOf(b.desired(), upTo + 1), name + " seed " + seed);
                long cut = w.timeAt(t) + 60;
                List<ReplayPolicy.Prediction> pa = a.predictions().stream().filter(p -> p.time() - p.leadSeconds() <= cut).toList();
                List<ReplayPolicy.Prediction> pb = b.predictions().stream().filter(p -> p.time() - p.leadSeconds() <= cut).toList();
                assertEquals(pa, pb, name + " forecasts made up to the cut");
                if (!name.equals("target-tracking")) assertNotEquals(0, pa.size(), name + " forecast something");
                // and the garbage does change what comes after (the test can see a difference)
                assertNotEquals(Arrays.toString(a.desired()), Arrays.toString(b.desired()), name);
            }
        }
    }
}
