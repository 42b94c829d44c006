package dev.leptoid.simulation;

import dev.leptoid.RunReport;
import dev.leptoid.ScalingRun;
import dev.leptoid.ServiceOutcome;
import dev.leptoid.actuation.ActuationException;
import dev.leptoid.actuation.GroupState;
import dev.leptoid.actuation.SimulatedAutoScaling;
import dev.leptoid.config.EnvironmentConfig;
import dev.leptoid.config.MetricsConfig;
import dev.leptoid.config.ServiceConfig;
import dev.leptoid.decision.CapacityPolicy;
import dev.leptoid.config.PolicySettings;
import dev.leptoid.forecast.Forecast;
import dev.leptoid.forecast.Forecaster;
import dev.leptoid.model.ServiceQueue;
import dev.leptoid.publication.EventSink;
import dev.leptoid.publication.MetricSink;
import dev.leptoid.source.Series;

import java.time.Duration;
import java.time.Instant;
import dev.leptoid.decision.CapacityDecision;
import java.util.List;

/**
 * Replays a recorded arrival-rate trace through the real pipeline (ScalingRun: read, model,
 * forecast, decide, act, publish) against a simulated Auto Scaling group. At each step the
 * traffic is spread evenly over the group's in-service instances and written as per-instance
 * arrival rate and service time ({@link InstancePool}, the same rule as a backtest's); then
 * leptoid runs, seeing only data up to that step.
 */
public final class Replay {

    public static final String ENVIRONMENT = "demo";
    public static final String SERVICE = "web";
    public static final String GROUP = "demo-web";

    /**
     * @param serviceTime seconds per request
     * @param warmupSteps steps of history written before the first run
     * @param breachUtilization utilization of in-service instances above which a minute counts as an SLO breach
     */
    public record Setup(Duration serviceTime, PolicySettings policy, Duration lookback, int warmupSteps,
                        Duration launchDelay, Duration warmUp, double breachUtilization) {}

    /**
     * Per step i of the replayed part: the offered load, the group's desired and in-service
     * capacity, and the one-step forecast mean made at that step (NaN when none).
     */
    public record Result(Series offeredLoad, int[] desired, int[] inService, double[] forecastNext, double instanceHours,
                         int actions, double peakUtilization, double breachMinutes, double minutes, double forecastMase,
                         int holds) {}

    private final Forecaster forecaster;
    private final MetricSink metrics;
    private final EventSink events;

    public Replay(Forecaster forecaster, MetricSink metrics, EventSink events) {
        this.forecaster = forecaster;
        this.metrics = metrics;
        this.events = events;
    }

    /** @param arrivalRate requests per second at each step of the trace */
    public Result run(Series arrivalRate, Setup setup) throws ActuationException {
        long step = arrivalRate.step(); // the grid starts a look-back early: see LeptoidPipeline
        return run(arrivalRate, setup, TrafficStore.inMemory(arrivalRate.start() - setup.lookback().toSeconds() / step * step, step));
    }

    /** Replays through {@code store} (in memory, or a real Graphite). */
    public Result run(Series arrivalRate, Setup setup, TrafficStore store) throws ActuationException {
        long step = arrivalRate.step();
        double s = setup.serviceTime().toNanos() / 1e9;
        MutableClock clock = new MutableClock(Instant.ofEpochSecond(arrivalRate.start()));
        SimulatedAutoScaling asg = new SimulatedAutoScaling(clock, setup.launchDelay(), setup.warmUp());
        PolicySettings p = setup.policy();
        int initial = Math.max(p.minCapacity(), Math.min(p.maxCapacity(),
                ServiceQueue.capacityFor(firstPresent(arrivalRate) * s, p.targetUtilization())));
        asg.addGroup(GROUP, initial, p.minCapacity(), p.maxCapacity());
        MetricsConfig mc = InstancePool.metrics(Duration.ofSeconds(step), setup.lookback());
        InstancePool pool = new InstancePool(ENVIRONMENT, SERVICE);
        EnvironmentConfig env = new EnvironmentConfig(ENVIRONMENT, EnvironmentConfig.Mode.ACT,
                List.of(new ServiceConfig(SERVICE, GROUP, mc, p)));
        ScalingRun run = new ScalingRun(store.source(), forecaster, new CapacityPolicy(), asg, store.published(metrics), events, "leptoid", clock);

        int n = arrivalRate.size();
        int first = Math.min(setup.warmupSteps(), n);
        int m = n - first;
        int[] desired = new int[m], inService = new int[m];
        double[] forecastNext = new double[m];
        double[] offered = new double[m];
        double instanceSeconds = 0, breachSeconds = 0, peak = 0;
        int holds = 0;
        for (int i = 0; i < n; i++) {
            long t = arrivalRate.timeAt(i);
            clock.set(Instant.ofEpochSecond(t));
            GroupState g = asg.describe(GROUP);
            double lambda = arrivalRate.valueAt(i);
            pool.write(store::put, t, lambda, s, g.inService());
            if (i < first) continue;
            int j = i - first;
            offered[j] = lambda * s;
            desired[j] = g.desired();
            inService[j] = g.inService();
            instanceSeconds += g.desired() * (double) step;
            if (!Double.isNaN(lambda)) {
                double u = g.inService() == 0 ? Double.POSITIVE_INFINITY : lambda * s / g.inService();
                peak = Math.max(peak, u);
                if (u > setup.breachUtilization()) breachSeconds += step;
            }
            forecastNext[j] = Double.NaN;
            // leptoid runs at the end of a step (the point for t is complete), once per run interval
            if ((t + step - arrivalRate.start()) % p.runInterval().toSeconds() != 0) continue;
            String error = store.flush();
            if (error != null) throw new ActuationException("replay traffic could not be written: " + error);
            clock.set(Instant.ofEpochSecond(t + step));
            RunReport report = run.run(env);
            ServiceOutcome o = report.services().get(0);
            holds += o.decision() instanceof CapacityDecision.Hold ? 1 : 0;
            forecastNext[j] = o.forecast() instanceof Forecast f && o.forecastOrigin() == t ? f.meanAt(0) : Double.NaN;
        }
        Series load = new Series("offered_load", arrivalRate.timeAt(first), step, offered);
        return new Result(load, desired, inService, forecastNext, instanceSeconds / 3600, asg.actions(GROUP), peak,
                breachSeconds / 60, m * step / 60.0, oneStepMase(offered, forecastNext), holds);
    }

    /**
     * Mean absolute error of the one-step forecasts over that of the naive (last value) forecast
     * on the same steps: below 1 beats naive.
     */
    static double oneStepMase(double[] actual, double[] forecastNext) {
        double e = 0, naive = 0;
        int n = 0;
        for (int j = 0; j + 1 < actual.length; j++) {
            double f = forecastNext[j], next = actual[j + 1], now = actual[j];
            if (Double.isNaN(f) || Double.isNaN(next) || Double.isNaN(now)) continue;
            e += Math.abs(next - f);
            naive += Math.abs(next - now);
            n++;
        }
        return n == 0 || naive == 0 ? Double.NaN : e / naive;
    }

    private static double firstPresent(Series s) {
        int i = s.firstPresentIndex();
        return i < 0 ? 0 : s.valueAt(i);
    }
}
