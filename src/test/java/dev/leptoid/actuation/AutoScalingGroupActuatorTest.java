package dev.leptoid.actuation;

import dev.leptoid.testing.AutoScalingXml;
import dev.leptoid.testing.AwsQueryServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
        client = AwsClients.autoScaling(testSettings(aws));
    }

    /** Production settings pointed at the loopback endpoint, with millisecond backoffs so tests stay quick. */
    static AwsClients.Settings testSettings(AwsQueryServer aws) {
        return AwsClients.Settings.defaults(Region.US_EAST_1)
                .withEndpoint(aws.endpoint())
                .withCredentials(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "secret")))
                .withRetries(3, Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(50));
    }

    @AfterEach
    void stop() {
        client.close();
        aws.close();
    }

    static String group(String name, int desired, int min, int max, int inService, String suspended) {
        return dev.leptoid.testing.AutoScalingXml.group(name, desired, min, max, inService, suspended);
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
        assertEquals(GroupState.listed("api", 4, 2, 10, new TreeSet<>(Set.of("i-0", "i-1", "i-2")),
                new TreeSet<>(Set.of("i-0", "i-1", "i-2", "i-pending")), false, Set.of(), null), g); // every instance listed, in any state
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
    void a_group_whose_capacity_is_not_counted_in_instances_is_refused_with_what_it_counts() {
        activities("Successful");
        String plain = group("api", 4, 2, 10, 3, null);
        Map<String, String> refused = Map.of(
                // instances launched with a weight (the group's own list)
                plain.replace("<InstanceId>i-1</InstanceId>", "<InstanceId>i-1</InstanceId><WeightedCapacity>4</WeightedCapacity>"),
                "weighted units (instance weights 4)",
                // weights on the instance types only, before any instance runs
                plain.replace("<Instances>", "<MixedInstancesPolicy><LaunchTemplate><Overrides><member><InstanceType>m5.large"
                        + "</InstanceType><WeightedCapacity>2</WeightedCapacity></member></Overrides></LaunchTemplate>"
                        + "</MixedInstancesPolicy><Instances>"),
                "weighted units (instance weights 2)",
                // attribute-based instance selection counted in vCPUs
                plain.replace("<Instances>", "<DesiredCapacityType>vcpu</DesiredCapacityType><Instances>"),
                "DesiredCapacityType vcpu");
        refused.forEach((xml, units) -> {
            aws.on("DescribeAutoScalingGroups", r -> aws.result("DescribeAutoScalingGroups", xml));
            ActuationException e = assertThrows(ActuationException.class, () -> new AutoScalingGroupActuator(client).describe("api"));
            assertEquals(ActuationException.Kind.UNSUPPORTED, e.kind());
            assertTrue(e.getMessage().startsWith("Auto Scaling group 'api' counts its capacity in " + units + ", not in instances"),
                    e.getMessage());
        });
    }

    private static String policy(String name, String type, String body) {
        return "<member><AutoScalingGroupName>api</AutoScalingGroupName><PolicyName>" + name + "</PolicyName><PolicyType>"
                + type + "</PolicyType>" + body + "</member>";
    }

    private static String targetTracking(String name, String disableScaleIn) {
        return policy(name, "TargetTrackingScaling", "<TargetTrackingConfiguration><PredefinedMetricSpecification>"
                + "<PredefinedMetricType>ASGAverageCPUUtilization</PredefinedMetricType></PredefinedMetricSpecification>"
                + "<TargetValue>60.0</TargetValue>" + (disableScaleIn == null ? "" : "<DisableScaleIn>" + disableScaleIn
                + "</DisableScaleIn>") + "</TargetTrackingConfiguration><Enabled>true</Enabled>");
    }

    private static String step(String name, int... adjustments) {
        StringBuilder steps = new StringBuilder();
        for (int a : adjustments)
            steps.append("<member><MetricIntervalLowerBound>0</MetricIntervalLowerBound><ScalingAdjustment>").append(a)
                    .append("</ScalingAdjustment></member>");
        return policy(name, "StepScaling", "<AdjustmentType>ChangeInCapacity</AdjustmentType><StepAdjustments>" + steps
                + "</StepAdjustments>");
    }

    private void policies(String... members) {
        aws.on("DescribePolicies", r -> aws.result("DescribePolicies", "<ScalingPolicies>" + String.join("", members)
                + "</ScalingPolicies>"));
    }

    @Test
    void the_policies_of_another_controller_that_can_scale_the_group_in_are_named() throws Exception {
        policies(targetTracking("cpu60", null), targetTracking("guard", "true"), step("high-cpu", 1, 2), step("low-cpu", -1),
                policy("set-to-2", "SimpleScaling", "<AdjustmentType>ExactCapacity</AdjustmentType><ScalingAdjustment>2"
                        + "</ScalingAdjustment>"),
                policy("plus-one", "SimpleScaling", "<AdjustmentType>ChangeInCapacity</AdjustmentType><ScalingAdjustment>1"
                        + "</ScalingAdjustment>"),
                policy("off", "TargetTrackingScaling", "<TargetTrackingConfiguration><TargetValue>50.0</TargetValue>"
                        + "</TargetTrackingConfiguration><Enabled>false</Enabled>"),
                policy("forecast", "PredictiveScaling", "<Enabled>true</Enabled>"));
        assertEquals(List.of("scaling policy 'cpu60' (TargetTrackingScaling)", "scaling policy 'low-cpu' (StepScaling)",
                        "scaling policy 'set-to-2' (SimpleScaling)"),
                new AutoScalingGroupActuator(client).controllersThatScaleIn("api"));
        assertEquals("api", aws.requests("DescribePolicies").get(0).param("AutoScalingGroupName"));
    }

    @Test
    void controllers_that_only_scale_out_or_raise_the_minimum_are_guards_beside_leptoid() throws Exception {
        policies(targetTracking("guard", "true"), step("high-cpu", 1, 2),
                policy("forecast", "PredictiveScaling", "<Enabled>true</Enabled>"));
        assertEquals(List.of(), new AutoScalingGroupActuator(client).controllersThatScaleIn("api"));
        // a policy AWS lists without a type is simple scaling
        policies(policy("", "", "").replace("<PolicyName></PolicyName><PolicyType></PolicyType>",
                "<PolicyName>old</PolicyName><AdjustmentType>ChangeInCapacity</AdjustmentType><ScalingAdjustment>-2</ScalingAdjustment>"));
        assertEquals(List.of("scaling policy 'old' (SimpleScaling)"), new AutoScalingGroupActuator(client).controllersThatScaleIn("api"));
    }

    @Test
    void policies_that_cannot_be_read_are_a_one_line_error_naming_the_group() {
        aws.on("DescribePolicies", r -> AwsQueryServer.error(403, "AccessDenied", "not authorized to perform: autoscaling:DescribePolicies"));
        ActuationException e = assertThrows(ActuationException.class, () -> new AutoScalingGroupActuator(client).controllersThatScaleIn("api"));
        assertEquals("describe the scaling policies of api: AccessDenied (not authorized to perform: autoscaling:DescribePolicies)",
                e.getMessage());
    }

    private void scheduled(String... members) {
        aws.on("DescribeScheduledActions", r -> aws.result("DescribeScheduledActions", "<ScheduledUpdateGroupActions>"
                + String.join("", members) + "</ScheduledUpdateGroupActions>"));
    }

    private static String action(String name, String fields) {
        return "<member><AutoScalingGroupName>api</AutoScalingGroupName><ScheduledActionName>" + name + "</ScheduledActionName>"
                + fields + "</member>";
    }

    @Test
    void scheduled_actions_that_set_the_desired_capacity_are_named_those_that_set_only_bounds_are_not() throws Exception {
        scheduled(action("night", "<Recurrence>0 20 * * 1-5</Recurrence><TimeZone>Europe/Berlin</TimeZone><DesiredCapacity>2"
                        + "</DesiredCapacity>"),
                action("launch-day", "<StartTime>2026-12-24T18:00:00Z</StartTime><MinSize>10</MinSize><DesiredCapacity>10"
                        + "</DesiredCapacity>"),
                action("day-floor", "<Recurrence>0 7 * * *</Recurrence><MinSize>4</MinSize>"),
                action("cap", "<StartTime>2026-12-24T18:00:00Z</StartTime><MaxSize>40</MaxSize>"));
        assertEquals(List.of("scheduled action 'night' (desired 2, recurrence '0 20 * * 1-5' Europe/Berlin)",
                        "scheduled action 'launch-day' (desired 10, at 2026-12-24T18:00:00Z)"),
                new AutoScalingGroupActuator(client).controllersThatScaleIn("api"));
        assertEquals("api", aws.requests("DescribeScheduledActions").get(0).param("AutoScalingGroupName"));
        // policies first, then scheduled actions
        policies(targetTracking("cpu60", null));
        scheduled(action("night", "<Recurrence>0 20 * * *</Recurrence><DesiredCapacity>2</DesiredCapacity>"));
        assertEquals(List.of("scaling policy 'cpu60' (TargetTrackingScaling)", "scheduled action 'night' (desired 2, recurrence"
                + " '0 20 * * *')"), new AutoScalingGroupActuator(client).controllersThatScaleIn("api"));
    }

    @Test
    void scheduled_actions_that_cannot_be_read_are_a_one_line_error_naming_the_group() {
        aws.on("DescribeScheduledActions", r -> AwsQueryServer.error(403, "AccessDenied",
                "not authorized to perform: autoscaling:DescribeScheduledActions"));
        ActuationException e = assertThrows(ActuationException.class, () -> new AutoScalingGroupActuator(client).controllersThatScaleIn("api"));
        assertEquals("describe the scheduled actions of api: AccessDenied (not authorized to perform:"
                + " autoscaling:DescribeScheduledActions)", e.getMessage());
    }

    @Test
    void every_auto_scaling_action_the_actuator_calls_is_granted_by_the_template_and_the_template_grants_no_other() throws Exception {
        activities("Successful");
        aws.on("DescribeAutoScalingGroups", r -> aws.result("DescribeAutoScalingGroups", group("api", 2, 1, 10, 2, null)));
        aws.on("SetDesiredCapacity", r -> aws.empty("SetDesiredCapacity"));
        AutoScalingGroupActuator actuator = new AutoScalingGroupActuator(client);
        actuator.describe("api");
        actuator.find("prod", "api");
        actuator.controllersThatScaleIn("api");
        actuator.activeInstanceRefreshes("api");
        actuator.setDesiredCapacity("api", 3);
        actuator.leadTime("api", Duration.ofMinutes(5), Instant.parse("2026-11-23T19:00:00Z"));
        Set<String> called = new TreeSet<>();
        for (AwsQueryServer.Request r : aws.requests()) called.add("autoscaling:" + r.action());
        Set<String> granted = new TreeSet<>();
        Matcher m = Pattern.compile("autoscaling:([A-Za-z]+)").matcher(Files.readString(Path.of("template.yaml")));
        while (m.find()) granted.add(m.group());
        assertEquals(granted, called);
    }

    @Test
    void describe_reads_which_in_service_instances_are_unhealthy_and_which_counted_ones_are_protected_from_scale_in() throws Exception {
        String instances = AutoScalingXml.instance("i-a", "InService", "Healthy", true)
                + AutoScalingXml.instance("i-b", "InService", "Unhealthy", false)
                + AutoScalingXml.instance("i-c", "Pending:Wait", "Healthy", true)
                + AutoScalingXml.instance("i-d", "Standby", "Healthy", true) // not counted in the desired capacity
                + AutoScalingXml.instance("i-e", "Terminating:Wait", "Unhealthy", true) // on its way out
                + AutoScalingXml.instance("i-f", "Detaching", "Healthy", false)
                + AutoScalingXml.instance("i-g", "EnteringStandby", "Healthy", false);
        aws.on("DescribeAutoScalingGroups", r -> aws.result("DescribeAutoScalingGroups",
                AutoScalingXml.group("api", 3, 1, 10, instances, null, true)));
        activities("Successful");
        GroupState g = new AutoScalingGroupActuator(client).describe("api");
        assertEquals(new TreeSet<>(Set.of("i-a", "i-b")), g.inServiceIds()); // only InService serves
        assertEquals(new TreeSet<>(Set.of("i-a", "i-b", "i-c", "i-d", "i-e", "i-f", "i-g")), g.listedIds());
        assertEquals(new GroupState.Flags(new TreeSet<>(Set.of("i-b")), new TreeSet<>(Set.of("i-a", "i-c")), true, false), g.flags());
    }

    @Test
    void describe_names_the_newest_activity_in_progress_and_none_when_all_are_over() throws Exception {
        aws.on("DescribeAutoScalingGroups", r -> aws.result("DescribeAutoScalingGroups", group("api", 4, 2, 10, 3, null)));
        activities("WaitingForInstanceWarmup");
        GroupState busy = new AutoScalingGroupActuator(client).describe("api");
        assertTrue(busy.busy());
        assertEquals("WaitingForInstanceWarmup, since 2026-11-23T18:00:00Z", busy.flags().activity());
        activities("Successful");
        GroupState idle = new AutoScalingGroupActuator(client).describe("api");
        assertFalse(idle.busy());
        assertEquals(null, idle.flags().activity());
    }

    @Test
    void describe_reads_whether_the_group_s_replace_unhealthy_process_is_suspended() throws Exception {
        String instances = AutoScalingXml.instance("i-a", "InService", "Unhealthy", false);
        aws.on("DescribeAutoScalingGroups", r -> aws.result("DescribeAutoScalingGroups",
                AutoScalingXml.group("api", 1, 1, 10, instances, "ReplaceUnhealthy", false)));
        activities("Successful");
        GroupState g = new AutoScalingGroupActuator(client).describe("api");
        assertTrue(g.flags().replacementSuspended());
        assertEquals(Set.of(), g.suspendedProcesses()); // it does not stop scaling: only Launch and Terminate do
    }

    @Test
    void only_instance_refreshes_that_are_not_over_are_named() throws Exception {
        aws.on("DescribeInstanceRefreshes", r -> aws.result("DescribeInstanceRefreshes", "<InstanceRefreshes>"
                + member("r-3", "Baking", 100) + member("r-2", "Successful", 100) + member("r-1", "Cancelled", 30)
                + "</InstanceRefreshes>"));
        assertEquals(List.of("instance refresh 'r-3' (Baking, 100% done, started 2026-12-01T23:40:00Z)"),
                new AutoScalingGroupActuator(client).activeInstanceRefreshes("api"));
        assertEquals("api", aws.requests("DescribeInstanceRefreshes").get(0).param("AutoScalingGroupName"));
        aws.on("DescribeInstanceRefreshes", r -> aws.result("DescribeInstanceRefreshes", "<InstanceRefreshes>"
                + member("r-2", "Successful", 100) + "</InstanceRefreshes>"));
        assertEquals(List.of(), new AutoScalingGroupActuator(client).activeInstanceRefreshes("api"));
    }

    /** One member of an {@code <InstanceRefreshes>} list. */
    private static String member(String id, String status, int percent) {
        String one = AutoScalingXml.refresh("api", id, status, percent);
        return one.substring("<InstanceRefreshes>".length(), one.length() - "</InstanceRefreshes>".length());
    }

    @Test
    void instance_refreshes_that_cannot_be_read_are_a_one_line_error_naming_the_group() {
        aws.on("DescribeInstanceRefreshes", r -> AwsQueryServer.error(403, "AccessDenied",
                "not authorized to perform: autoscaling:DescribeInstanceRefreshes"));
        ActuationException e = assertThrows(ActuationException.class, () -> new AutoScalingGroupActuator(client).activeInstanceRefreshes("api"));
        assertEquals("describe the instance refreshes of api: AccessDenied (not authorized to perform:"
                + " autoscaling:DescribeInstanceRefreshes)", e.getMessage());
    }

    @Test
    void weights_of_one_and_desired_capacity_in_units_are_instances() throws Exception {
        activities("Successful");
        String ones = group("api", 4, 2, 10, 3, null)
                .replace("<InstanceId>i-1</InstanceId>", "<InstanceId>i-1</InstanceId><WeightedCapacity>1</WeightedCapacity>")
                .replace("<Instances>", "<DesiredCapacityType>units</DesiredCapacityType><Instances>");
        aws.on("DescribeAutoScalingGroups", r -> aws.result("DescribeAutoScalingGroups", ones));
        assertEquals(3, new AutoScalingGroupActuator(client).describe("api").inService());
    }

    @Test
    void the_pause_tag_is_read_with_its_value_and_false_means_not_paused() throws Exception {
        activities("Successful");
        Map<String, String> values = Map.of("INC-1234 alice", "INC-1234 alice", "", "(no value)", "false", "-", "FALSE ", "-",
                "two\nlines", "two?lines");
        for (Map.Entry<String, String> v : values.entrySet()) {
            String xml = group("api", 4, 2, 10, 3, null).replace("<Instances>", "<Tags><member><ResourceId>api</ResourceId>"
                    + "<ResourceType>auto-scaling-group</ResourceType><Key>leptoid:pause</Key><Value>" + v.getKey()
                    + "</Value><PropagateAtLaunch>false</PropagateAtLaunch></member></Tags><Instances>");
            aws.on("DescribeAutoScalingGroups", r -> aws.result("DescribeAutoScalingGroups", xml));
            GroupState g = new AutoScalingGroupActuator(client).describe("api");
            assertEquals(v.getValue().equals("-") ? null : v.getValue(), g.pausedBy(), "tag value '" + v.getKey() + "'");
        }
        aws.on("DescribeAutoScalingGroups", r -> aws.result("DescribeAutoScalingGroups", group("api", 4, 2, 10, 3, null)));
        assertFalse(new AutoScalingGroupActuator(client).describe("api").paused(), "no tag, no pause");
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

    static String activity(String status, String end) {
        return "<member><ActivityId>a-" + status + "</ActivityId><AutoScalingGroupName>api</AutoScalingGroupName>"
                + "<StatusCode>" + status + "</StatusCode><Progress>100</Progress><Cause>c</Cause>"
                + "<StartTime>2026-11-23T17:58:00Z</StartTime>" + (end == null ? "" : "<EndTime>" + end + "</EndTime>") + "</member>";
    }

    @Test
    void describe_reads_the_cooldown_from_the_last_finished_activity_and_only_the_blocking_suspensions() throws Exception {
        aws.on("DescribeAutoScalingGroups", r -> aws.result("DescribeAutoScalingGroups", group("api", 4, 2, 10, 3, "Terminate")
                .replace("<DefaultCooldown>300</DefaultCooldown>", "<DefaultCooldown>240</DefaultCooldown>")));
        aws.on("DescribeScalingActivities", r -> aws.result("DescribeScalingActivities", "<Activities>"
                + activity("Successful", "2026-11-23T18:01:00Z") + activity("Failed", "2026-11-23T17:59:00Z") + "</Activities>"));
        GroupState g = new AutoScalingGroupActuator(client).describe("api");
        assertEquals(Instant.parse("2026-11-23T18:05:00Z"), g.cooldownUntil());
        assertEquals(Set.of("Terminate"), g.suspendedProcesses());
        assertTrue(g.terminateSuspended());
        assertFalse(g.launchSuspended());
        assertFalse(g.busy());
    }

    @Test
    void find_asks_for_both_leptoid_tags_and_returns_the_one_group() throws Exception {
        aws.on("DescribeAutoScalingGroups", r -> aws.result("DescribeAutoScalingGroups", group("prod-api-7f3", 4, 2, 10, 4, null)));
        activities(null);
        GroupState g = new AutoScalingGroupActuator(client).find("prod", "api");
        assertEquals("prod-api-7f3", g.name());
        AwsQueryServer.Request r = aws.requests("DescribeAutoScalingGroups").get(0);
        assertEquals("tag:leptoid:environment", r.param("Filters.member.1.Name"));
        assertEquals("prod", r.param("Filters.member.1.Values.member.1"));
        assertEquals("tag:leptoid:service", r.param("Filters.member.2.Name"));
        assertEquals("api", r.param("Filters.member.2.Values.member.1"));
        assertEquals(null, r.param("AutoScalingGroupNames.member.1"));
        assertEquals("prod-api-7f3", aws.requests("DescribeScalingActivities").get(0).param("AutoScalingGroupName"));
    }

    @Test
    void find_refuses_two_groups_with_the_same_tags() {
        String two = group("a", 1, 1, 2, 1, null).replace("</member></AutoScalingGroups>", "</member>"
                + group("b", 1, 1, 2, 1, null).replace("<AutoScalingGroups>", "").replace("</AutoScalingGroups>", "") + "</AutoScalingGroups>");
        aws.on("DescribeAutoScalingGroups", r -> aws.result("DescribeAutoScalingGroups", two));
        ActuationException e = assertThrows(ActuationException.class, () -> new AutoScalingGroupActuator(client).find("prod", "api"));
        assertEquals(ActuationException.Kind.NOT_FOUND, e.kind());
        assertEquals("2 Auto Scaling groups tagged leptoid:environment=prod, leptoid:service=api (a, b): tag exactly one", e.getMessage());
    }

    /** {@code group}'s answer with the Status AWS gives a group while DeleteAutoScalingGroup is in progress. */
    private static String beingDeleted(String group) {
        return group.replace("</member></AutoScalingGroups>", "<Status>Delete in progress</Status></member></AutoScalingGroups>");
    }

    @Test
    void describe_refuses_a_group_being_deleted_without_asking_anything_else() {
        aws.on("DescribeAutoScalingGroups", r -> aws.result("DescribeAutoScalingGroups", beingDeleted(group("api", 4, 2, 10, 3, null))));
        ActuationException e = assertThrows(ActuationException.class, () -> new AutoScalingGroupActuator(client).describe("api"));
        assertEquals(ActuationException.Kind.NOT_FOUND, e.kind());
        assertTrue(e.getMessage().startsWith("Auto Scaling group 'api' is being deleted (Status 'Delete in progress'): nothing is"
                + " sized or set on it"), e.getMessage());
        assertEquals(List.of(), aws.requests("DescribeScalingActivities"));
    }

    @Test
    void find_takes_the_tagged_group_that_stays_when_the_other_is_being_deleted() throws Exception {
        // a blue/green swap: the old group, still tagged, is being deleted beside its replacement
        String two = beingDeleted(group("api-blue", 4, 1, 10, 4, null)).replace("</member></AutoScalingGroups>", "</member>"
                + group("api-green", 4, 1, 10, 4, null).replace("<AutoScalingGroups>", "").replace("</AutoScalingGroups>", "")
                + "</AutoScalingGroups>");
        aws.on("DescribeAutoScalingGroups", r -> aws.result("DescribeAutoScalingGroups", two));
        activities(null);
        assertEquals("api-green", new AutoScalingGroupActuator(client).find("prod", "api").name());
    }

    @Test
    void find_with_only_a_tagged_group_being_deleted_says_so() {
        aws.on("DescribeAutoScalingGroups", r -> aws.result("DescribeAutoScalingGroups", beingDeleted(group("api-blue", 4, 1, 10, 4, null))));
        ActuationException e = assertThrows(ActuationException.class, () -> new AutoScalingGroupActuator(client).find("prod", "api"));
        assertTrue(e.getMessage().startsWith("Auto Scaling group 'api-blue' is being deleted"), e.getMessage());
    }

    @Test
    void find_with_no_tagged_group_says_which_tags_it_looked_for() {
        aws.on("DescribeAutoScalingGroups", r -> aws.result("DescribeAutoScalingGroups", "<AutoScalingGroups/>"));
        ActuationException e = assertThrows(ActuationException.class, () -> new AutoScalingGroupActuator(client).find("prod", "api"));
        assertEquals("no Auto Scaling group tagged leptoid:environment=prod, leptoid:service=api", e.getMessage());
    }

    @Test
    void throttling_twice_then_success_is_one_effective_change_in_three_requests() throws Exception {
        aws.once("SetDesiredCapacity", AwsQueryServer.error(400, "Throttling", "Rate exceeded"))
           .once("SetDesiredCapacity", AwsQueryServer.error(400, "Throttling", "Rate exceeded"));
        int[] effective = {0};
        aws.on("SetDesiredCapacity", r -> { effective[0]++; return aws.empty("SetDesiredCapacity"); });
        new AutoScalingGroupActuator(client).setDesiredCapacity("api", 6);
        assertEquals(3, aws.requests("SetDesiredCapacity").size());
        assertEquals(1, effective[0]);
        for (AwsQueryServer.Request r : aws.requests("SetDesiredCapacity")) assertEquals("6", r.param("DesiredCapacity"));
    }

    @Test
    void throttling_beyond_the_attempts_is_a_throttled_error_after_exactly_max_attempts() {
        aws.on("SetDesiredCapacity", r -> AwsQueryServer.error(400, "Throttling", "Rate exceeded"));
        ActuationException e = assertThrows(ActuationException.class, () -> new AutoScalingGroupActuator(client).setDesiredCapacity("api", 6));
        assertEquals(ActuationException.Kind.THROTTLED, e.kind());
        assertEquals(3, aws.requests("SetDesiredCapacity").size());
    }

    @Test
    void a_validation_error_is_not_retried() {
        aws.on("SetDesiredCapacity", r -> AwsQueryServer.error(400, "ValidationError", "New SetDesiredCapacity value 99 is above max value 10"));
        ActuationException e = assertThrows(ActuationException.class, () -> new AutoScalingGroupActuator(client).setDesiredCapacity("api", 99));
        assertEquals(ActuationException.Kind.INVALID, e.kind());
        assertEquals(1, aws.requests("SetDesiredCapacity").size());
    }

    @Test
    void scaling_activity_in_progress_is_reported_as_busy() {
        aws.on("SetDesiredCapacity", r -> AwsQueryServer.error(400, "ScalingActivityInProgress", "Scaling activity 1234 is in progress"));
        ActuationException e = assertThrows(ActuationException.class, () -> new AutoScalingGroupActuator(client).setDesiredCapacity("api", 5));
        assertEquals(ActuationException.Kind.BUSY, e.kind());
        assertEquals("set api to 5: ScalingActivityInProgress (Scaling activity 1234 is in progress)", e.getMessage());
    }

    @Test
    void a_server_error_is_retried_then_reported_in_one_line() {
        aws.on("SetDesiredCapacity", r -> AwsQueryServer.error(500, "InternalFailure", "boom"));
        ActuationException e = assertThrows(ActuationException.class, () -> new AutoScalingGroupActuator(client).setDesiredCapacity("api", 5));
        assertEquals(ActuationException.Kind.FAILED, e.kind());
        assertEquals(3, aws.requests("SetDesiredCapacity").size());
        assertFalse(e.getMessage().contains("\n"));
    }
}
