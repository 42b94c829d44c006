package dev.leptoid.actuation;

/** Reads and sets Auto Scaling groups. */
public interface CapacityActuator {

    /** Tag naming the environment a group serves. */
    String ENVIRONMENT_TAG = "leptoid:environment";
    /** Tag naming the service a group runs. */
    String SERVICE_TAG = "leptoid:service";

    /** @throws ActuationException when the group cannot be read (unknown group, API error) */
    GroupState describe(String groupName) throws ActuationException;

    /**
     * The one group tagged {@code leptoid:environment = environment} and {@code leptoid:service = service}.
     *
     * @throws ActuationException (kind NOT_FOUND) when no group or more than one group carries both tags
     */
    default GroupState find(String environment, String service) throws ActuationException {
        throw new ActuationException(ActuationException.Kind.NOT_FOUND, getClass().getSimpleName()
                + " cannot discover groups by tag: name the group (auto_scaling_group) for " + environment + "." + service, null);
    }

    /** Sets the desired capacity to an absolute value (idempotent). */
    void setDesiredCapacity(String groupName, int desired) throws ActuationException;
}
