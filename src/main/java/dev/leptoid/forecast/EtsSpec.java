package dev.leptoid.forecast;

/**
 * One exponential-smoothing model of the state-space taxonomy of Hyndman et al. (2008):
 * error {A, M} x trend {N, A, Ad} x season {N, A, M}, with the seasonal period (1 when there is
 * no season).
 */
public record EtsSpec(Error error, Trend trend, Season season, int period) {

    public enum Error { A, M }

    public enum Trend { N, A, Ad }

    public enum Season { N, A, M }

    public EtsSpec {
        if (season == Season.N) period = 1;
        if (period < 1 || (season != Season.N && period < 2))
            throw new IllegalArgumentException("seasonal model needs a period >= 2, got " + period);
    }

    public static EtsSpec of(Error error, Trend trend, Season season, int period) {
        return new EtsSpec(error, trend, season, period);
    }

    /** Parses R's model string, e.g. {@code "AAdN"}, {@code "MNM"}. */
    public static EtsSpec parse(String code, int period) {
        String c = code.trim();
        Error e = Error.valueOf(c.substring(0, 1));
        boolean damped = c.length() == 4;
        Trend t = damped ? Trend.Ad : Trend.valueOf(c.substring(1, 2));
        Season s = Season.valueOf(c.substring(c.length() - 1));
        return new EtsSpec(e, t, s, period);
    }

    public boolean hasTrend() { return trend != Trend.N; }

    public boolean damped() { return trend == Trend.Ad; }

    public boolean hasSeason() { return season != Season.N; }

    /** Whether the model needs strictly positive data. */
    public boolean multiplicative() { return error == Error.M || season == Season.M; }

    /** Number of free parameters estimated: smoothing, damping, initial states, plus the variance. */
    public int parameterCount() {
        int k = 1 + (hasTrend() ? 1 : 0) + (hasSeason() ? 1 : 0) + (damped() ? 1 : 0); // alpha beta gamma phi
        k += 1 + (hasTrend() ? 1 : 0) + (hasSeason() ? period - 1 : 0); // l0 b0 s0..s(m-2)
        return k + 1;
    }

    /** R's notation, e.g. {@code ETS(A,Ad,N)}. */
    public String label() { return "ETS(" + error + "," + trend + "," + season + ")"; }

    @Override public String toString() { return label() + (hasSeason() ? "[" + period + "]" : ""); }
}
