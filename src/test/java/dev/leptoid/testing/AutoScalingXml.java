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
        for (int i = 0; i <= inServiceIds.size(); i++) {
            boolean pending = i == inServiceIds.size();
            instances.append("<member><InstanceId>").append(pending ? "i-pending" : inServiceIds.get(i))
                    .append("</InstanceId><LifecycleState>").append(pending ? "Pending" : "InService")
                    .append("</LifecycleState><HealthStatus>Healthy</HealthStatus><AvailabilityZone>us-east-1a</AvailabilityZone>")
                    .append("<ProtectedFromScaleIn>false</ProtectedFromScaleIn></member>");
        }
        return "<AutoScalingGroups><member><AutoScalingGroupName>" + name + "</AutoScalingGroupName>"
                + "<DesiredCapacity>" + desired + "</DesiredCapacity><MinSize>" + min + "</MinSize><MaxSize>" + max + "</MaxSize>"
                + "<DefaultCooldown>300</DefaultCooldown><HealthCheckType>EC2</HealthCheckType>"
                + "<Instances>" + instances + "</Instances>"
                + "<SuspendedProcesses>" + (suspended == null ? "" : "<member><ProcessName>" + suspended
                + "</ProcessName><SuspensionReason>by user</SuspensionReason></member>") + "</SuspendedProcesses>"
                + "</member></AutoScalingGroups>";
    }
}
