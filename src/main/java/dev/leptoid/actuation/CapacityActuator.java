package dev.leptoid.actuation;

/** Reads and sets Auto Scaling groups. */
public interface CapacityActuator {

    /** @throws ActuationException when the group cannot be read (unknown group, API error) */
    GroupState describe(String groupName) throws ActuationException;

    /** Sets the desired capacity to an absolute value (idempotent). */
    void setDesiredCapacity(String groupName, int desired) throws ActuationException;
}
