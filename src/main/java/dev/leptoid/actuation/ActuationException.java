package dev.leptoid.actuation;

/** A group could not be read or set; the message is one line for operators. */
public class ActuationException extends Exception {

    /** What went wrong, so a run can tell "try again next run" from "fix something". */
    public enum Kind {
        /** the group does not exist, or no group carries the service's tags */
        NOT_FOUND,
        /** a scaling activity is in progress (AWS ScalingActivityInProgress): retried by the next run */
        BUSY,
        /** AWS refused the request as invalid (ValidationError), e.g. desired outside the group's bounds */
        INVALID,
        /** still throttled after the SDK's retries */
        THROTTLED,
        /** anything else: network, 5xx, credentials */
        FAILED,
        /** the group counts its capacity in something other than instances (weights, vCPUs): leptoid must not size it */
        UNSUPPORTED
    }

    private final Kind kind;

    public ActuationException(String message) { this(Kind.FAILED, message, null); }

    public ActuationException(String message, Throwable cause) { this(Kind.FAILED, message, cause); }

    public ActuationException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() { return kind; }
}
