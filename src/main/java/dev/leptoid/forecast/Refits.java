package dev.leptoid.forecast;

import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Forecasts named series run after run, refitting each series' model on a schedule and carrying
 * it forward between refits ({@link Fitted#after}): the model is chosen and its parameters fitted
 * on the history up to the last boundary of the refit interval (whole multiples of it since the
 * epoch: 10:00, 11:00, ... for an hour), and each run in between filters the fitted model over the
 * points after that boundary and forecasts from the newest one. The fitted window is the history's
 * length less the most points an interval can add, ending at the boundary: with a full look-back
 * (a constant length that slides with the runs) it is the same window at every run of the interval.
 *
 * <p>The fit depends only on the history up to the boundary, not on when it was made: a process
 * that starts in the middle of an interval (a cold Lambda container, a CLI run, a backtest) fits
 * on the history up to the same boundary and forecasts exactly as one that kept the fit since the
 * boundary (while a new service's look-back is still filling, on a few more points than the kept
 * fit saw). So nothing needs storing between processes -- a cold start costs one fit per service,
 * as every run did before -- and the backtest, which replays runs through this class, measures
 * what the Lambda does. A warm process keeps one fit per series (its key), replaced at the next
 * boundary. Thread-safe.
 */
public final class Refits {

    /** Refit at every run (the history's whole model each time). */
    public static final Duration EVERY_RUN = Duration.ZERO;

    private record Kept(long boundary, long step, double level, long lastFitted, Fitted fitted) {}

    private final ConcurrentHashMap<String, Kept> kept = new ConcurrentHashMap<>();
    private long fits;
    private long carried;

    /**
     * @param forecaster fits and forecasts
     * @param key the series (e.g. environment and service)
     * @param lastTime epoch seconds of the history's last step
     * @param every refit interval; zero or less than two steps: fit at every call
     * @param history values at a regular step, oldest first, NaN for gaps
     */
    public ForecastResult forecast(Forecaster forecaster, String key, long lastTime, Duration every, double[] history,
                                   long stepSeconds, int horizon, double level) {
        long interval = every.toSeconds();
        if (interval < 2 * stepSeconds || stepSeconds <= 0) return fitNow(forecaster, history, stepSeconds, horizon, level);
        long boundary = Math.floorDiv(lastTime, interval) * interval;
        int most = (int) Math.min(history.length, (interval + stepSeconds - 1) / stepSeconds); // new points at most
        int fresh = (int) Math.min(most, (lastTime - boundary + stepSeconds - 1) / stepSeconds);
        // the fit sees the same window at every run of the interval: the history's length less the
        // most new points there can be, ending at the boundary (a run's look-back slides with it)
        int length = history.length - most;
        if (length < 1) return fitNow(forecaster, history, stepSeconds, horizon, level);
        long lastFitted = lastTime - (long) fresh * stepSeconds;
        double[] newPoints = Arrays.copyOfRange(history, history.length - fresh, history.length);
        Kept k = kept.get(key);
        if (k != null && k.boundary == boundary && k.step == stepSeconds && k.level == level && k.lastFitted == lastFitted) {
            Optional<Forecast> f = k.fitted.after(newPoints, horizon);
            if (f.isPresent()) {
                count(false);
                return described(f.get(), fresh);
            }
        }
        int from = history.length - fresh - length;
        Fitted fitted = forecaster.fit(Arrays.copyOfRange(history, from, from + length), stepSeconds, horizon + most, level);
        count(true);
        Optional<Forecast> f = fitted.after(newPoints, horizon);
        if (f.isEmpty()) { // too little history before the boundary, or the model cannot be carried
            kept.remove(key);
            return fitNow(forecaster, history, stepSeconds, horizon, level);
        }
        kept.put(key, new Kept(boundary, stepSeconds, level, lastFitted, fitted));
        return described(f.get(), fresh);
    }

    private ForecastResult fitNow(Forecaster forecaster, double[] history, long stepSeconds, int horizon, double level) {
        count(true);
        return forecaster.forecast(history, stepSeconds, horizon, level);
    }

    private static Forecast described(Forecast f, int fresh) {
        return fresh == 0 ? f : f.describedAs(f.method() + " (fitted " + fresh + (fresh == 1 ? " step" : " steps")
                + " before the last point, filtered since)");
    }

    private synchronized void count(boolean fit) {
        if (fit) fits++; else carried++;
    }

    /** Forecasts that needed a fit. */
    public synchronized long fits() { return fits; }

    /** Forecasts made by carrying a kept fit forward. */
    public synchronized long carried() { return carried; }
}
