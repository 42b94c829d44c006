package dev.leptoid.actuation;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Reads and sets Auto Scaling groups. */
public interface CapacityActuator {

    /** Tag naming the environment a group serves. */
    String ENVIRONMENT_TAG = "leptoid:environment";
    /** Tag naming the service a group runs. */
    String SERVICE_TAG = "leptoid:service";

    /** @throws ActuationException when the group cannot be read (unknown group, API error) or is being deleted */
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

    /**
     * The group's other controllers that can scale it in -- scaling policies, scheduled actions that set the desired
     * capacity -- each as one printable phrase ("scaling policy 'name' (type)"); empty when there is none or this
     * actuator has none (a simulated group). Another controller that scales in takes back the scale-outs leptoid
     * makes ahead of the load.
     *
     * @throws ActuationException when they cannot be read
     */
    default List<String> controllersThatScaleIn(String groupName) throws ActuationException {
        return List.of();
    }

    /**
     * The group's instance refreshes that are not over (pending, in progress, baking, cancelling, rolling back), each as
     * one printable phrase ("instance refresh 'id' (InProgress, 40% done, ...)"); empty when there is none or this
     * actuator has none (a simulated group). A refresh replaces instances in batches, holding the group below its
     * capacity by a batch at a time: a scale-in then would remove capacity on top of it.
     *
     * @throws ActuationException when they cannot be read
     */
    default List<String> activeInstanceRefreshes(String groupName) throws ActuationException {
        return List.of();
    }

    /** Sets the desired capacity to an absolute value (idempotent). */
    void setDesiredCapacity(String groupName, int desired) throws ActuationException;

    /**
     * The group's lead time measured from its own launches beside {@code configured}, or why it is
     * unmeasured; empty when this actuator does not measure (a simulated group). Never throws, and
     * bounded in API calls ({@link LeadTimeWatch}).
     */
    default Optional<LeadTime> leadTime(String groupName, Duration configured, Instant now) {
        return Optional.empty();
    }
}
