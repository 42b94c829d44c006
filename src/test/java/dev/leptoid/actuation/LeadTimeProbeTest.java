package dev.leptoid.actuation;

import dev.leptoid.testing.AutoScalingXml;
import dev.leptoid.testing.AwsQueryServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LeadTimeProbeTest {

    private AwsQueryServer aws;
    private AutoScalingClient client;

    @BeforeEach
    void start() throws IOException {
        aws = AwsQueryServer.autoScaling();
        client = AwsClients.autoScaling(AutoScalingGroupActuatorTest.testSettings(aws));
    }

    @AfterEach
    void stop() {
        client.close();
        aws.close();
    }

    static String activity(String id, String description, String status, String start, String end) {
        return "<member><ActivityId>" + id + "</ActivityId><AutoScalingGroupName>api</AutoScalingGroupName>"
                + "<Description>" + description + "</Description><StatusCode>" + status + "</StatusCode><Progress>100</Progress>"
                + "<Cause>c</Cause><StartTime>" + start + "</StartTime>" + (end == null ? "" : "<EndTime>" + end + "</EndTime>")
                + "</member>";
    }

    private void answer(String activities, Integer warmUpSeconds) {
        aws.on("DescribeScalingActivities", r -> aws.result("DescribeScalingActivities", "<Activities>" + activities + "</Activities>"));
        String group = AutoScalingXml.group("api", 4, 1, 10, 4, null);
        if (warmUpSeconds != null)
            group = group.replace("<DefaultCooldown>", "<DefaultInstanceWarmup>" + warmUpSeconds + "</DefaultInstanceWarmup><DefaultCooldown>");
        String g = group;
        aws.on("DescribeAutoScalingGroups", r -> aws.result("DescribeAutoScalingGroups", g));
    }

    @Test
    void the_lead_time_is_the_median_launch_to_in_service_plus_the_group_warm_up() throws Exception {
        answer(activity("a1", "Launching a new EC2 instance: i-1", "Successful", "2026-11-23T18:00:00Z", "2026-11-23T18:04:00Z")
                + activity("a2", "Launching a new EC2 instance: i-2", "Successful", "2026-11-23T17:00:00Z", "2026-11-23T17:06:30Z")
                + activity("a3", "Launching a new EC2 instance: i-3", "Successful", "2026-11-23T16:00:00Z", "2026-11-23T16:05:00Z")
                + activity("a4", "Terminating EC2 instance: i-0", "Successful", "2026-11-23T15:00:00Z", "2026-11-23T15:20:00Z")
                + activity("a5", "Launching a new EC2 instance: i-4", "Failed", "2026-11-23T14:00:00Z", "2026-11-23T14:30:00Z")
                + activity("a6", "Launching a new EC2 instance: i-5", "InProgress", "2026-11-23T18:10:00Z", null), 180);
        LeadTimeProbe.Measured m = new LeadTimeProbe(client).measure("api").orElseThrow();
        assertEquals(3, m.launches());
        assertEquals(Duration.ofMinutes(5), m.launch());
        assertEquals(Duration.ofSeconds(390), m.longest());
        assertEquals(Duration.ofMinutes(3), m.warmUp());
        assertEquals(Duration.ofMinutes(8), m.leadTime());
        assertEquals("api", aws.requests("DescribeScalingActivities").get(0).param("AutoScalingGroupName"));
    }

    @Test
    void a_configured_lead_time_far_from_the_measured_one_is_a_warning_that_says_which_way() throws Exception {
        answer(activity("a1", "Launching a new EC2 instance: i-1", "Successful", "2026-11-23T18:00:00Z", "2026-11-23T18:10:00Z"), null);
        LeadTimeProbe.Measured m = new LeadTimeProbe(client).measure("api").orElseThrow();
        assertEquals(Duration.ZERO, m.warmUp());
        String w = m.disagreement(Duration.ofMinutes(5)).orElseThrow();
        assertTrue(w.startsWith("api: configured lead_time 5 min but its last 1 launches took 10 min"), w);
        assertTrue(w.endsWith("too late (set lead_time to at least the measured one)"), w);
        assertEquals(Optional.empty(), m.disagreement(Duration.ofMinutes(9)));
        assertTrue(m.disagreement(Duration.ofMinutes(20)).orElseThrow().endsWith("earlier than needed (it costs instance-hours)"));
    }

    @Test
    void a_group_without_completed_launches_has_no_measured_lead_time() throws Exception {
        answer(activity("a1", "Terminating EC2 instance: i-0", "Successful", "2026-11-23T15:00:00Z", "2026-11-23T15:02:00Z"), null);
        assertEquals(Optional.empty(), new LeadTimeProbe(client).measure("api"));
    }

    @Test
    void an_api_error_is_an_actuation_failure_naming_the_group() {
        aws.on("DescribeScalingActivities", r -> AwsQueryServer.error(403, "AccessDenied", "not allowed"));
        ActuationException e = assertThrows(ActuationException.class, () -> new LeadTimeProbe(client).measure("api"));
        assertEquals("measure the lead time of api: AccessDenied (not allowed)", e.getMessage());
    }
}
