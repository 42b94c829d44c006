package dev.leptoid.model;

import dev.leptoid.source.SourceException;

/** Graphite answered, but not with enough data to see the service's load. Never read as zero load. */
public class InsufficientDataException extends SourceException {
    public InsufficientDataException(String message) { super(message); }
}
