package dev.leptoid.source;

/** Metrics could not be read; the message is one line saying what and where. */
public class SourceException extends Exception {
    public SourceException(String message) { super(message); }
    public SourceException(String message, Throwable cause) { super(message, cause); }
}
