package dev.leptoid.lambda;

/**
 * The configuration cannot be read at invocation (a missing SSM parameter, a document that does
 * not validate, a Graphite secret variable that is not set). One line saying what and where; the
 * invocation fails before anything is read or scaled, so the function's error alarm fires.
 */
public final class ConfigUnavailableException extends RuntimeException {
    public ConfigUnavailableException(String message) {
        super(message, null, false, false);
    }
}
