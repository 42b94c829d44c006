package dev.leptoid.simulation;

import dev.leptoid.actuation.ActuationException;
import dev.leptoid.actuation.GroupState;
import dev.leptoid.actuation.SimulatedAutoScaling;
import dev.leptoid.model.ServiceQueue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * Replays a workload minute by minute against a simulated Auto Scaling group under one
 * policy. At the start of each minute the group is read (desired, in service); the minute's
 * traffic is served by the in-service instances; at the end of the minute the policy sees the
 * past and may set the desired capacity. The first {@code history} minutes only give the
 * policy a past; everything after is measured.
 *
 * <p>Measures: instance-hours (billed instances per minute: launched ones, in service or still
 * launching, and terminated ones still draining for {@link Setup#drain}), breach minutes (in-service utilization above the limit, or
 * load with nothing in service), scaling actions (changes of desired capacity) and the
 * forecast error of the policy's predictions.
 */
public final class Backtest {

    public static final String GROUP = LeptoidPipeline.GROUP;

    /**
     * @param launchDelay time from a raised desired capacity to a running instance
     * @param warmUp further time before it is in service
     * @param breachUtilization in-service utilization above which a minute breaches the SLO
     * @param history minutes at the start that are replayed but not measured
     * @param drain how long a terminated instance is still billed: it leaves service at once, then drains
     *              its connections from the load balancer (ELB's deregistration delay, 300 s by default) before
     *              Auto Scaling terminates it and billing stops
     */
    public record Setup(int minCapacity, int maxCapacity, Duration launchDelay, Duration warmUp, double breachUtilization,
                        Duration history, Duration drain) {
        public Setup {
            if (drain == null || drain.isNegative()) throw new IllegalArgumentException("drain must not be negative");
        }

        /** A terminated instance stops billing at once. */
        public Setup(int minCapacity, int maxCapacity, Duration launchDelay, Duration warmUp, double breachUtilization,
                     Duration history) {
            this(minCapacity, maxCapacity, launchDelay, warmUp, breachUtilization, history, Duration.ZERO);
        }
    }

    /** ELB's default deregistration delay: how long a terminated instance drains, and is billed, by default. */
    public static final Duration DEFAULT_DRAIN = Duration.ofSeconds(300);

    /**
     * One replay. Arrays are per measured minute from {@code start}.
     *
     * @param forecastMase mean absolute error of the policy's forecasts at its lead time over that of
     *                     the naive forecast (the load one lead time earlier) at the same minutes; NaN when none
     */
    public record Outcome(String trace, String policy, double target, double instanceHours, int breachMinutes, int minutes,
                          int actions, double forecastMase, long start, double[] load, int[] desired, int[] inService,
                          List<ReplayPolicy.Prediction> predictions) {

        public double breachFraction() { return minutes == 0 ? 0 : (double) breachMinutes / minutes; }
    }

    public Outcome run(Workload w, ReplayPolicy policy, double target, Setup s) throws ActuationException {
        return run(w, policy, target, s, i -> {});
    }

    /** @param progress told each replayed minute's index */
    public Outcome run(Workload w, ReplayPolicy policy, double target, Setup s, IntConsumer progress) throws ActuationException {
        int n = w.size();
        int first = (int) Math.min(n, s.history().toSeconds() / Workload.MINUTE);
        int m = n - first;
        MutableClock clock = new MutableClock(Instant.ofEpochSecond(w.timeAt(0)));
        SimulatedAutoScaling asg = new SimulatedAutoScaling(clock, s.launchDelay(), s.warmUp(), s.drain(), false);
        asg.addGroup(GROUP, initialCapacity(w, target, s), s.minCapacity(), s.maxCapacity());
        Past past = new Past(w);
        double[] load = new double[m];
        int[] desired = new int[m], inService = new int[m];
        long instanceMinutes = 0;
        int breaches = 0, actions = 0, previous = -1;
        for (int i = 0; i < n; i++) {
            clock.set(Instant.ofEpochSecond(w.timeAt(i)));
            GroupState g = asg.describe(GROUP);
            past.advance(i, g.inService());
            if (i >= first) {
                int j = i - first;
                double a = w.load(i);
                load[j] = a;
                desired[j] = g.desired();
                inService[j] = g.inService();
                instanceMinutes += asg.billed(GROUP); // launched (in service or not yet) and draining
                if (!Double.isNaN(a) && breaches(a, g.inService(), s.breachUtilization())) breaches++;
                if (previous >= 0 && g.desired() != previous) actions++;
            }
            previous = g.desired();
            clock.set(Instant.ofEpochSecond(w.timeAt(i) + Workload.MINUTE));
            policy.endOfMinute(past, asg.describe(GROUP), asg);
            progress.accept(i);
        }
        List<ReplayPolicy.Prediction> predictions = policy.predictions().stream()
                .filter(p -> p.time() >= w.timeAt(first) && p.time() < w.timeAt(0) + n * Workload.MINUTE).toList();
        return new Outcome(w.name(), policy.name(), target, instanceMinutes / 60.0, breaches, m, actions,
                mase(w, predictions), w.timeAt(first), load, desired, inService, predictions);
    }

    /** Utilization of the in-service instances is above the limit, or there is load and nothing serves it. */
    static boolean breaches(double load, int inService, double limit) {
        if (inService == 0) return load > 0;
        return load / inService > limit;
    }

    /** Every policy starts from the capacity the first known load needs at the target. */
    static int initialCapacity(Workload w, double target, Setup s) {
        double a = 0;
        for (int i = 0; i < w.size(); i++) if (!Double.isNaN(w.load(i))) { a = w.load(i); break; }
        return Math.max(s.minCapacity(), Math.min(s.maxCapacity(), ServiceQueue.capacityFor(a, target)));
    }

    /** MAE of the predictions over MAE of the naive forecast made at the same time (the load then). */
    static double mase(Workload w, List<ReplayPolicy.Prediction> predictions) {
        double e = 0, naive = 0;
        for (ReplayPolicy.Prediction p : predictions) {
            int i = (int) ((p.time() - w.timeAt(0)) / Workload.MINUTE);
            int o = (int) ((p.time() - p.leadSeconds() - Workload.MINUTE - w.timeAt(0)) / Workload.MINUTE);
            if (i >= w.size() || o < 0) continue;
            double actual = w.load(i), then = w.load(o);
            if (Double.isNaN(actual) || Double.isNaN(then) || Double.isNaN(p.mean())) continue;
            e += Math.abs(actual - p.mean());
            naive += Math.abs(actual - then);
        }
        return naive == 0 ? Double.NaN : e / naive;
    }
}
