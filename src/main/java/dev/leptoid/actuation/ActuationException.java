package dev.leptoid.actuation;

/** A group could not be read or set; the message is one line for operators. */
public class ActuationException extends Exception {
    public ActuationException(String message) { super(message); }
    public ActuationException(String message, Throwable cause) { super(message, cause); }
}
