package dev.leptoid.forecast;

import java.util.Arrays;
import java.util.Optional;

/**
 * What a fit chose, kept so that later forecasts need no new fit: the forecast at the fit and,
 * when the model can be carried forward, the model with its parameters fixed plus the bounds'
 * half-widths the fit measured for each step ahead. {@link #after} forecasts from points observed
 * since the fit by filtering the model's states over them -- one pass over a few points instead
 * of a parameter search over the whole history (what AWS predictive scaling does too: fit a few
 * times a day, update the state between). See {@link Refits} for the schedule.
 *
 * @param result the forecast made at the fit
 * @param model the chosen model with its parameters fixed; null when it cannot be carried
 *              (too little history: the result says why)
 * @param down {@code mean - lower} for steps 1..H after the fitted data (divided by the mean when {@code relative})
 * @param up {@code upper - mean} for steps 1..H (the same)
 * @param relative the bounds were made from relative errors (multiplicative models of growing data): they scale with the mean
 * @param nonNegative the fitted data never went below zero (nor may the forecast while new points do not)
 * @param trailingGaps unknown steps between the last value the model saw and the end of the fitted history
 */
public record Fitted(ForecastResult result, Model model, double[] down, double[] up, boolean relative, boolean nonNegative,
                     int trailingGaps) {

    public Fitted {
        down = down.clone();
        up = up.clone();
    }

    /**
     * A model frozen at its fit: its mean forecast from the end of the fitted data followed by
     * {@code z} (NaN: a step not observed), for steps 1..h after the last point of {@code z}.
     */
    public sealed interface Model permits Smoothing, Filtered, LastValues, Mean, ThetaModel {
        double[] mean(double[] z, int h);

        /** How many steps after the fitted data (new points plus horizon) it can forecast. */
        int reach();
    }

    /**
     * Exponential smoothing on the data, or on the data less a seasonal part projected from the
     * fit (STL + ETS: {@code seasonal[j]} is that part at step j + 1 after the fitted data).
     */
    public record Smoothing(EtsFit fit, double[] seasonal) implements Model {
        @Override public double[] mean(double[] z, int h) {
            double[] adjusted = z.clone();
            if (seasonal != null) for (int t = 0; t < z.length; t++) adjusted[t] -= seasonal[t];
            double[] mu = fit.after(adjusted).pointForecast(h);
            if (seasonal != null) for (int k = 0; k < h; k++) mu[k] += seasonal[z.length + k];
            return mu;
        }

        @Override public int reach() { return seasonal == null ? Integer.MAX_VALUE : seasonal.length; }
    }

    /**
     * A fitted model's state after the data that takes one more point at a time ({@code update}; NaN = not observed,
     * the state moves as the forecast does) and forecasts from where it is: {@link Ar.State}, {@link Arima.State}.
     */
    public interface State {
        State update(double z);

        double[] forecast(int h);
    }

    /** An autoregression ({@link Ar}) or an ARIMA model ({@link Arima}) from its state after the fitted data. */
    public record Filtered(State state) implements Model {
        @Override public double[] mean(double[] z, int h) {
            State s = state;
            for (double zt : z) s = s.update(zt);
            return s.forecast(h);
        }

        @Override public int reach() { return Integer.MAX_VALUE; }
    }

    /** Naive ({@code period} 1) or seasonal naive: the value {@code period} steps earlier, the last ones fitted first. */
    public record LastValues(double[] last, int period) implements Model {
        static LastValues of(double[] y, int period) {
            return new LastValues(Arrays.copyOfRange(y, y.length - period, y.length), period);
        }

        @Override public double[] mean(double[] z, int h) {
            double[] ring = last.clone(); // ring[(t) % period]: the newest value of each phase
            int pos = 0;
            for (double zt : z) {
                if (!Double.isNaN(zt)) ring[pos] = zt;
                pos = (pos + 1) % period;
            }
            double[] mu = new double[h];
            for (int k = 0; k < h; k++) mu[k] = ring[(pos + k) % period];
            return mu;
        }

        @Override public int reach() { return Integer.MAX_VALUE; }
    }

    /** The Theta method ({@link Theta}): SES on the seasonally adjusted data, its drift and the season's factors fixed. */
    public record ThetaModel(Theta theta) implements Model {
        @Override public double[] mean(double[] z, int h) { return theta.after(z, h); }

        @Override public int reach() { return Integer.MAX_VALUE; }
    }

    /** The mean of two models' forecasts (the combination). */
    public record Mean(Model a, Model b) implements Model {
        @Override public double[] mean(double[] z, int h) {
            double[] x = a.mean(z, h), y = b.mean(z, h);
            for (int k = 0; k < h; k++) x[k] = (x[k] + y[k]) / 2;
            return x;
        }

        @Override public int reach() { return Math.min(a.reach(), b.reach()); }
    }

    /** A result that cannot be carried forward. */
    public static Fitted only(ForecastResult result) {
        return new Fitted(result, null, new double[0], new double[0], false, false, 0);
    }

    /** Whether {@link #after} can answer at all. */
    public boolean carried() { return model != null; }

    /**
     * The forecast for steps 1..h after {@code newPoints}, the points that followed the fitted
     * history (NaN: unknown); empty when the model cannot be carried that far (more new points
     * plus horizon than the fit measured bounds or projected seasons for). The bounds keep the
     * half-widths the fit measured for the same distance from the last observed point.
     */
    public Optional<Forecast> after(double[] newPoints, int h) {
        if (model == null || !(result instanceof Forecast atFit)) return Optional.empty();
        double[] z = new double[trailingGaps + newPoints.length];
        Arrays.fill(z, 0, trailingGaps, Double.NaN);
        System.arraycopy(newPoints, 0, z, trailingGaps, newPoints.length);
        int unknown = 0; // steps since the last observed point
        while (unknown < z.length && Double.isNaN(z[z.length - 1 - unknown])) unknown++;
        if (unknown + h > down.length || z.length + h > model.reach()) return Optional.empty();
        boolean clamp = nonNegative;
        for (double v : newPoints) if (v < 0) clamp = false;
        double[] mu = model.mean(z, h), lo = new double[h], hi = new double[h];
        for (int k = 0; k < h; k++) {
            double scale = relative ? mu[k] : 1;
            lo[k] = mu[k] - scale * down[unknown + k];
            hi[k] = mu[k] + scale * up[unknown + k];
            if (clamp) {
                mu[k] = Math.max(mu[k], 0);
                lo[k] = Math.max(lo[k], 0);
                hi[k] = Math.max(hi[k], mu[k]);
            }
        }
        return Optional.of(new Forecast(mu, lo, hi, atFit.level(), atFit.method()));
    }
}
