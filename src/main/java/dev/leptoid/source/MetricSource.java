package dev.leptoid.source;

import java.time.Instant;
import java.util.List;

/** Reads metric series over a time range, like Graphite's /render. */
public interface MetricSource {

    /**
     * Series matching {@code target} (a Graphite path expression, wildcards allowed) between
     * {@code from} (inclusive) and {@code until} (exclusive). Gaps are NaN.
     */
    List<Series> fetch(String target, Instant from, Instant until) throws SourceException;
}
