package dev.leptoid.decision;

import dev.leptoid.config.Slo;
import dev.leptoid.actuation.GroupState;
import dev.leptoid.config.LatencyObjective;
import dev.leptoid.config.PolicySettings;
import dev.leptoid.decision.CapacityDecision.Hold;
import dev.leptoid.decision.CapacityDecision.HoldReason;
import dev.leptoid.decision.CapacityDecision.ScaleTo;
import dev.leptoid.forecast.Forecast;
import dev.leptoid.forecast.ForecastResult;
import dev.leptoid.forecast.InsufficientHistory;
import dev.leptoid.source.Series;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Properties of the capacity policy over thousands of random services (seeded, reproducible). */
class CapacityPolicyProperties {

    static final int CASES = 5000;
    static final long STEP = 60;
    static final Instant NOW = Instant.ofEpochSecond(1_800_000_000L);

    private final CapacityPolicy policy = new CapacityPolicy();

    /** One random situation; {@code scale} multiplies every load and forecast value. */
    record Case(double[] load, double[] upper, GroupState group, PolicySettings settings, double serviceTime,
                double[] recommendations, long seed) {

        CapacityPolicy.Input input(double extra) {
            double[] l = load.clone(), u = upper.clone();
            for (int i = 0; i < l.length; i++) l[i] += extra;
            for (int i = 0; i < u.length; i++) u[i] += extra;
            Series s = new Series("svc", NOW.getEpochSecond() - l.length * STEP, STEP, l);
            Series recs = recommendations == null ? null
                    : new Series("rec", NOW.getEpochSecond() - recommendations.length * 300L, 300, recommendations);
            return new CapacityPolicy.Input(s, new Forecast(u, u, u, 80, "random"), group, serviceTime, recs);
        }

        int lo() { return Math.max(settings.minCapacity(), group.min()); }
        int hi() { return Math.min(settings.maxCapacity(), group.max()); }
    }

    static Case randomCase(long seed, boolean currentWithinBounds) {
        Random r = new Random(seed);
        int n = 20 + r.nextInt(100);
        double level = r.nextDouble() * (r.nextBoolean() ? 5 : 60);
        double[] load = new double[n];
        for (int i = 0; i < n; i++) load[i] = Math.max(0, level * (0.5 + r.nextDouble()));
        if (r.nextInt(4) == 0) load[n - 1 - r.nextInt(Math.min(n, 15))] = Double.NaN; // a gap, maybe in the window
        double[] upper = new double[24];
        for (int k = 0; k < upper.length; k++) upper[k] = level * (r.nextDouble() * 2) - (r.nextInt(10) == 0 ? 3 : 0);
        int gmin = r.nextInt(4), gmax = gmin + 1 + r.nextInt(40);
        int cmin = r.nextInt(6), cmax = cmin + r.nextInt(60);
        PolicySettings s = new PolicySettings(0.3 + 0.6 * r.nextDouble(), Duration.ofMinutes(r.nextInt(10)),
                Duration.ofMinutes(1 + r.nextInt(10)), 80, Duration.ofMinutes(r.nextInt(30)), r.nextInt(5), cmin, cmax, // 0: the default
                Duration.ofMinutes(10), Optional.empty());
        double st = Double.NaN;
        switch (r.nextInt(4)) {
            case 0 -> s = s.withLatencyObjective(new LatencyObjective(Duration.ofMillis(10 + r.nextInt(200)),
                    0.001 + 0.2 * r.nextDouble(), Optional.of(Duration.ofMillis(5 + r.nextInt(500)))));
            case 1 -> {
                s = s.withLatencyObjective(new LatencyObjective(Duration.ofMillis(10 + r.nextInt(200)), 0.001 + 0.2 * r.nextDouble()));
                st = r.nextBoolean() ? 0.005 + r.nextDouble() : Double.NaN; // measured, or unknown
            }
            case 2 -> s = s.withSlo(new Slo(0.5 + 0.45 * r.nextDouble(), 0.0001 + 0.05 * r.nextDouble(),
                    r.nextBoolean() ? java.util.OptionalDouble.of(0.3 + 0.2 * r.nextDouble()) : java.util.OptionalDouble.empty()));
            default -> { }
        }
        int lo = Math.max(cmin, gmin), hi = Math.min(cmax, gmax);
        int desired = currentWithinBounds && lo <= hi ? lo + r.nextInt(hi - lo + 1) : gmin + r.nextInt(gmax - gmin + 1);
        Set<String> suspended = switch (r.nextInt(8)) {
            case 0 -> Set.of(GroupState.LAUNCH);
            case 1 -> Set.of(GroupState.TERMINATE);
            default -> Set.of();
        };
        Instant cooldown = r.nextInt(6) == 0 ? NOW.plusSeconds(60) : NOW.minusSeconds(r.nextInt(1000));
        GroupState g = new GroupState("asg", desired, gmin, gmax, desired, r.nextInt(8) == 0, suspended, cooldown);
        double[] recs = null;
        if (r.nextBoolean()) {
            recs = new double[1 + r.nextInt(8)];
            for (int i = 0; i < recs.length; i++) recs[i] = r.nextInt(10) == 0 ? Double.NaN : r.nextInt(gmax + 1);
        }
        return new Case(load, upper, g, s, st, recs, seed);
    }

    /** What the group will be after the decision: the target, or unchanged when held. */
    static int effective(CapacityDecision d) {
        return d instanceof ScaleTo t ? t.capacity() : d.current();
    }

    @Test
    void a_scale_to_is_never_outside_the_tighter_of_the_configured_and_group_bounds() {
        int scaleTos = 0;
        for (long seed = 0; seed < CASES; seed++) {
            Case c = randomCase(seed, false);
            CapacityDecision d = policy.decide(c.input(0), c.settings(), NOW);
            if (c.lo() > c.hi()) {
                if (!(d instanceof Hold h && h.code() == HoldReason.BAD_CONFIG)) fail("seed " + seed + ": bounds do not overlap but got " + d);
                continue;
            }
            if (d instanceof ScaleTo t) {
                scaleTos++;
                if (t.capacity() < c.lo() || t.capacity() > c.hi())
                    fail("seed " + seed + ": " + t.capacity() + " outside [" + c.lo() + ", " + c.hi() + "]: " + t);
            }
        }
        assertTrue(scaleTos > CASES / 4, "too few ScaleTo cases to mean anything: " + scaleTos);
    }

    @Test
    void data_that_cannot_be_trusted_never_lets_the_group_scale_in() {
        int holds = 0;
        for (long seed = 0; seed < CASES; seed++) {
            Case c = randomCase(seed, true);
            Random r = new Random(~seed);
            CapacityPolicy.Input in = c.input(0);
            Series load = in.offeredLoad();
            ForecastResult forecast = in.forecast();
            GroupState g = c.group();
            switch (r.nextInt(5)) {
                case 0 -> { // data stops 11 to 60 minutes before now
                    double[] v = load.values();
                    int cut = Math.min(v.length, 11 + r.nextInt(50));
                    for (int i = v.length - cut; i < v.length; i++) v[i] = Double.NaN;
                    load = new Series("svc", load.start(), STEP, v);
                }
                case 1 -> forecast = new InsufficientHistory("too short");
                case 2 -> g = new GroupState(g.name(), g.desired(), g.min(), g.max(), g.inService(), true, g.suspendedProcesses(), g.cooldownUntil());
                case 3 -> { // a gap just before the newest point: inside any stabilization window of 2 min or more
                    if (c.settings().stabilization().toMinutes() < 2) { forecast = new InsufficientHistory("short"); break; }
                    double[] v = load.values();
                    v[load.lastPresentIndex() - 1] = Double.NaN;
                    load = new Series("svc", load.start(), STEP, v);
                }
                default -> g = new GroupState(g.name(), g.desired(), g.min(), g.max(), g.inService(), g.busy(),
                        Set.of(GroupState.TERMINATE), g.cooldownUntil());
            }
            CapacityDecision d = policy.decide(new CapacityPolicy.Input(load, forecast, g, in.serviceTimeSeconds(),
                    in.recommendations()), c.settings(), NOW);
            if (d instanceof Hold) holds++;
            if (d instanceof ScaleTo t && t.capacity() < t.current())
                fail("seed " + seed + ": scaled in from " + t.current() + " to " + t.capacity() + " on untrusted data: " + t);
        }
        assertTrue(holds > CASES / 4, "too few holds to mean anything: " + holds);
    }

    @Test
    void more_load_never_means_less_capacity() {
        int raised = 0;
        for (long seed = 0; seed < CASES; seed++) {
            Case c = randomCase(seed, false);
            double extra = new Random(seed * 31 + 7).nextDouble() * 10;
            int low = effective(policy.decide(c.input(0), c.settings(), NOW));
            int high = effective(policy.decide(c.input(extra), c.settings(), NOW));
            if (high < low) fail("seed " + seed + ": load +" + extra + " gave " + high + " < " + low);
            if (high > low) raised++;
        }
        assertTrue(raised > CASES / 10, "extra load should often raise capacity, did " + raised + " times");
    }

    @Test
    void the_recommendation_is_what_the_slo_needs_whatever_earlier_runs_kept() {
        // what a run publishes as its recommendation, and later runs read back: within the bounds, the capacity
        // itself on a scale-out, never above it otherwise (stabilization only keeps more) -- and the same whether
        // the earlier runs' recommendations read back all said "keep the current capacity" or nothing was read
        // back: a recommendation that followed what was kept would hold every later scale-in back
        int checked = 0, below = 0;
        for (long seed = 0; seed < CASES; seed++) {
            Case c = randomCase(seed, true);
            if (!(policy.decide(c.input(0), c.settings(), NOW) instanceof ScaleTo t)) continue;
            checked++;
            int r = t.recommended();
            if (r < c.lo() || r > c.hi()) fail("seed " + seed + ": recommendation " + r + " outside [" + c.lo() + ", " + c.hi() + "]: " + t);
            if (t.capacity() > t.current() && r != t.capacity()) fail("seed " + seed + ": scale-out to " + t.capacity() + " recommends " + r);
            if (r > t.capacity()) fail("seed " + seed + ": recommendation " + r + " above the capacity " + t.capacity());
            if (r < t.capacity()) below++;
            double[] kept = new double[3];
            Arrays.fill(kept, t.current());
            Case latched = new Case(c.load(), c.upper(), c.group(), c.settings(), c.serviceTime(), kept, seed);
            if (policy.decide(latched.input(0), c.settings(), NOW) instanceof ScaleTo u && u.recommended() != r)
                fail("seed " + seed + ": recommendation " + u.recommended() + " after earlier runs kept " + t.current() + ", " + r + " without");
        }
        assertTrue(checked > CASES / 4, "too few ScaleTo cases to mean anything: " + checked);
        assertTrue(below > 10, "stabilization should keep more than the recommendation in some cases, did in " + below);
    }

    @Test
    void scale_in_never_exceeds_the_step_or_half_the_surplus_except_down_to_a_lowered_max() {
        int scaleIns = 0;
        List<Long> stepLimited = new ArrayList<>();
        for (long seed = 0; seed < CASES; seed++) {
            Case c = randomCase(seed, false);
            CapacityDecision d = policy.decide(c.input(0), c.settings(), NOW);
            if (!(d instanceof ScaleTo t) || t.capacity() >= t.current()) continue;
            scaleIns++;
            int removed = t.current() - t.capacity();
            // what the window allows before the step: the recommendation, not below the window's floor
            int allowed = Math.max(t.recommended(), Math.min(t.current(), t.basis().stabilizationFloor()));
            int step = CapacityPolicy.scaleInStep(c.settings(), t.current(), allowed);
            int configured = c.settings().maxScaleInStep();
            if (configured != PolicySettings.HALF_SURPLUS ? step != configured // an operator's cap is strict
                    : step < PolicySettings.MIN_SCALE_IN_STEP || step > Math.max(PolicySettings.MIN_SCALE_IN_STEP, t.current() / 2))
                fail("seed " + seed + ": step " + step + " (configured " + configured + ") not the configured one, nor in"
                        + " [2, half the group] by default: " + t);
            if (removed == step && allowed < t.capacity()) stepLimited.add(seed);
            if (removed > step && !(t.current() > c.hi() && t.capacity() == c.hi()))
                fail("seed " + seed + ": removed " + removed + " > step " + step + ": " + t);
        }
        assertTrue(scaleIns > CASES / 20, "too few scale-ins to mean anything: " + scaleIns);
        assertTrue(stepLimited.size() > 10, "the step should bind in some cases, did in " + stepLimited.size());
    }

    @Test
    void a_scale_to_never_leaves_fewer_instances_than_the_load_now_needs_at_the_limit() {
        int checked = 0, bound = 0;
        for (long seed = 0; seed < CASES; seed++) {
            Case c = randomCase(seed, false);
            CapacityDecision d = policy.decide(c.input(0), c.settings(), NOW);
            if (!(d instanceof ScaleTo t) || t.basis().sizing() != CapacityDecision.Sizing.UTILIZATION) continue;
            checked++;
            Series load = c.input(0).offeredLoad();
            double latest = Math.max(0, load.valueAt(load.lastPresentIndex()));
            int floor = Math.min(c.hi(), (int) Math.ceil(latest / c.settings().targetUtilization() - 1e-9));
            if (t.capacity() < floor)
                fail("seed " + seed + ": " + t.capacity() + " instances for a load of " + latest + " at limit "
                        + c.settings().targetUtilization() + " (needs " + floor + "): " + t);
            if (t.capacity() == floor && floor > t.basis().forForecast()) bound++;
        }
        assertTrue(checked > CASES / 4, "too few utilization-sized decisions to mean anything: " + checked);
        assertTrue(bound > 10, "the load-now floor should bind in some cases, did in " + bound);
    }

    @Test
    void a_mean_target_never_lowers_the_capacity_the_slo_alone_gives() {
        int raised = 0;
        for (long seed = 0; seed < CASES; seed++) {
            Case c = randomCase(seed, false);
            if (c.settings().slo().isEmpty() || c.settings().meanTarget().isEmpty()) continue;
            Slo slo = c.settings().slo().get();
            PolicySettings without = c.settings().withSlo(new Slo(slo.utilizationLimit(), slo.breachBudget()));
            int plain = effective(policy.decide(c.input(0), without, NOW));
            int headroom = effective(policy.decide(c.input(0), c.settings(), NOW));
            if (headroom < plain) fail("seed " + seed + ": mean target gave " + headroom + " < " + plain);
            if (headroom > plain) raised++;
        }
        assertTrue(raised > 10, "a mean target below the limit should raise capacity in some cases, did " + raised + " times");
    }

    @Test
    void the_same_input_gives_the_same_decision() {
        for (long seed = 0; seed < 500; seed++) {
            Case c = randomCase(seed, false);
            assertEquals(policy.decide(c.input(0), c.settings(), NOW), policy.decide(c.input(0), c.settings(), NOW), "seed " + seed);
        }
    }

    /**
     * 15-44 minutes of a random level with noise ({@code flat}), and the same noise on a line of {@code sign} x
     * {@code slope} per minute from that level ({@code sloped}).
     */
    private record Trend(Series flat, Series sloped, double slope) {
        static Trend of(long seed, int sign) {
            Random r = new Random(seed);
            int n = 15 + r.nextInt(30);
            double level = 1 + 50 * r.nextDouble(), noise = level * (0.005 + 0.05 * r.nextDouble());
            double slope = level * 0.02 * r.nextDouble(); // per minute
            double[] flat = new double[n], sloped = new double[n];
            for (int i = 0; i < n; i++) {
                double e = noise * r.nextGaussian();
                flat[i] = level + e;
                sloped[i] = level + sign * slope * i + e;
            }
            long start = NOW.getEpochSecond() - n * STEP;
            return new Trend(new Series("svc", start, STEP, flat), new Series("svc", start, STEP, sloped), slope);
        }
    }

    @Test
    void a_proven_rise_is_rarely_seen_in_pure_noise_and_rarely_overstates_a_true_one() {
        PolicySettings s = PolicySettings.DEFAULTS;
        int falseRises = 0, overstated = 0, found = 0;
        for (long seed = 0; seed < CASES; seed++) {
            Trend t = Trend.of(seed, 1);
            if (CapacityPolicy.provenRise(t.flat(), s) > 0) falseRises++;
            double proven = CapacityPolicy.provenRise(t.sloped(), s) * 60;
            if (proven > 0) found++;
            if (proven > t.slope()) overstated++;
        }
        // two standard errors: about 2.5 % of either, one-sided
        assertTrue(falseRises < CASES * 0.05, "noise read as a rise in " + falseRises + " of " + CASES);
        assertTrue(overstated < CASES * 0.05, "a rise overstated in " + overstated + " of " + CASES);
        assertTrue(found > CASES / 4, "real rises should often be proven, were in " + found);
    }

    @Test
    void a_proven_fall_is_rarely_seen_in_pure_noise() {
        PolicySettings s = PolicySettings.DEFAULTS;
        int falseFalls = 0, found = 0;
        for (long seed = 0; seed < CASES; seed++) {
            Trend t = Trend.of(seed, -1);
            if (CapacityPolicy.provenFall(t.flat(), s) > 0) falseFalls++;
            if (CapacityPolicy.provenFall(t.sloped(), s) > 0) found++;
        }
        assertTrue(falseFalls < CASES * 0.05, "noise read as a fall in " + falseFalls + " of " + CASES);
        assertTrue(found > CASES / 4, "real falls should often be proven, were in " + found);
    }

    @Test
    void the_read_back_holds_every_unseen_recommendation_and_never_more_than_the_whole_window() {
        int released = 0;
        for (long seed = 0; seed < CASES; seed++) {
            Random r = new Random(seed);
            PolicySettings s = PolicySettings.DEFAULTS.withLeadTime(Duration.ofMinutes(1 + r.nextInt(20)));
            int n = 20 + r.nextInt(40);
            double level = 1 + 50 * r.nextDouble(), slope = level * 0.03 * (r.nextDouble() - 0.7);
            double[] v = new double[n];
            for (int i = 0; i < n; i++) v[i] = Math.max(0, level + slope * i + level * 0.02 * r.nextGaussian());
            long newest = NOW.getEpochSecond() - STEP * (1 + r.nextInt(8)); // data up to 8 minutes old
            Series load = new Series("svc", newest - (n - 1) * STEP, STEP, v);
            double[] rv = new double[1 + r.nextInt(5)];
            for (int i = 0; i < rv.length; i++) rv[i] = r.nextInt(30);
            Series recs = new Series("rec", NOW.getEpochSecond() - (rv.length - 1) * 300L, 300, rv);
            int held = CapacityPolicy.heldRecommendation(recs, load, NOW, s);
            int whole = CapacityPolicy.recentRecommendation(recs, NOW, s);
            assertTrue(held <= whole, "seed " + seed + ": " + held + " above the whole window's " + whole);
            if (CapacityPolicy.provenFall(load, s) <= 0) assertEquals(whole, held, "seed " + seed + ": no fall, whole window");
            long seenTo = newest + STEP, from = NOW.getEpochSecond() - s.stabilization().toSeconds();
            for (int i = 0; i < rv.length; i++) {
                long t = recs.timeAt(i);
                if (t >= from && t + s.leadTime().plus(s.runInterval()).toSeconds() > seenTo)
                    assertTrue(held >= rv[i], "seed " + seed + ": unseen " + rv[i] + " not held (" + held + ")");
            }
            if (held < whole) released++;
        }
        assertTrue(released > 0, "some falls should release a seen recommendation");
    }
}
