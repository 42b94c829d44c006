package dev.leptoid.simulation;

/**
 * What a policy may see during a replay: the minutes up to and including {@link #now()}.
 * Asking for a later minute is a bug in the policy (it would be looking ahead) and throws.
 */
public final class Past {

    private final Workload workload;
    private final int[] inService;
    private int now = -1;

    Past(Workload workload) {
        this.workload = workload;
        this.inService = new int[workload.size()];
    }

    /** The replay moves to minute {@code i}, where {@code inService} instances served the traffic. */
    void advance(int i, int inServiceNow) {
        if (i != now + 1) throw new IllegalStateException("minutes advance one at a time");
        now = i;
        inService[i] = inServiceNow;
    }

    /** Index of the latest complete minute. */
    public int now() { return now; }

    public long timeAt(int i) { return workload.timeAt(check(i)); }

    public double arrivalRate(int i) { return workload.arrivalRate().valueAt(check(i)); }

    public double serviceTime(int i) { return workload.serviceTime().valueAt(check(i)); }

    /** Offered load in Erlangs (NaN when unknown). */
    public double load(int i) { return workload.load(check(i)); }

    /** Instances in service (past launch and warm-up) during minute {@code i}. */
    public int inService(int i) { return inService[check(i)]; }

    /**
     * The minute's average utilization of the in-service instances: load / in-service; NaN when
     * the load is unknown or no instance was in service (no instance reports a metric).
     */
    public double utilization(int i) {
        double a = load(i);
        int n = inService(i);
        return n == 0 ? Double.NaN : a / n;
    }

    private int check(int i) {
        if (i > now) throw new IllegalStateException("look-ahead: minute " + i + " asked for at minute " + now);
        if (i < 0) throw new IndexOutOfBoundsException("minute " + i);
        return i;
    }
}
