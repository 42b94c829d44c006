package dev.leptoid.model;

/**
 * M/M/c queue measures, computed through the Erlang B recursion (stable for c in the
 * tens of thousands: no factorials, no powers).
 */
public final class ErlangC {

    private ErlangC() {}

    /** Erlang B blocking probability for {@code c} servers and offered load {@code a} Erlangs. */
    public static double erlangB(int c, double a) {
        if (c < 0 || !(a >= 0)) throw new IllegalArgumentException("need c >= 0 and a >= 0, got c=" + c + ", a=" + a);
        double b = 1.0;
        for (int k = 1; k <= c; k++) b = a * b / (k + a * b);
        return b;
    }

    /** Probability an arrival waits (Erlang C); 1 when the queue is unstable (a >= c). */
    public static double probabilityOfWaiting(int c, double a) {
        if (c < 1 || !(a >= 0)) throw new IllegalArgumentException("need c >= 1 and a >= 0, got c=" + c + ", a=" + a);
        if (a >= c) return 1.0;
        if (a == 0) return 0.0;
        double b = erlangB(c, a);
        return c * b / (c - a * (1 - b));
    }

    /** Mean wait in queue for service time {@code s} seconds; infinite when unstable. */
    public static double meanWait(int c, double a, double s) {
        if (a >= c) return Double.POSITIVE_INFINITY;
        return probabilityOfWaiting(c, a) * s / (c - a);
    }

    /** P(wait &gt; t) = C(c, a) * exp(-(c - a) t / s). */
    public static double probabilityWaitExceeds(int c, double a, double s, double t) {
        if (a >= c) return 1.0;
        return probabilityOfWaiting(c, a) * Math.exp(-(c - a) * t / s);
    }

    /**
     * Smallest c with P(wait &gt; {@code waitLimit}) &lt;= {@code probability}, for offered load
     * {@code a} and mean service time {@code s}; at most {@code maxServers} (returned when even
     * that is not enough).
     */
    public static int serversFor(double a, double s, double waitLimit, double probability, int maxServers) {
        if (!(a >= 0) || !(s > 0) || !(waitLimit >= 0) || !(probability > 0 && probability < 1))
            throw new IllegalArgumentException("need a >= 0, s > 0, wait >= 0 and 0 < p < 1, got a=" + a
                    + ", s=" + s + ", wait=" + waitLimit + ", p=" + probability);
        int c = Math.max(1, (int) Math.floor(a) + 1);
        // Erlang B for c is built incrementally while c grows.
        double b = erlangB(c, a);
        while (c < maxServers) {
            double pw = c * b / (c - a * (1 - b));
            if (pw * Math.exp(-(c - a) * waitLimit / s) <= probability) return c;
            c++;
            b = a * b / (c + a * b);
        }
        return maxServers;
    }
}
