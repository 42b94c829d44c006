package dev.leptoid.lambda;

/**
 * The invocation's input is wrong (not JSON, no environment, an unknown mode or environment).
 * The message is one line saying what is wrong and where; nothing was scaled. No stack trace:
 * it is the caller's mistake, not a bug, and Lambda logs the message as the error.
 */
public final class BadEventException extends RuntimeException {
    public BadEventException(String message) {
        super(message, null, false, false);
    }
}
