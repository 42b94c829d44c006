package dev.leptoid.testing;

/** XML fragments of Auto Scaling Query API answers, for {@link AwsQueryServer} handlers. */
public final class AutoScalingXml {

    private AutoScalingXml() {}

    /**
     * An {@code <AutoScalingGroups>} list with one group: {@code inService} InService instances
     * plus one Pending, and optionally one suspended process.
     */
    public static String group(String name, int desired, int min, int max, int inService, String suspended) {
        StringBuilder instances = new StringBuilder();
        for (int i = 0; i <= inService; i++)
            instances.append("<member><InstanceId>i-").append(i == inService ? "pending" : String.valueOf(i))
                    .append("</InstanceId><LifecycleState>").append(i == inService ? "Pending" : "InService")
                    .append("</LifecycleState><HealthStatus>Healthy</HealthStatus><AvailabilityZone>us-east-1a</AvailabilityZone>")
                    .append("<ProtectedFromScaleIn>false</ProtectedFromScaleIn></member>");
        return "<AutoScalingGroups><member><AutoScalingGroupName>" + name + "</AutoScalingGroupName>"
                + "<DesiredCapacity>" + desired + "</DesiredCapacity><MinSize>" + min + "</MinSize><MaxSize>" + max + "</MaxSize>"
                + "<DefaultCooldown>300</DefaultCooldown><HealthCheckType>EC2</HealthCheckType>"
                + "<Instances>" + instances + "</Instances>"
                + "<SuspendedProcesses>" + (suspended == null ? "" : "<member><ProcessName>" + suspended
                + "</ProcessName><SuspensionReason>by user</SuspensionReason></member>") + "</SuspendedProcesses>"
                + "</member></AutoScalingGroups>";
    }
}
