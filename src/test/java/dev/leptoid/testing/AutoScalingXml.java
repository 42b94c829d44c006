package dev.leptoid.testing;

/** XML fragments of Auto Scaling Query API answers, for {@link AwsQueryServer} handlers. */
public final class AutoScalingXml {

    private AutoScalingXml() {}

    /**
     * An {@code <AutoScalingGroups>} list with one group: {@code inService} InService instances
     * plus one Pending, and optionally one suspended process.
     */
    public static String group(String name, int desired, int min, int max, int inService, String suspended) {
        java.util.List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < inService; i++) ids.add("i-" + i);
        return group(name, desired, min, max, ids, suspended);
    }

    /** A list with one group whose InService instances are {@code inServiceIds}, plus one Pending. */
    public static String group(String name, int desired, int min, int max, java.util.List<String> inServiceIds, String suspended) {
        StringBuilder instances = new StringBuilder();
        for (String id : inServiceIds) instances.append(instance(id, "InService", "Healthy", false));
        instances.append(instance("i-pending", "Pending", "Healthy", false));
        return group(name, desired, min, max, instances.toString(), suspended, false);
    }

    /** A healthy instance not protected from scale-in, in {@code lifecycle}: {@link #instance}. */
    public static String instance(String id, String lifecycle) {
        return instance(id, lifecycle, "Healthy", false);
    }

    /**
     * One {@code <member>} of a group's {@code <Instances>}, as DescribeAutoScalingGroups lists it.
     *
     * @param lifecycle e.g. InService, Standby, Pending:Wait, Terminating:Wait, Detaching
     * @param health Healthy or Unhealthy
     */
    public static String instance(String id, String lifecycle, String health, boolean protectedFromScaleIn) {
        return "<member><InstanceId>" + id + "</InstanceId><InstanceType>m5.large</InstanceType><LifecycleState>" + lifecycle
                + "</LifecycleState><HealthStatus>" + health + "</HealthStatus><AvailabilityZone>us-east-1a</AvailabilityZone>"
                + "<LaunchTemplate><LaunchTemplateId>lt-0abc</LaunchTemplateId><LaunchTemplateName>api</LaunchTemplateName>"
                + "<Version>3</Version></LaunchTemplate><ProtectedFromScaleIn>" + protectedFromScaleIn
                + "</ProtectedFromScaleIn></member>";
    }

    /**
     * A list with one group whose {@code <Instances>} are {@code instances} ({@link #instance} members), optionally one
     * suspended process, and the group's NewInstancesProtectedFromScaleIn.
     */
    public static String group(String name, int desired, int min, int max, String instances, String suspended,
                               boolean newInstancesProtected) {
        return "<AutoScalingGroups><member><AutoScalingGroupName>" + name + "</AutoScalingGroupName>"
                + "<DesiredCapacity>" + desired + "</DesiredCapacity><MinSize>" + min + "</MinSize><MaxSize>" + max + "</MaxSize>"
                + "<DefaultCooldown>300</DefaultCooldown><HealthCheckType>EC2</HealthCheckType>"
                + "<Instances>" + instances + "</Instances>"
                + "<SuspendedProcesses>" + (suspended == null ? "" : "<member><ProcessName>" + suspended
                + "</ProcessName><SuspensionReason>by user</SuspensionReason></member>") + "</SuspendedProcesses>"
                + "<NewInstancesProtectedFromScaleIn>" + newInstancesProtected + "</NewInstancesProtectedFromScaleIn>"
                + "</member></AutoScalingGroups>";
    }

    /**
     * An {@code <InstanceRefreshes>} list (DescribeInstanceRefreshes) with one refresh of {@code group} in {@code status}
     * (Pending, InProgress, Successful, ...).
     */
    public static String refresh(String group, String id, String status, int percentageComplete) {
        return "<InstanceRefreshes><member><InstanceRefreshId>" + id + "</InstanceRefreshId><AutoScalingGroupName>" + group
                + "</AutoScalingGroupName><Status>" + status + "</Status><StatusReason>Waiting for instances to warm up before"
                + " continuing.</StatusReason><StartTime>2026-12-01T23:40:00Z</StartTime><PercentageComplete>"
                + percentageComplete + "</PercentageComplete><InstancesToUpdate>2</InstancesToUpdate>"
                + "<Preferences><MinHealthyPercentage>90</MinHealthyPercentage><InstanceWarmup>300</InstanceWarmup>"
                + "<SkipMatching>false</SkipMatching></Preferences></member></InstanceRefreshes>";
    }
}
