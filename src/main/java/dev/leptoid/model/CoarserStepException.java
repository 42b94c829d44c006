package dev.leptoid.model;

import dev.leptoid.source.SourceException;

/**
 * Graphite answered a series at a coarser step than the configured one: the read reached back past
 * the finest archive's retention, and Graphite then serves the whole range from a coarser archive.
 * A shorter read may be served at the step.
 */
public class CoarserStepException extends SourceException {
    private final String series;
    private final long storedStep;

    public CoarserStepException(String message, String series, long storedStep) {
        super(message);
        this.series = series;
        this.storedStep = storedStep;
    }

    /** The series that came back coarser. */
    public String series() { return series; }

    /** Its step in seconds. */
    public long storedStep() { return storedStep; }
}
