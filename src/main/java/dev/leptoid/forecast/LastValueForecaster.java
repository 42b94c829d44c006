package dev.leptoid.forecast;

/**
 * A plain fallback: the last observed value, with intervals from the spread of one-step
 * changes growing with the square root of the horizon.
 */
public final class LastValueForecaster implements Forecaster {

    @Override
    public ForecastResult forecast(double[] history, long stepSeconds, int horizon, double level) {
        int last = history.length - 1;
        while (last >= 0 && Double.isNaN(history[last])) last--;
        if (last < 2) return new InsufficientHistory("needs at least 3 points, has " + (last + 1));
        double sum = 0;
        int n = 0;
        for (int i = 1; i <= last; i++) {
            if (Double.isNaN(history[i]) || Double.isNaN(history[i - 1])) continue;
            double d = history[i] - history[i - 1];
            sum += d * d;
            n++;
        }
        if (n < 2) return new InsufficientHistory("needs at least 2 consecutive pairs of points");
        double sigma = Math.sqrt(sum / n);
        double z = new org.apache.commons.math3.distribution.NormalDistribution().inverseCumulativeProbability(0.5 + level / 200);
        double[] mean = new double[horizon], lo = new double[horizon], hi = new double[horizon];
        for (int k = 0; k < horizon; k++) {
            mean[k] = history[last];
            double w = z * sigma * Math.sqrt(k + 1);
            lo[k] = mean[k] - w;
            hi[k] = mean[k] + w;
        }
        return new Forecast(mean, lo, hi, level, "naive");
    }
}
