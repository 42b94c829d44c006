package dev.leptoid.simulation;

import dev.leptoid.forecast.Fitted;
import dev.leptoid.forecast.ForecastResult;
import dev.leptoid.forecast.Forecaster;

import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One forecast per distinct history, shared by the replays of a backtest. A forecast depends on
 * the history, its step, the horizon and the level -- not on the policy's target -- and the
 * replays of one trace at different targets mostly read the same offered load, so a sweep fits
 * each model once instead of once per target. Histories are compared at float precision (about 7
 * significant digits): spreading a minute's traffic over n instances and summing it back differs
 * between targets only in the last bits of a double, which no forecast can tell apart. Histories
 * that differ more (e.g. the newest minutes unknown after a scale-in) are forecast on their own.
 * Fits ({@link #fit}, what {@link dev.leptoid.forecast.Refits} asks for at each refit boundary) are
 * shared the same way. Thread-safe; the same history asked for at once is forecast once.
 */
public final class SharedForecasts implements Forecaster {

    private final Forecaster forecaster;
    private final ConcurrentHashMap<Key, ForecastResult> done = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Key, Fitted> fitted = new ConcurrentHashMap<>();
    private final AtomicLong asked = new AtomicLong();

    public SharedForecasts(Forecaster forecaster) { this.forecaster = forecaster; }

    @Override
    public ForecastResult forecast(double[] history, long stepSeconds, int horizon, double level) {
        asked.incrementAndGet();
        return done.computeIfAbsent(Key.of(history, stepSeconds, horizon, level),
                k -> forecaster.forecast(history, stepSeconds, horizon, level));
    }

    @Override
    public Fitted fit(double[] history, long stepSeconds, int horizon, double level) {
        asked.incrementAndGet();
        return fitted.computeIfAbsent(Key.of(history, stepSeconds, horizon, level),
                k -> forecaster.fit(history, stepSeconds, horizon, level));
    }

    /** Forecasts and fits asked for. */
    public long asked() { return asked.get(); }

    /** Forecasts and fits computed (distinct histories). */
    public long computed() { return done.size() + fitted.size(); }

    private record Key(long step, int horizon, double level, int[] bits, int hash) {
        static Key of(double[] history, long step, int horizon, double level) {
            int[] bits = new int[history.length];
            for (int i = 0; i < history.length; i++) bits[i] = Float.floatToIntBits((float) history[i]);
            return new Key(step, horizon, level, bits, 31 * (31 * Long.hashCode(step) + horizon) + Arrays.hashCode(bits));
        }

        @Override public boolean equals(Object o) {
            return o instanceof Key k && k.hash == hash && k.step == step && k.horizon == horizon
                    && Double.compare(k.level, level) == 0 && Arrays.equals(k.bits, bits);
        }

        @Override public int hashCode() { return hash; }
    }
}
