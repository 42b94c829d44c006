package dev.leptoid.simulation;

import dev.leptoid.source.Series;
import java.time.Instant;
import java.util.Arrays;

/**
 * Traffic to replay, on a one-minute grid: arrival rate (requests per second) and mean service
 * time (seconds) at each minute. Gaps are NaN.
 */
public record Workload(String name, Series arrivalRate, Series serviceTime) {

    public static final long MINUTE = 60;

    public Workload {
        if (arrivalRate.step() != MINUTE || serviceTime.step() != MINUTE)
            throw new IllegalArgumentException(name + ": a workload is on a one-minute grid");
        if (arrivalRate.start() != serviceTime.start() || arrivalRate.size() != serviceTime.size())
            throw new IllegalArgumentException(name + ": arrival rate and service time cover different minutes");
    }

    /** From a trace at any step (a whole number of minutes), linearly interpolated to minutes. */
    public static Workload of(String name, Series arrivalRate, Series serviceTimeOrNull, double defaultServiceTime) {
        Series rate = toMinutes(arrivalRate);
        Series s;
        if (serviceTimeOrNull == null) {
            double[] v = new double[rate.size()];
            Arrays.fill(v, defaultServiceTime);
            s = new Series("service_time", rate.start(), MINUTE, v);
        } else {
            s = toMinutes(serviceTimeOrNull);
        }
        return new Workload(name, rate, s);
    }

    public int size() { return arrivalRate.size(); }

    public long timeAt(int i) { return arrivalRate.timeAt(i); }

    /** Offered load at minute {@code i} in Erlangs: arrival rate x service time (NaN when unknown). */
    public double load(int i) { return arrivalRate.valueAt(i) * serviceTime.valueAt(i); }

    /** The same workload with arrival rates multiplied by {@code factor}. */
    public Workload scaled(double factor) {
        double[] v = arrivalRate.values();
        for (int i = 0; i < v.length; i++) v[i] *= factor;
        return new Workload(name, new Series(arrivalRate.name(), arrivalRate.start(), MINUTE, v), serviceTime);
    }

    /** The same traffic under another name. */
    public Workload named(String other) { return new Workload(other, arrivalRate, serviceTime); }

    /** The minutes {@code [from, to)}. */
    public Workload slice(int from, int to) {
        return new Workload(name, arrivalRate.slice(from, to), serviceTime.slice(from, to));
    }

    /**
     * The minutes from {@code from} on (from the first whole minute at or after it).
     *
     * @throws IllegalArgumentException naming the trace's span when {@code from} is outside it
     */
    public Workload from(Instant from) {
        long t = from.getEpochSecond(), first = timeAt(0), last = timeAt(size() - 1);
        if (t < first || t > last)
            throw new IllegalArgumentException(name + ": --from " + from + " is outside the trace (" + Instant.ofEpochSecond(first)
                    + " to " + Instant.ofEpochSecond(last) + ")");
        return slice((int) ((t - first + MINUTE - 1) / MINUTE), size());
    }

    /** Mean of the present arrival rates. */
    public double meanArrivalRate() {
        double sum = 0;
        int n = 0;
        for (int i = 0; i < size(); i++) if (!arrivalRate.isGap(i)) { sum += arrivalRate.valueAt(i); n++; }
        return n == 0 ? Double.NaN : sum / n;
    }

    /**
     * Linear interpolation onto minutes between consecutive points (a minute next to a gap
     * stays a gap); a trace already at one minute is returned as it is.
     */
    static Series toMinutes(Series s) {
        if (s.step() == MINUTE) return s;
        if (s.step() % MINUTE != 0)
            throw new IllegalArgumentException(s.name() + ": step " + s.step() + "s is not a whole number of minutes");
        int f = (int) (s.step() / MINUTE);
        double[] v = new double[(s.size() - 1) * f + 1];
        for (int i = 0; i + 1 < s.size(); i++) {
            double a = s.valueAt(i), b = s.valueAt(i + 1);
            for (int k = 0; k < f; k++) v[i * f + k] = k == 0 ? a : a + (b - a) * k / f;
        }
        v[v.length - 1] = s.valueAt(s.size() - 1);
        return new Series(s.name(), s.start(), MINUTE, v);
    }
}
