package dev.leptoid.forecast;

/** Too little usable history for any model; {@code reason} is one line for operators. */
public record InsufficientHistory(String reason) implements ForecastResult {
}
