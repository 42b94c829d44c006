package dev.leptoid.forecast;

/**
 * A forecast for steps 1..h after the last observation: point forecast and the bounds of a
 * central prediction interval at {@code level} percent. {@code method} names the chosen model
 * (for example {@code ETS(A,Ad,N)+STL(288)}).
 */
public record Forecast(double[] mean, double[] lower, double[] upper, double level, String method)
        implements ForecastResult {

    public Forecast {
        if (mean.length != lower.length || mean.length != upper.length)
            throw new IllegalArgumentException("forecast arrays differ in length");
        mean = mean.clone();
        lower = lower.clone();
        upper = upper.clone();
    }

    /** The same forecast under another description of how it was made. */
    public Forecast describedAs(String how) { return new Forecast(mean, lower, upper, level, how); }

    public int horizon() { return mean.length; }

    @Override public double[] mean() { return mean.clone(); }
    @Override public double[] lower() { return lower.clone(); }
    @Override public double[] upper() { return upper.clone(); }

    public double meanAt(int k) { return mean[k]; }
    public double lowerAt(int k) { return lower[k]; }
    public double upperAt(int k) { return upper[k]; }
}
