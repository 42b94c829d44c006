package dev.leptoid.publication;

/**
 * Where leptoid writes its numbers (Carbon, or a directory for the demo). Modelled on
 * Dropwizard's GraphiteSender: send buffers, flush writes, close releases.
 * Failures are reported, never thrown into the decision path.
 */
public interface MetricSink extends AutoCloseable {

    /** Queues one point; {@code path} must already be sanitized. NaN values are skipped, never sent as 0. */
    void send(String path, double value, long epochSeconds);

    /** Writes what is queued; returns what could not be written (0 when all went out). */
    PublishResult flush();

    @Override void close();

    /** Publishes nothing and never fails (no Carbon configured). */
    MetricSink DISCARD = new MetricSink() {
        @Override public void send(String path, double value, long epochSeconds) { }
        @Override public PublishResult flush() { return PublishResult.EMPTY; }
        @Override public void close() { }
    };

    record PublishResult(int sent, int failed, String error) {
        public static final PublishResult EMPTY = new PublishResult(0, 0, null);
        public boolean ok() { return failed == 0; }
    }
}
