package dev.leptoid.actuation;

import dev.leptoid.testing.AwsQueryServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AutoScalingGroupActuatorTest {

    private AwsQueryServer aws;
    private AutoScalingClient client;

    @BeforeEach
    void start() throws IOException {
        aws = AwsQueryServer.autoScaling();
        client = AutoScalingClient.builder()
                .endpointOverride(aws.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "secret")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    @AfterEach
    void stop() {
        client.close();
        aws.close();
    }

    static String group(String name, int desired, int min, int max, int inService, String suspended) {
        StringBuilder instances = new StringBuilder();
        for (int i = 0; i < inService; i++)
            instances.append("<member><InstanceId>i-").append(i).append("</InstanceId><LifecycleState>InService</LifecycleState>"
                    + "<HealthStatus>Healthy</HealthStatus><AvailabilityZone>us-east-1a</AvailabilityZone>"
                    + "<ProtectedFromScaleIn>false</ProtectedFromScaleIn></member>");
        instances.append("<member><InstanceId>i-pending</InstanceId><LifecycleState>Pending</LifecycleState>"
                + "<HealthStatus>Healthy</HealthStatus><AvailabilityZone>us-east-1a</AvailabilityZone>"
                + "<ProtectedFromScaleIn>false</ProtectedFromScaleIn></member>");
        return "<AutoScalingGroups><member><AutoScalingGroupName>" + name + "</AutoScalingGroupName>"
                + "<DesiredCapacity>" + desired + "</DesiredCapacity><MinSize>" + min + "</MinSize><MaxSize>" + max + "</MaxSize>"
                + "<DefaultCooldown>300</DefaultCooldown><HealthCheckType>EC2</HealthCheckType>"
                + "<Instances>" + instances + "</Instances>"
                + "<SuspendedProcesses>" + (suspended == null ? "" : "<member><ProcessName>" + suspended
                + "</ProcessName><SuspensionReason>by user</SuspensionReason></member>") + "</SuspendedProcesses>"
                + "</member></AutoScalingGroups>";
    }

    private void activities(String status) {
        aws.on("DescribeScalingActivities", r -> aws.result("DescribeScalingActivities", "<Activities>"
                + (status == null ? "" : "<member><ActivityId>a1</ActivityId><AutoScalingGroupName>api</AutoScalingGroupName>"
                + "<StatusCode>" + status + "</StatusCode><Progress>50</Progress><Cause>c</Cause>"
                + "<StartTime>2026-11-23T18:00:00Z</StartTime></member>") + "</Activities>"));
    }

    @Test
    void describe_reads_capacity_and_counts_only_in_service_instances() throws Exception {
        aws.on("DescribeAutoScalingGroups", r -> aws.result("DescribeAutoScalingGroups", group("api", 4, 2, 10, 3, null)));
        activities("Successful");
        GroupState g = new AutoScalingGroupActuator(client).describe("api");
        assertEquals(new GroupState("api", 4, 2, 10, 3, false, false), g);
        AwsQueryServer.Request r = aws.requests("DescribeAutoScalingGroups").get(0);
        assertEquals("api", r.param("AutoScalingGroupNames.member.1"));
        assertEquals("2011-01-01", r.param("Version"));
    }

    @Test
    void describe_sees_suspended_launch_and_an_activity_in_progress() throws Exception {
        aws.on("DescribeAutoScalingGroups", r -> aws.result("DescribeAutoScalingGroups", group("api", 4, 2, 10, 3, "Launch")));
        activities("InProgress");
        GroupState g = new AutoScalingGroupActuator(client).describe("api");
        assertTrue(g.scalingSuspended());
        assertTrue(g.busy());
    }

    @Test
    void describe_of_an_unknown_group_is_a_one_line_error() {
        aws.on("DescribeAutoScalingGroups", r -> aws.result("DescribeAutoScalingGroups", "<AutoScalingGroups/>"));
        ActuationException e = assertThrows(ActuationException.class, () -> new AutoScalingGroupActuator(client).describe("nope"));
        assertEquals("Auto Scaling group 'nope' not found", e.getMessage());
    }

    @Test
    void set_sends_an_absolute_desired_capacity_without_honoring_cooldown() throws Exception {
        aws.on("SetDesiredCapacity", r -> aws.empty("SetDesiredCapacity"));
        new AutoScalingGroupActuator(client).setDesiredCapacity("api", 7);
        AwsQueryServer.Request r = aws.requests("SetDesiredCapacity").get(0);
        assertEquals("api", r.param("AutoScalingGroupName"));
        assertEquals("7", r.param("DesiredCapacity"));
        assertEquals("false", r.param("HonorCooldown"));
    }

    @Test
    void validation_error_names_the_group_and_the_aws_code() {
        aws.on("SetDesiredCapacity", r -> AwsQueryServer.error(400, "ValidationError", "New SetDesiredCapacity value 99 is above max value 10"));
        ActuationException e = assertThrows(ActuationException.class, () -> new AutoScalingGroupActuator(client).setDesiredCapacity("api", 99));
        assertTrue(e.getMessage().startsWith("set api to 99: ValidationError"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }
}
