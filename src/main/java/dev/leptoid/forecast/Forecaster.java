package dev.leptoid.forecast;

/**
 * Forecasts a regularly spaced history. Gaps in the history are {@link Double#NaN}.
 * Implementations never throw for short or odd data: they answer {@link InsufficientHistory}.
 */
public interface Forecaster {

    /**
     * @param history values at a regular step, oldest first; NaN is a gap
     * @param stepSeconds the spacing of the history, used to infer seasonal periods
     * @param horizon number of steps to forecast after the last point
     * @param level prediction-interval coverage in percent, e.g. 80 or 90
     */
    ForecastResult forecast(double[] history, long stepSeconds, int horizon, double level);

    /**
     * The same forecast with the model behind it, for forecasting again from later points without
     * a new fit ({@link Fitted#after}). By default the model is not kept: every forecast is a fit.
     */
    default Fitted fit(double[] history, long stepSeconds, int horizon, double level) {
        return Fitted.only(forecast(history, stepSeconds, horizon, level));
    }
}
