package dev.leptoid.actuation;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingException;
import software.amazon.awssdk.services.autoscaling.model.DescribeAutoScalingGroupsResponse;
import software.amazon.awssdk.services.autoscaling.model.DescribeScalingActivitiesResponse;
import software.amazon.awssdk.services.autoscaling.model.Instance;
import software.amazon.awssdk.services.autoscaling.model.ScalingActivityStatusCode;
import software.amazon.awssdk.services.autoscaling.model.SuspendedProcess;

import java.util.Set;

/** Reads and sets EC2 Auto Scaling groups through the AWS SDK v2 client. */
public final class AutoScalingGroupActuator implements CapacityActuator {

    private static final Set<String> BLOCKING_PROCESSES = Set.of("Launch", "Terminate");
    private static final Set<ScalingActivityStatusCode> DONE = Set.of(ScalingActivityStatusCode.SUCCESSFUL,
            ScalingActivityStatusCode.FAILED, ScalingActivityStatusCode.CANCELLED);

    private final AutoScalingClient client;

    public AutoScalingGroupActuator(AutoScalingClient client) {
        this.client = client;
    }

    @Override
    public GroupState describe(String name) throws ActuationException {
        try {
            DescribeAutoScalingGroupsResponse r = client.describeAutoScalingGroups(b -> b.autoScalingGroupNames(name));
            if (r.autoScalingGroups().isEmpty()) throw new ActuationException("Auto Scaling group '" + name + "' not found");
            AutoScalingGroup g = r.autoScalingGroups().get(0);
            int inService = 0;
            for (Instance i : g.instances())
                if ("InService".equals(i.lifecycleStateAsString())) inService++;
            boolean suspended = false;
            for (SuspendedProcess p : g.suspendedProcesses())
                if (BLOCKING_PROCESSES.contains(p.processName())) suspended = true;
            DescribeScalingActivitiesResponse a = client.describeScalingActivities(b -> b.autoScalingGroupName(name).maxRecords(5));
            boolean busy = a.activities().stream().anyMatch(x -> !DONE.contains(x.statusCode()));
            return new GroupState(name, g.desiredCapacity(), g.minSize(), g.maxSize(), inService, busy, suspended);
        } catch (AutoScalingException e) {
            throw new ActuationException("describe " + name + ": " + awsError(e), e);
        } catch (SdkException e) {
            throw new ActuationException("describe " + name + ": " + firstLine(e.getMessage()), e);
        }
    }

    @Override
    public void setDesiredCapacity(String name, int desired) throws ActuationException {
        try {
            client.setDesiredCapacity(b -> b.autoScalingGroupName(name).desiredCapacity(desired).honorCooldown(false));
        } catch (AutoScalingException e) {
            throw new ActuationException("set " + name + " to " + desired + ": " + awsError(e), e);
        } catch (SdkException e) {
            throw new ActuationException("set " + name + " to " + desired + ": " + firstLine(e.getMessage()), e);
        }
    }

    private static String awsError(AutoScalingException e) {
        String code = e.awsErrorDetails() == null ? "error" : e.awsErrorDetails().errorCode();
        String msg = e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage();
        return code + " (" + firstLine(msg) + ")";
    }

    private static String firstLine(String s) { return s == null ? "" : s.lines().findFirst().orElse(""); }
}
