package dev.leptoid.decision;

import dev.leptoid.config.Slo;
import dev.leptoid.actuation.GroupState;
import dev.leptoid.config.LatencyObjective;
import dev.leptoid.config.PolicySettings;
import dev.leptoid.decision.CapacityDecision.Hold;
import dev.leptoid.decision.CapacityDecision.HoldReason;
import dev.leptoid.decision.CapacityDecision.ScaleTo;
import dev.leptoid.decision.CapacityDecision.Sizing;
import dev.leptoid.forecast.Forecast;
import dev.leptoid.forecast.ForecastResult;
import dev.leptoid.forecast.InsufficientHistory;
import dev.leptoid.model.ErlangC;
import dev.leptoid.source.Series;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CapacityPolicyTest {

    static final long STEP = 60;
    static final Instant NOW = Instant.ofEpochSecond(1_800_000_000L);
    static final PolicySettings S = PolicySettings.DEFAULTS; // 60 %, lead 5 min, interval 5 min, 15 min window, step 2

    private final CapacityPolicy policy = new CapacityPolicy();

    /** Load points ending one step before now (the newest complete minute). */
    static Series load(double... values) {
        return new Series("api", NOW.getEpochSecond() - values.length * STEP, STEP, values);
    }

    static Series constant(int n, double v) {
        double[] a = new double[n];
        Arrays.fill(a, v);
        return load(a);
    }

    static Forecast forecast(double upper) {
        double[] m = new double[20], u = new double[20];
        Arrays.fill(m, upper * 0.8);
        Arrays.fill(u, upper);
        return new Forecast(m, m, u, 80, "test");
    }

    static GroupState group(int desired) { return new GroupState("api-asg", desired, 1, 20, desired, false, false); }

    @Test
    void scales_out_at_once_to_what_the_upper_forecast_needs() {
        CapacityDecision d = policy.decide(constant(30, 3.0), forecast(4.5), group(5), S, NOW);
        ScaleTo t = assertInstanceOf(ScaleTo.class, d);
        assertEquals(8, t.capacity()); // ceil(4.5 / 0.6)
        assertEquals(CapacityDecision.Direction.OUT, t.direction());
        assertEquals(5, t.basis().forLoad());
        assertEquals(8, t.basis().forForecast());
        assertEquals(4.5, t.basis().forecastUpper(), 1e-12);
        assertEquals(60, t.basis().dataAgeSeconds());
    }

    @Test
    void never_sizes_below_what_the_current_load_needs() {
        ScaleTo t = assertInstanceOf(ScaleTo.class, policy.decide(constant(30, 6.0), forecast(1.0), group(10), S, NOW));
        assertEquals(10, t.capacity());
        assertTrue(t.reasons().stream().anyMatch(r -> r.startsWith("current load 6.00 Erlangs needs 10")), t.reasons().toString());
    }

    @Test
    void holds_when_data_stops_twenty_minutes_before_now() {
        double[] v = new double[60];
        Arrays.fill(v, 2.0);
        Arrays.fill(v, 41, 60, Double.NaN); // the last point is at now - 20 min, nulls after it
        Series s = load(v);
        assertEquals(NOW.getEpochSecond() - 1200, s.timeAt(s.lastPresentIndex()));
        Hold h = assertInstanceOf(Hold.class, policy.decide(s, forecast(0.5), group(6), S, NOW));
        assertEquals(HoldReason.STALE_DATA, h.code());
        assertTrue(h.detail().contains("20 min before now (limit 10 min"), h.detail());
        assertEquals(1200, h.basis().dataAgeSeconds());
        assertEquals(6, h.current());
    }

    @Test
    void data_one_step_behind_is_fresh_but_a_minute_past_the_limit_is_stale() {
        double[] v = new double[40];
        Arrays.fill(v, 2.0);
        Arrays.fill(v, 30, 40, Double.NaN); // newest at now - 11 min: age - step = 10 min, the limit
        assertInstanceOf(ScaleTo.class, policy.decide(load(v), forecast(2.0), group(4), S, NOW));
        Arrays.fill(v, 29, 40, Double.NaN);
        assertEquals(HoldReason.STALE_DATA, ((Hold) policy.decide(load(v), forecast(2.0), group(4), S, NOW)).code());
    }

    @Test
    void holds_with_no_data_at_all() {
        double[] v = new double[20];
        Arrays.fill(v, Double.NaN);
        assertEquals(HoldReason.NO_DATA, ((Hold) policy.decide(load(v), forecast(1), group(4), S, NOW)).code());
    }

    @Test
    void holds_when_less_than_half_of_the_window_is_present() {
        double[] v = new double[30];
        Arrays.fill(v, 1.0);
        Arrays.fill(v, 15, 25, Double.NaN); // 10 of the 15 points in the window missing
        Hold h = assertInstanceOf(Hold.class, policy.decide(load(v), forecast(1), group(4), S, NOW));
        assertEquals(HoldReason.INSUFFICIENT_DATA, h.code());
        assertTrue(h.detail().startsWith("only "), h.detail());
    }

    @Test
    void a_gap_then_a_load_the_group_cannot_carry_scales_out_on_the_load_now_and_never_in() {
        double[] v = new double[30];
        Arrays.fill(v, 1.0);
        Arrays.fill(v, 15, 27, Double.NaN); // 12 of the window's 15 points missing (data lost), then 3 fresh ones
        Arrays.fill(v, 27, 30, 6.0);         // the load came back four times as high
        ScaleTo t = assertInstanceOf(ScaleTo.class, policy.decide(load(v), forecast(1.2), group(4), S, NOW));
        assertEquals(10, t.capacity()); // ceil(6.0 / 0.6): the load now alone, not the forecast made on the old level
        assertEquals(CapacityDecision.Direction.OUT, t.direction());
        assertEquals(10, t.basis().forLoad());
        assertEquals(10, t.recommended());
        assertEquals(List.of("only 3 of 15 points present in the last 15 min: too little to decide, but the current load 6.00 "
                + "Erlangs alone needs 10: scale out on it, never in"), t.reasons());
        // the same gap under a load the group carries: the hold stands, never a scale-in
        Arrays.fill(v, 27, 30, 1.0);
        Hold h = assertInstanceOf(Hold.class, policy.decide(load(v), forecast(1.2), group(10), S, NOW));
        assertEquals(HoldReason.INSUFFICIENT_DATA, h.code());
        assertEquals(10, h.current());
        // and a paused group is still left alone
        GroupState paused = new GroupState("api-asg", 4, 1, 20, 4, false, Set.of(), null).withPause("INC-1 bob");
        Arrays.fill(v, 27, 30, 6.0);
        assertEquals(HoldReason.PAUSED, assertInstanceOf(Hold.class, policy.decide(load(v), forecast(1.2), paused, S, NOW)).code());
    }

    @Test
    void holds_on_insufficient_history_and_on_a_forecast_without_numbers() {
        ForecastResult ih = new InsufficientHistory("needs 2 days, has 3 hours");
        Hold h = assertInstanceOf(Hold.class, policy.decide(constant(30, 1), ih, group(4), S, NOW));
        assertEquals(HoldReason.INSUFFICIENT_HISTORY, h.code());
        assertEquals("needs 2 days, has 3 hours", h.detail());
        Hold nan = assertInstanceOf(Hold.class, policy.decide(constant(30, 1), forecast(Double.NaN), group(4), S, NOW));
        assertEquals(HoldReason.INSUFFICIENT_DATA, nan.code());
    }

    @Test
    void scale_in_waits_until_the_whole_stabilization_window_agrees() {
        double[] v = new double[30];
        Arrays.fill(v, 1.0);
        v[20] = 4.0; // 10 min ago: inside the 15 min window, needs 7
        ScaleTo t = assertInstanceOf(ScaleTo.class, policy.decide(load(v), forecast(1.0), group(8), S, NOW));
        assertEquals(7, t.capacity());
        assertEquals(7, t.basis().stabilizationFloor());
        v[20] = 1.0;
        v[10] = 4.0; // 20 min ago: outside the window
        ScaleTo later = assertInstanceOf(ScaleTo.class, policy.decide(load(v), forecast(1.0), group(8), S, NOW));
        assertEquals(5, later.capacity()); // ceil(1/0.6)=2 wanted: 6 surplus, half of it (3) is more than the step of 2
        assertTrue(later.reasons().contains("scale-in limited to 3 per run"), later.reasons().toString());
    }

    @Test
    void a_scale_in_removes_the_configured_step_or_half_the_surplus_whichever_is_more() {
        assertEquals(2, CapacityPolicy.scaleInStep(S, 12, 10), "a surplus of 2: the step");
        assertEquals(2, CapacityPolicy.scaleInStep(S, 15, 10), "a surplus of 5: half is 2, the step 2");
        assertEquals(3, CapacityPolicy.scaleInStep(S, 16, 10));
        assertEquals(4_795, CapacityPolicy.scaleInStep(S, 9_600, 10), "after a burst: half the surplus, not 2 per run");
        double[] v = new double[30];
        Arrays.fill(v, 1.0);
        PolicySettings big = S.withCapacity(1, 10_000);
        ScaleTo t = assertInstanceOf(ScaleTo.class, policy.decide(load(v), forecast(1.0), new GroupState("api-asg", 9_600, 1, 10_000, 9_600, false, false), big, NOW));
        assertEquals(4_801, t.capacity()); // 2 wanted: 9,598 surplus, half of it removed
        int runs = 0;
        for (int current = 9_600; current > 2; runs++)
            current = assertInstanceOf(ScaleTo.class, policy.decide(load(v), forecast(1.0),
                    new GroupState("api-asg", current, 1, 10_000, current, false, false), big, NOW)).capacity();
        assertEquals(14, runs, "about log2(9,598 / 2) runs, about an hour at 5-minute runs");
    }

    @Test
    void a_configured_max_scale_in_step_is_a_strict_cap() {
        PolicySettings two = S.withScaleIn(S.stabilization(), 2);
        assertEquals(2, CapacityPolicy.scaleInStep(two, 9_600, 10), "the operator's cap, even after a burst");
        double[] v = new double[30];
        Arrays.fill(v, 1.0);
        ScaleTo t = assertInstanceOf(ScaleTo.class, policy.decide(load(v), forecast(1.0), group(8), two, NOW));
        assertEquals(6, t.capacity());
        assertTrue(t.reasons().contains("scale-in limited to 2 per run"), t.reasons().toString());
    }

    @Test
    void scale_in_waits_for_the_forecast_over_the_stabilization_window_ahead() {
        // 1 Erlang now and over [now+5, now+10 min], but the upper forecast rises to 4 at now + 16 min
        double[] m = new double[20], u = new double[20];
        Arrays.fill(m, 0.8);
        Arrays.fill(u, 1.0);
        for (int k = 15; k < 20; k++) u[k] = 4.0; // steps k cover now + (k+1) min
        Forecast rising = new Forecast(m, m, u, 80, "test");
        ScaleTo t = assertInstanceOf(ScaleTo.class, policy.decide(constant(30, 1.0), rising, group(8), S, NOW));
        assertEquals(7, t.capacity(), "ceil(4 / 0.6) = 7 is needed within lead + stabilization = 20 min");
        assertEquals(2, t.basis().forForecast(), "the sizing window itself needs only 2");
        assertTrue(t.reasons().stream().anyMatch(r -> r.startsWith("stabilization: forecast p90 peaks at 4.00 Erlangs in the next 20 min")),
                t.reasons().toString());
        for (int k = 15; k < 20; k++) u[k] = 1.0;
        u[19] = 1.0;
        ScaleTo flat = assertInstanceOf(ScaleTo.class, policy.decide(constant(30, 1.0), new Forecast(m, m, u, 80, "test"),
                group(8), S, NOW));
        assertEquals(5, flat.capacity(), "the whole window fits 2: scaled in by half the surplus of 6");
        // beyond lead + stabilization the forecast does not hold scale-in back
        double[] longer = new double[30];
        Arrays.fill(longer, 1.0);
        for (int k = 21; k < 30; k++) longer[k] = 4.0;
        double[] lm = new double[30];
        Arrays.fill(lm, 0.8);
        ScaleTo later = assertInstanceOf(ScaleTo.class, policy.decide(constant(30, 1.0), new Forecast(lm, lm, longer, 80, "test"),
                group(8), S, NOW));
        assertEquals(5, later.capacity());
    }

    @Test
    void scale_out_does_not_look_past_the_sizing_window() {
        double[] m = new double[20], u = new double[20];
        Arrays.fill(m, 0.8);
        Arrays.fill(u, 1.0);
        for (int k = 15; k < 20; k++) u[k] = 4.0;
        ScaleTo t = assertInstanceOf(ScaleTo.class, policy.decide(constant(30, 1.0), new Forecast(m, m, u, 80, "test"),
                group(1), S, NOW));
        assertEquals(2, t.capacity(), "out to what [now+5, now+10 min] needs; the later peak is the next runs' business");
    }

    @Test
    void an_earlier_runs_recommendation_inside_the_window_holds_scale_in_back() {
        Series recs = new Series("rec", NOW.getEpochSecond() - 900, 300, new double[] {9, 7, 5});
        CapacityPolicy.Input in = new CapacityPolicy.Input(constant(30, 1.0), forecast(1.0), group(8), Double.NaN, recs);
        ScaleTo t = assertInstanceOf(ScaleTo.class, policy.decide(in, S, NOW));
        assertEquals(8, t.capacity()); // 9 was recommended 15 min ago: min(current, 9) = 8
        assertEquals(2, t.recommended(), "what the load needs (1 Erlang), not the 8 kept: the next run reads this back");
        Series older = new Series("rec", NOW.getEpochSecond() - 1500, 300, new double[] {9, 9, 4, 3, 3});
        ScaleTo u = assertInstanceOf(ScaleTo.class, policy.decide(
                new CapacityPolicy.Input(constant(30, 1.0), forecast(1.0), group(8), Double.NaN, older), S, NOW));
        assertEquals(6, u.capacity()); // the 9s are older than 15 min; the 4 in the window allows 6 (step-limited)
    }

    @Test
    void a_gap_in_the_window_withholds_scale_in_but_not_scale_out() {
        double[] v = new double[30];
        Arrays.fill(v, 1.0);
        v[25] = Double.NaN;
        ScaleTo in = assertInstanceOf(ScaleTo.class, policy.decide(load(v), forecast(1.0), group(8), S, NOW));
        assertEquals(8, in.capacity());
        assertTrue(in.reasons().stream().anyMatch(r -> r.contains("gap in the 15 min stabilization window")));
        ScaleTo out = assertInstanceOf(ScaleTo.class, policy.decide(load(v), forecast(6.0), group(8), S, NOW));
        assertEquals(10, out.capacity());
    }

    @Test
    void clamps_to_the_tighter_of_the_configured_and_the_group_bounds() {
        GroupState g = new GroupState("api-asg", 5, 2, 9, 5, false, false);
        ScaleTo hi = assertInstanceOf(ScaleTo.class, policy.decide(constant(30, 3), forecast(30), g, S.withCapacity(1, 50), NOW));
        assertEquals(9, hi.capacity());
        assertEquals(50, hi.basis().needed()); // ceil(30 / 0.6) before clamping
        assertEquals(2, hi.basis().min());
        assertEquals(9, hi.basis().max());
        assertTrue(hi.reasons().contains("clamped to max 9"), hi.reasons().toString());
    }

    @Test
    void holds_when_the_configured_bounds_and_the_group_bounds_do_not_overlap() {
        GroupState g = new GroupState("api-asg", 5, 2, 9, 5, false, false);
        Hold h = assertInstanceOf(Hold.class, policy.decide(constant(30, 3), forecast(3), g, S.withCapacity(12, 20), NOW));
        assertEquals(HoldReason.BAD_CONFIG, h.code());
    }

    @Test
    void a_configured_max_below_the_current_capacity_applies_at_once() {
        ScaleTo t = assertInstanceOf(ScaleTo.class, policy.decide(constant(30, 1), forecast(1), group(12), S.withCapacity(1, 6), NOW));
        assertEquals(6, t.capacity());
    }

    @Test
    void respects_cooldown_for_scale_in_only() {
        GroupState cooling = new GroupState("api-asg", 8, 1, 20, 8, false, Set.of(), NOW.plusSeconds(120));
        Hold h = assertInstanceOf(Hold.class, policy.decide(constant(30, 1), forecast(1), cooling, S, NOW));
        assertEquals(HoldReason.COOLDOWN, h.code());
        assertTrue(h.detail().contains("would scale in to 5"), h.detail());
        ScaleTo out = assertInstanceOf(ScaleTo.class, policy.decide(constant(30, 1), forecast(9), cooling, S, NOW));
        assertEquals(15, out.capacity());
        GroupState cooled = new GroupState("api-asg", 8, 1, 20, 8, false, Set.of(), NOW.minusSeconds(1));
        assertEquals(5, ((ScaleTo) policy.decide(constant(30, 1), forecast(1), cooled, S, NOW)).capacity());
    }

    @Test
    void a_suspended_process_holds_only_the_direction_it_blocks() {
        GroupState noTerminate = new GroupState("api-asg", 8, 1, 20, 8, false, Set.of("Terminate"), null);
        assertEquals(HoldReason.SCALING_SUSPENDED, ((Hold) policy.decide(constant(30, 1), forecast(1), noTerminate, S, NOW)).code());
        assertEquals(15, ((ScaleTo) policy.decide(constant(30, 1), forecast(9), noTerminate, S, NOW)).capacity());
        GroupState noLaunch = new GroupState("api-asg", 8, 1, 20, 8, false, Set.of("Launch"), null);
        Hold h = (Hold) policy.decide(constant(30, 1), forecast(9), noLaunch, S, NOW);
        assertEquals(HoldReason.SCALING_SUSPENDED, h.code());
        assertTrue(h.detail().startsWith("Launch is suspended on api-asg"), h.detail());
        assertEquals(5, ((ScaleTo) policy.decide(constant(30, 1), forecast(1), noLaunch, S, NOW)).capacity());
    }

    @Test
    void a_group_paused_by_its_tag_is_never_changed_in_either_direction_and_the_hold_names_the_tag() {
        GroupState paused = new GroupState("api-asg", 8, 1, 20, 8, false, Set.of(), null).withPause("INC-1234 alice");
        Hold in = assertInstanceOf(Hold.class, policy.decide(constant(30, 1), forecast(1), paused, S, NOW));
        assertEquals(HoldReason.PAUSED, in.code());
        assertEquals("api-asg is paused by its tag leptoid:pause=INC-1234 alice (would scale in to 5; remove the tag to resume)",
                in.detail());
        assertFalse(in.code().fault(), "an operator's pause is a decision, not a fault to alarm on");
        Hold out = assertInstanceOf(Hold.class, policy.decide(constant(30, 1), forecast(9), paused, S, NOW));
        assertTrue(out.detail().contains("(would scale out to 15;"), out.detail());
        ScaleTo keep = assertInstanceOf(ScaleTo.class, policy.decide(constant(30, 4.5), forecast(4.5), paused, S, NOW));
        assertEquals(CapacityDecision.Direction.NONE, keep.direction(), "nothing to change: no hold");
        assertEquals(5, ((ScaleTo) policy.decide(constant(30, 1), forecast(1), paused.withPause(null), S, NOW)).capacity());
    }

    @Test
    void holds_a_scale_in_while_the_group_is_mid_activity_but_not_a_scale_out() {
        GroupState busy = new GroupState("api-asg", 5, 1, 20, 4, true, false);
        Hold in = assertInstanceOf(Hold.class, policy.decide(constant(30, 1), forecast(1), busy, S, NOW));
        assertEquals(HoldReason.GROUP_BUSY, in.code());
        assertTrue(in.detail().startsWith("a scaling activity is in progress on api-asg (would scale in to "), in.detail());
        ScaleTo same = assertInstanceOf(ScaleTo.class, policy.decide(constant(30, 2.9), forecast(2.9), busy, S, NOW));
        assertEquals(CapacityDecision.Direction.NONE, same.direction());
        // a launch warming up or a termination draining keeps an activity in progress for minutes: a rise does not wait
        ScaleTo out = assertInstanceOf(ScaleTo.class, policy.decide(constant(30, 4.5), forecast(4.5), busy, S, NOW));
        assertTrue(out.capacity() > 5, out.toString());
        assertTrue(out.reasons().getLast().startsWith("a scaling activity is in progress on api-asg"), out.reasons().toString());
        ScaleTo idle = assertInstanceOf(ScaleTo.class, policy.decide(constant(30, 4.5), forecast(4.5),
                new GroupState("api-asg", 5, 1, 20, 4, false, false), S, NOW));
        assertEquals(out.capacity(), idle.capacity());
        assertFalse(idle.reasons().stream().anyMatch(r -> r.contains("activity")), idle.reasons().toString());
    }

    /** Smallest c with P(wait > t) <= p, by scanning the closed form (independent of serversFor's recursion). */
    static int erlangCByScan(double a, double s, double t, double p) {
        for (int c = 1; ; c++) if (ErlangC.probabilityWaitExceeds(c, a, s, t) <= p) return c;
    }

    @Test
    void a_latency_objective_sizes_with_erlang_c() {
        LatencyObjective o = new LatencyObjective(Duration.ofMillis(100), 0.01, Optional.of(Duration.ofMillis(200)));
        PolicySettings s = S.withLatencyObjective(o);
        ScaleTo t = assertInstanceOf(ScaleTo.class, policy.decide(constant(30, 3.0), forecast(7.3), group(5), s, NOW));
        int expected = erlangCByScan(7.3, 0.2, 0.1, 0.01);
        assertEquals(expected, t.capacity());
        assertTrue(expected > 8 && expected < 13, "Erlang C for 7.3 Erlangs should sit between 8 and 13, was " + expected);
        assertEquals(Sizing.LATENCY, t.basis().sizing());
        assertEquals(0.2, t.basis().serviceTime(), 1e-12);
        assertTrue(t.reasons().get(0).contains("for P(wait > 100 ms) <= 1% at S=200.0 ms"), t.reasons().get(0));
    }

    @Test
    void a_latency_objective_uses_the_measured_service_time_when_none_is_configured() {
        PolicySettings s = S.withLatencyObjective(new LatencyObjective(Duration.ofMillis(50), 0.05));
        CapacityPolicy.Input in = new CapacityPolicy.Input(constant(30, 3.0), forecast(12.0), group(5), 0.08, null);
        ScaleTo t = assertInstanceOf(ScaleTo.class, policy.decide(in, s, NOW));
        assertEquals(erlangCByScan(12.0, 0.08, 0.05, 0.05), t.capacity());
        assertEquals(0.08, t.basis().serviceTime(), 1e-12);
    }

    @Test
    void without_a_service_time_a_latency_objective_falls_back_to_utilization_and_never_scales_in() {
        PolicySettings s = S.withLatencyObjective(new LatencyObjective(Duration.ofMillis(50), 0.05));
        ScaleTo out = assertInstanceOf(ScaleTo.class, policy.decide(constant(30, 3.0), forecast(6.0), group(5), s, NOW));
        assertEquals(10, out.capacity());
        assertEquals(Sizing.UTILIZATION, out.basis().sizing());
        assertTrue(out.reasons().stream().anyMatch(r -> r.startsWith("service time unknown")), out.reasons().toString());
        ScaleTo in = assertInstanceOf(ScaleTo.class, policy.decide(constant(30, 0.5), forecast(0.5), group(9), s, NOW));
        assertEquals(9, in.capacity());
    }

    @Test
    void measured_service_time_is_the_mean_of_the_last_hour() {
        double[] v = new double[120];
        Arrays.fill(v, 0.5);
        Arrays.fill(v, 60, 120, 0.1);
        v[100] = Double.NaN;
        Series st = new Series("st", NOW.getEpochSecond() - 120 * STEP, STEP, v);
        assertEquals(0.1, CapacityPolicy.measuredServiceTime(st, NOW), 1e-12);
        assertTrue(Double.isNaN(CapacityPolicy.measuredServiceTime(null, NOW)));
    }

    /** A forecast whose upper bound is {@code base} at every step but {@code value} at step k (time = newest + (k+1) steps). */
    static Forecast forecastWithStep(double base, int k, double value) {
        double[] m = new double[30], u = new double[30];
        Arrays.fill(m, base);
        Arrays.fill(u, base);
        u[k] = value;
        return new Forecast(m, m, u, 80, "test");
    }

    @Test
    void the_sizing_window_includes_now_plus_lead_and_excludes_its_end() {
        // The newest point is at now - 1 step, so step k of the forecast is at now + k steps:
        // lead 5 min and interval 5 min make the window steps 5..9; step 10 is the next run's.
        Series load = constant(30, 1.0);
        ScaleTo atStart = assertInstanceOf(ScaleTo.class, policy.decide(load, forecastWithStep(1.0, 5, 6.0), group(2), S, NOW));
        assertEquals(10, atStart.capacity()); // ceil(6.0 / 0.6)
        ScaleTo atEnd = assertInstanceOf(ScaleTo.class, policy.decide(load, forecastWithStep(1.0, 10, 6.0), group(2), S, NOW));
        assertEquals(2, atEnd.capacity()); // ceil(1.0 / 0.6): the end belongs to the next window
        ScaleTo before = assertInstanceOf(ScaleTo.class, policy.decide(load, forecastWithStep(1.0, 4, 6.0), group(2), S, NOW));
        assertEquals(2, before.capacity());
        assertTrue(atStart.reasons().get(0).contains("[now+300s, now+600s)"), atStart.reasons().toString());
    }

    @Test
    void the_quantile_is_derived_from_the_breach_budget_and_the_run_interval() {
        assertEquals(90.0, new Slo(0.85, 0.02).quantile(Duration.ofMinutes(5)), 1e-9);
        assertEquals(80.0, new Slo(0.85, 0.02).quantile(Duration.ofMinutes(10)), 1e-9);
        assertEquals(95.0, new Slo(0.85, 0.01).quantile(Duration.ofMinutes(5)), 1e-9);
        assertEquals(Slo.MAX_QUANTILE, new Slo(0.85, 0.001).quantile(Duration.ofMinutes(5)), 1e-9); // 99.5 capped
        assertEquals(97.0, Slo.MAX_QUANTILE, 1e-9); // 30 of the forecaster's 1,000 error origins beyond it
        assertEquals(97.0, new Slo(0.85, 0.006).quantile(Duration.ofMinutes(5)), 1e-9); // exactly at the cap
        assertEquals(Slo.MIN_QUANTILE, new Slo(0.85, 0.2).quantile(Duration.ofMinutes(5)), 1e-9);
        PolicySettings s = S.withSlo(new Slo(0.85, 0.02));
        assertEquals(90.0, s.quantile(), 1e-9);
        assertEquals(80.0, s.intervalLevel(), 1e-9);
        assertEquals(0.85, s.targetUtilization(), 1e-12);
    }

    @Test
    void an_slo_sizes_the_upper_quantile_at_its_limit_and_the_mean_at_the_mean_target() {
        double[] mean = new double[20], upper = new double[20];
        Arrays.fill(mean, 3.0);
        Arrays.fill(upper, 4.25);
        Forecast f = new Forecast(mean, mean, upper, 99, "test");
        PolicySettings slo = S.withSlo(new Slo(0.85, 0.001));
        ScaleTo plain = assertInstanceOf(ScaleTo.class, policy.decide(constant(30, 2.0), f, group(3), slo, NOW));
        assertEquals(5, plain.capacity()); // ceil(4.25 / 0.85)
        assertTrue(plain.reasons().get(0).startsWith("forecast p97 peak 4.25"), plain.reasons().toString());
        PolicySettings headroom = S.withSlo(new Slo(0.85, 0.001, java.util.OptionalDouble.of(0.5)));
        ScaleTo t = assertInstanceOf(ScaleTo.class, policy.decide(constant(30, 2.0), f, group(3), headroom, NOW));
        assertEquals(6, t.capacity()); // ceil(3.0 / 0.5) > ceil(4.25 / 0.85)
        assertTrue(t.reasons().stream().anyMatch(r -> r.startsWith("forecast mean peak 3.00 Erlangs needs 6 at the mean target 50%")),
                t.reasons().toString());
    }

    @Test
    void under_an_slo_the_load_now_at_the_limit_is_the_floor() {
        PolicySettings slo = S.withSlo(new Slo(0.8, 0.001));
        ScaleTo t = assertInstanceOf(ScaleTo.class, policy.decide(constant(30, 8.0), forecast(1.0), group(20), slo, NOW));
        assertEquals(15, t.capacity()); // half the surplus of 10 from 20; the floor ceil(8.0 / 0.8) = 10 is below
        ScaleTo u = assertInstanceOf(ScaleTo.class, policy.decide(constant(30, 8.0), forecast(1.0), group(11), slo, NOW));
        assertEquals(10, u.capacity());
        assertEquals(10, u.basis().forLoad());
    }

    /** {@code n} points rising by {@code perMinute} from {@code start}. */
    static Series ramp(int n, double start, double perMinute) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = start + perMinute * i;
        return load(v);
    }

    @Test
    void a_steady_rise_is_carried_on_to_the_end_of_the_sizing_window_when_the_forecast_missed_it() {
        // 3.0 .. 5.9 Erlangs, +0.1 a minute, newest at now - 1 min; the forecast says 1.0 (a holiday's ramp)
        ScaleTo t = assertInstanceOf(ScaleTo.class, policy.decide(ramp(30, 3.0, 0.1), forecast(1.0), group(10), S, NOW));
        // 5.9 + 0.1 x 11 min (to now + lead 5 + interval 5) = 7.0 Erlangs at 60 %
        assertEquals(12, t.capacity());
        assertEquals(10, t.basis().forLoad()); // the load now alone: ceil(5.9 / 0.6)
        assertTrue(t.reasons().stream().anyMatch(r -> r.startsWith("load rising at least 0.100 Erlangs/min over the last 15 min: "
                + "7.00 by the window's end needs 12")), t.reasons().toString());
        assertEquals(0.1 / 60, CapacityPolicy.provenRise(ramp(30, 3.0, 0.1), S), 1e-12);
    }

    @Test
    void a_falling_or_flat_load_proves_no_rise() {
        assertEquals(0, CapacityPolicy.provenRise(ramp(30, 6.0, -0.1), S));
        assertEquals(0, CapacityPolicy.provenRise(constant(30, 4.0), S));
        assertEquals(0, CapacityPolicy.provenRise(load(1.0, 2.0), S)); // two points prove nothing
        // the rise is measured over the last three run intervals only: an old ramp, then flat
        double[] v = new double[60];
        for (int i = 0; i < 60; i++) v[i] = i < 40 ? 0.1 * i : 3.9;
        assertEquals(0, CapacityPolicy.provenRise(load(v), S));
    }

    @Test
    void a_rise_in_the_last_minutes_only_is_not_proven_throughout() {
        // flat for 10 minutes, then +1 Erlang a minute: a spike's rising edge, not a ramp
        double[] v = new double[30];
        for (int i = 0; i < 30; i++) v[i] = i < 25 ? 4.0 : 4.0 + (i - 24);
        assertEquals(0, CapacityPolicy.provenRise(load(v), S));
        ScaleTo t = assertInstanceOf(ScaleTo.class, policy.decide(load(v), forecast(1.0), group(10), S, NOW));
        assertEquals(15, t.capacity()); // the load now, 9.0 at 60 %: not carried on
    }

    @Test
    void noise_around_a_level_is_not_a_rise_and_leaves_the_decision_to_the_forecast() {
        // alternate 4 +- 1: the fitted slope is tiny against its standard error
        double[] v = new double[30];
        for (int i = 0; i < 30; i++) v[i] = 4.0 + (i % 2 == 0 ? 1 : -1);
        assertEquals(0, CapacityPolicy.provenRise(load(v), S));
        ScaleTo t = assertInstanceOf(ScaleTo.class, policy.decide(load(v), forecast(6.0), group(10), S, NOW));
        assertEquals(10, t.capacity()); // ceil(6.0 / 0.6), the forecast's
    }

    @Test
    void a_noisy_rise_is_taken_at_what_the_noise_leaves_proven() {
        double[] v = new double[30];
        java.util.Random r = new java.util.Random(17);
        for (int i = 0; i < 30; i++) v[i] = 3.0 + 0.1 * i + 0.05 * r.nextGaussian();
        double rise = CapacityPolicy.provenRise(load(v), S) * 60;
        assertTrue(rise > 0 && rise < 0.1, "a rise below the true 0.1 a minute, above 0: " + rise);
    }
    @Test
    void a_steady_fall_is_proven_and_noise_or_a_rise_is_not() {
        assertEquals(0.1 / 60, CapacityPolicy.provenFall(ramp(30, 6.0, -0.1), S), 1e-12);
        assertEquals(0, CapacityPolicy.provenFall(ramp(30, 3.0, 0.1), S));
        assertEquals(0, CapacityPolicy.provenFall(constant(30, 4.0), S));
        double[] v = new double[30];
        for (int i = 0; i < 30; i++) v[i] = 4.0 + (i % 2 == 0 ? 1 : -1);
        assertEquals(0, CapacityPolicy.provenFall(load(v), S));
    }

    @Test
    void a_spike_decaying_back_to_its_level_is_not_a_fall_throughout() {
        // flat at 4, a spike to 12 ten minutes ago, back at 4 within three minutes: the last half does not fall
        double[] v = new double[30];
        Arrays.fill(v, 4.0);
        v[19] = 12.0;
        v[20] = 8.0;
        v[21] = 6.0;
        assertEquals(0, CapacityPolicy.provenFall(load(v), S));
        Series recs = new Series("rec", NOW.getEpochSecond() - 900, 300, new double[] {9, 20, 7});
        assertEquals(20, CapacityPolicy.heldRecommendation(recs, load(v), NOW, S), "the whole window, as before");
    }

    @Test
    void after_a_proven_fall_earlier_recommendations_for_windows_already_seen_are_not_held() {
        // 4.0 falling 0.1 a minute to 1.1 at now - 1 min; runs 15, 10 and 5 minutes ago recommended 9, 7, 5 for
        // [now - 10, now - 5), [now - 5, now) and [now, now + 5): the first two windows are seen, the last is not
        Series falling = ramp(30, 4.0, -0.1);
        Series recs = new Series("rec", NOW.getEpochSecond() - 900, 300, new double[] {9, 7, 5});
        assertEquals(5, CapacityPolicy.heldRecommendation(recs, falling, NOW, S));
        ScaleTo t = assertInstanceOf(ScaleTo.class, policy.decide(
                new CapacityPolicy.Input(falling, forecast(1.0), group(9), Double.NaN, recs), S, NOW));
        // the floor is 5 (the load 15 minutes ago, 2.5 at 60 %, and the unseen 5); two removed per run
        assertEquals(7, t.capacity());
        assertTrue(t.reasons().stream().anyMatch(r -> r.equals("stabilization: the load fell throughout the last 15 min, "
                + "so an earlier run's 9 for a window already seen is not held")), t.reasons().toString());
        // the same recommendations on a flat load: the whole window holds the 9
        ScaleTo flat = assertInstanceOf(ScaleTo.class, policy.decide(
                new CapacityPolicy.Input(constant(30, 1.1), forecast(1.0), group(9), Double.NaN, recs), S, NOW));
        assertEquals(9, flat.capacity());
    }

    @Test
    void a_recommendation_whose_window_the_data_has_not_seen_is_held_even_after_a_fall() {
        Series falling = ramp(30, 4.0, -0.1);
        // a scale-out ordered 5 minutes ago for [now, now + 5): on its way
        Series recs = new Series("rec", NOW.getEpochSecond() - 900, 300, new double[] {5, 5, 9});
        assertEquals(9, CapacityPolicy.heldRecommendation(recs, falling, NOW, S));
        // the data 6 minutes old: the window [now - 5, now) of the run 10 minutes ago is not seen yet either
        double[] v = new double[30];
        for (int i = 0; i < 30; i++) v[i] = 4.0 - 0.1 * i;
        Series stale = new Series("api", NOW.getEpochSecond() - 360 - 30 * STEP + STEP, STEP, v);
        Series older = new Series("rec", NOW.getEpochSecond() - 900, 300, new double[] {9, 7, 5});
        assertEquals(7, CapacityPolicy.heldRecommendation(older, stale, NOW, S));
        assertEquals(-1, CapacityPolicy.heldRecommendation(null, falling, NOW, S));
    }
}
