package dev.leptoid.forecast;

/**
 * The naive forecast ({@link AutoForecaster.Method#NAIVE}: the last value, intervals from the
 * spread of one-step changes growing with the square root of the horizon) for histories as short
 * as 3 points, where {@link AutoForecaster} wants {@link AutoForecaster#MIN_POINTS}: what tests
 * and simple set-ups use when the forecast itself is not the point. Gaps are filled linearly;
 * trailing gaps count as steps, as in {@link AutoForecaster}.
 */
public final class LastValueForecaster implements Forecaster {

    @Override
    public ForecastResult forecast(double[] history, long stepSeconds, int horizon, double level) {
        GapFreeHistory filled = GapFreeHistory.of(history, Integer.MAX_VALUE, 1);
        double[] y = filled.values();
        if (y.length < 3) return new InsufficientHistory("needs at least 3 points, has " + y.length);
        Forecast f = AutoForecaster.naive(y, horizon + filled.trailingGaps(), level);
        return filled.trailingGaps() == 0 ? f : AutoForecaster.drop(f, filled.trailingGaps());
    }
}
