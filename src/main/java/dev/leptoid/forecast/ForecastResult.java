package dev.leptoid.forecast;

/** What a forecaster answers: a forecast, or the reason it could not make one. */
public sealed interface ForecastResult permits Forecast, InsufficientHistory {
}
