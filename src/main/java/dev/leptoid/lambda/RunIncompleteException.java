package dev.leptoid.lambda;

/**
 * A run that could not do its job for every service: the invocation fails with one line, after
 * the run held those services, applied what it could and logged its report.
 */
public final class RunIncompleteException extends RuntimeException {
    public RunIncompleteException(String message) {
        super(message, null, false, false);
    }
}
