package dev.leptoid.source;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Reads metric series over a time range, like Graphite's /render. */
public interface MetricSource {

    /**
     * Series matching {@code target} (a Graphite path expression, wildcards allowed) between
     * {@code from} (inclusive) and {@code until} (exclusive). Gaps are NaN. Each series keeps the
     * step the store has; callers check it against the step they expect.
     */
    List<Series> fetch(String target, Instant from, Instant until) throws SourceException;

    /** As {@link #fetch(String, Instant, Instant)}, telling the source the step the caller expects. */
    default List<Series> fetch(String target, Instant from, Instant until, Duration step) throws SourceException {
        return fetch(target, from, until);
    }
}
