package dev.leptoid;

import dev.leptoid.actuation.AutoScalingGroupActuator;
import dev.leptoid.actuation.AwsClients;
import dev.leptoid.config.ConfigLoader;
import dev.leptoid.config.EnvironmentConfig;
import dev.leptoid.decision.CapacityDecision;
import dev.leptoid.decision.CapacityPolicy;
import dev.leptoid.forecast.LastValueForecaster;
import dev.leptoid.publication.MetricSink;
import dev.leptoid.source.MetricSource;
import dev.leptoid.source.Series;
import dev.leptoid.source.SourceException;
import dev.leptoid.testing.AwsQueryServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ScalingRun with the real SDK v2 client against the loopback Auto Scaling endpoint, and in-memory metrics. */
class ScalingRunActuationTest {

    static final Instant NOW = Instant.ofEpochSecond(1_800_000_000L);
    static final String CONFIG = """
            environments:
              prod:
                mode: act
                defaults:
                  metrics: {utilization: "servers.{environment}.{service}.{instance}.cpu", step: 1m, lookback: 3h}
                services:
                  api: {auto_scaling_group: api-asg}
                  web: {auto_scaling_group: web-asg}
            """;

    private AwsQueryServer aws;
    private AutoScalingClient client;
    /** Per-instance CPU percent by service; with {@code stalledMinutes}, data stops that long before now. */
    private final Map<String, Double> cpu = new HashMap<>(Map.of("api", 90.0, "web", 90.0));
    private final Map<String, Integer> stalledMinutes = new HashMap<>();
    private boolean recommendationsFail;

    @BeforeEach
    void start() throws Exception {
        aws = AwsQueryServer.autoScaling();
        client = AwsClients.autoScaling(AwsClients.Settings.defaults(Region.US_EAST_1).withEndpoint(aws.endpoint())
                .withCredentials(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "secret")))
                .withRetries(3, Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(50)));
        aws.on("DescribeAutoScalingGroups", r -> {
            String name = r.param("AutoScalingGroupNames.member.1");
            if (name == null) name = r.param("Filters.member.2.Values.member.1") + "-asg"; // found by tags
            return aws.result("DescribeAutoScalingGroups", "<AutoScalingGroups><member><AutoScalingGroupName>" + name
                    + "</AutoScalingGroupName><DesiredCapacity>2</DesiredCapacity><MinSize>1</MinSize><MaxSize>20</MaxSize>"
                    + "<DefaultCooldown>300</DefaultCooldown><Instances/><SuspendedProcesses/></member></AutoScalingGroups>");
        });
        aws.on("DescribeScalingActivities", r -> aws.result("DescribeScalingActivities", "<Activities/>"));
        aws.on("SetDesiredCapacity", r -> aws.empty("SetDesiredCapacity"));
    }

    @AfterEach
    void stop() {
        client.close();
        aws.close();
    }

    /** Two instances per service at the configured CPU, one point a minute up to now. */
    private final MetricSource source = (target, from, until) -> {
        String[] nodes = target.split("\\.");
        if (target.endsWith(".capacity.recommended") && recommendationsFail)
            throw new SourceException("Graphite 127.0.0.1 render " + target + ": HTTP 500");
        if (nodes.length != 5 || !nodes[0].equals("servers")) return List.of(); // e.g. read-back of recommendations
        String service = nodes[2];
        int n = (int) ((until.getEpochSecond() - from.getEpochSecond()) / 60);
        List<Series> out = new ArrayList<>();
        for (String id : List.of("i-1", "i-2")) {
            double[] v = new double[n];
            Arrays.fill(v, cpu.get(service));
            long stopsAt = NOW.getEpochSecond() - 60L * stalledMinutes.getOrDefault(service, 0); // newest point
            for (int i = 0; i < n; i++) if (from.getEpochSecond() + 60L * i > stopsAt) v[i] = Double.NaN;
            out.add(new Series("servers.prod." + service + "." + id + ".cpu", from.getEpochSecond(), 60, v));
        }
        return out;
    };

    private RunReport run(EnvironmentConfig.Mode mode) throws Exception {
        EnvironmentConfig env = ConfigLoader.parse(CONFIG, "test.yaml").environment("prod").orElseThrow();
        ScalingRun run = new ScalingRun(source, new LastValueForecaster(), new CapacityPolicy(),
                new AutoScalingGroupActuator(client), new ListSink(), (what, tags, data, t, within) -> null, "leptoid",
                Clock.fixed(NOW, ZoneOffset.UTC));
        return run.run(env, mode);
    }

    @Test
    void act_sets_every_group_that_needs_it_to_an_absolute_capacity() throws Exception {
        RunReport report = run(EnvironmentConfig.Mode.ACT);
        assertEquals(2, report.actions());
        List<AwsQueryServer.Request> sets = aws.requests("SetDesiredCapacity");
        assertEquals(List.of("api-asg", "web-asg"), sets.stream().map(r -> r.param("AutoScalingGroupName")).toList());
        assertEquals("3", sets.get(0).param("DesiredCapacity")); // 1.8 Erlangs at 60 % needs 3
    }

    @Test
    void forecast_only_and_dry_run_decide_but_never_call_set_desired_capacity() throws Exception {
        for (EnvironmentConfig.Mode mode : List.of(EnvironmentConfig.Mode.FORECAST_ONLY, EnvironmentConfig.Mode.DRY_RUN)) {
            RunReport report = run(mode);
            assertEquals(0, report.actions(), mode.label());
            for (ServiceOutcome o : report.services()) {
                CapacityDecision.ScaleTo t = assertInstanceOf(CapacityDecision.ScaleTo.class, o.decision(), mode.label());
                assertEquals(3, t.capacity());
                assertTrue(!o.applied());
            }
        }
        assertEquals(0, aws.requests("SetDesiredCapacity").size());
        assertEquals(4, aws.requests("DescribeAutoScalingGroups").size());
    }

    @Test
    void a_server_error_on_one_group_never_stops_the_others() throws Exception {
        aws.on("SetDesiredCapacity", r -> "api-asg".equals(r.param("AutoScalingGroupName"))
                ? AwsQueryServer.error(500, "InternalFailure", "We encountered an internal error")
                : aws.empty("SetDesiredCapacity"));
        RunReport report = run(EnvironmentConfig.Mode.ACT);
        ServiceOutcome api = report.services().get(0), web = report.services().get(1);
        assertTrue(api.actuationError().startsWith("set api-asg to 3: InternalFailure"), api.actuationError());
        assertTrue(web.applied());
        assertNull(web.actuationError());
        assertEquals(1, report.actions());
        assertEquals(1, aws.requests("SetDesiredCapacity").stream().filter(r -> r.param("AutoScalingGroupName").equals("web-asg")).count());
    }

    @Test
    void a_scaling_activity_in_progress_becomes_a_hold_not_an_error() throws Exception {
        aws.on("SetDesiredCapacity", r -> AwsQueryServer.error(400, "ScalingActivityInProgress", "activity in progress"));
        RunReport report = run(EnvironmentConfig.Mode.ACT);
        CapacityDecision.Hold h = assertInstanceOf(CapacityDecision.Hold.class, report.services().get(0).decision());
        assertEquals(CapacityDecision.HoldReason.GROUP_BUSY, h.code());
        assertEquals(0, report.errors());
    }

    @Test
    void holds_when_graphite_data_stops_twenty_minutes_before_now_and_says_why() throws Exception {
        stalledMinutes.put("api", 20);
        cpu.put("api", 10.0); // the load looks low: a blind run would scale in
        RunReport report = run(EnvironmentConfig.Mode.ACT);
        ServiceOutcome api = report.services().get(0);
        CapacityDecision.Hold h = assertInstanceOf(CapacityDecision.Hold.class, api.decision());
        assertEquals(CapacityDecision.HoldReason.STALE_DATA, h.code());
        assertTrue(h.detail().contains("20 min before now"), h.detail());
        assertTrue(report.toJson().contains("\"reason\":\"stale-data\""), report.toJson());
        assertEquals(List.of("web-asg"), aws.requests("SetDesiredCapacity").stream().map(r -> r.param("AutoScalingGroupName")).toList());
    }

    @Test
    void a_service_without_a_group_name_is_found_by_its_tags() throws Exception {
        String config = CONFIG.replace("api: {auto_scaling_group: api-asg}", "api: {}");
        EnvironmentConfig env = ConfigLoader.parse(config, "test.yaml").environment("prod").orElseThrow();
        ScalingRun run = new ScalingRun(source, new LastValueForecaster(), new CapacityPolicy(),
                new AutoScalingGroupActuator(client), new ListSink(), (what, tags, data, t, within) -> null, "leptoid",
                Clock.fixed(NOW, ZoneOffset.UTC));
        RunReport report = run.run(env);
        assertEquals("api-asg", report.services().get(0).group());
        assertEquals("prod", aws.requests("DescribeAutoScalingGroups").get(0).param("Filters.member.1.Values.member.1"));
        assertEquals("api-asg", aws.requests("SetDesiredCapacity").get(0).param("AutoScalingGroupName"));
    }

    @Test
    void a_group_that_counts_capacity_in_weighted_units_is_never_set_and_the_hold_says_why() throws Exception {
        // web-asg: a mixed instances policy where one instance type counts 2 (desired 10 may be 5 instances)
        aws.on("DescribeAutoScalingGroups", r -> {
            String name = r.param("AutoScalingGroupNames.member.1");
            String weighted = name.equals("web-asg") ? "<MixedInstancesPolicy><LaunchTemplate><Overrides>"
                    + "<member><InstanceType>c5.large</InstanceType><WeightedCapacity>1</WeightedCapacity></member>"
                    + "<member><InstanceType>c5.xlarge</InstanceType><WeightedCapacity>2</WeightedCapacity></member>"
                    + "</Overrides></LaunchTemplate></MixedInstancesPolicy>" : "";
            return aws.result("DescribeAutoScalingGroups", "<AutoScalingGroups><member><AutoScalingGroupName>" + name
                    + "</AutoScalingGroupName><DesiredCapacity>2</DesiredCapacity><MinSize>1</MinSize><MaxSize>20</MaxSize>"
                    + weighted + "<DefaultCooldown>300</DefaultCooldown><Instances/><SuspendedProcesses/></member></AutoScalingGroups>");
        });
        RunReport report = run(EnvironmentConfig.Mode.ACT);
        CapacityDecision.Hold h = assertInstanceOf(CapacityDecision.Hold.class, report.services().get(1).decision());
        assertEquals(CapacityDecision.HoldReason.BAD_CONFIG, h.code());
        assertTrue(h.detail().startsWith("Auto Scaling group 'web-asg' counts its capacity in weighted units (instance weights 2)"),
                h.detail());
        assertEquals(List.of("api-asg"), aws.requests("SetDesiredCapacity").stream().map(r -> r.param("AutoScalingGroupName")).toList());
        assertEquals(RunReport.INCOMPLETE, report.exitCode(), "a service leptoid cannot size is an error to alarm on");
    }

    @Test
    void a_group_with_a_target_tracking_policy_that_scales_in_is_never_set_and_the_hold_names_the_policy() throws Exception {
        // api-asg still has the target tracking policy it was sized by before leptoid; web-asg keeps one only as a guard
        aws.on("DescribePolicies", r -> aws.result("DescribePolicies", "<ScalingPolicies><member><AutoScalingGroupName>"
                + r.param("AutoScalingGroupName") + "</AutoScalingGroupName><PolicyName>cpu-60</PolicyName><PolicyType>"
                + "TargetTrackingScaling</PolicyType><TargetTrackingConfiguration><TargetValue>60.0</TargetValue><DisableScaleIn>"
                + r.param("AutoScalingGroupName").equals("web-asg") + "</DisableScaleIn></TargetTrackingConfiguration>"
                + "</member></ScalingPolicies>"));
        RunReport report = run(EnvironmentConfig.Mode.ACT);
        CapacityDecision.Hold h = assertInstanceOf(CapacityDecision.Hold.class, report.services().get(0).decision());
        assertEquals(CapacityDecision.HoldReason.BAD_CONFIG, h.code());
        assertTrue(h.detail().startsWith("Auto Scaling group 'api-asg' also has scaling policy 'cpu-60' (TargetTrackingScaling)"
                + " that can scale it in"), h.detail());
        assertInstanceOf(CapacityDecision.ScaleTo.class, report.services().get(1).decision());
        assertEquals(List.of("web-asg"), aws.requests("SetDesiredCapacity").stream().map(r -> r.param("AutoScalingGroupName")).toList());
        assertEquals(RunReport.INCOMPLETE, report.exitCode(), "a service leptoid cannot size is an error to alarm on");
        // a dry run says the same, and sets nothing
        RunReport dry = run(EnvironmentConfig.Mode.DRY_RUN);
        assertEquals(CapacityDecision.HoldReason.BAD_CONFIG,
                assertInstanceOf(CapacityDecision.Hold.class, dry.services().get(0).decision()).code());
        assertEquals(1, aws.requests("SetDesiredCapacity").size());
    }

    @Test
    void a_group_with_a_scheduled_action_that_sets_its_desired_capacity_is_never_set_one_that_sets_its_minimum_is() throws Exception {
        // api-asg is set to 2 every evening whatever the load; web-asg only gets a floor for the day
        aws.on("DescribeScheduledActions", r -> aws.result("DescribeScheduledActions", "<ScheduledUpdateGroupActions><member>"
                + "<AutoScalingGroupName>" + r.param("AutoScalingGroupName") + "</AutoScalingGroupName><ScheduledActionName>"
                + "evening</ScheduledActionName><Recurrence>0 20 * * *</Recurrence>"
                + (r.param("AutoScalingGroupName").equals("api-asg") ? "<DesiredCapacity>2</DesiredCapacity>" : "<MinSize>2</MinSize>")
                + "</member></ScheduledUpdateGroupActions>"));
        RunReport report = run(EnvironmentConfig.Mode.ACT);
        CapacityDecision.Hold h = assertInstanceOf(CapacityDecision.Hold.class, report.services().get(0).decision());
        assertEquals(CapacityDecision.HoldReason.BAD_CONFIG, h.code());
        assertTrue(h.detail().startsWith("Auto Scaling group 'api-asg' also has scheduled action 'evening' (desired 2, recurrence"
                + " '0 20 * * *') that can scale it in"), h.detail());
        assertTrue(h.detail().contains("in a scheduled action set MinSize instead of DesiredCapacity"), h.detail());
        assertInstanceOf(CapacityDecision.ScaleTo.class, report.services().get(1).decision());
        assertEquals(List.of("web-asg"), aws.requests("SetDesiredCapacity").stream().map(r -> r.param("AutoScalingGroupName")).toList());
        assertEquals(RunReport.INCOMPLETE, report.exitCode());
    }

    @Test
    void scaling_policies_that_cannot_be_read_hold_the_change_and_say_why() throws Exception {
        aws.on("DescribePolicies", r -> AwsQueryServer.error(403, "AccessDenied",
                "not authorized to perform: autoscaling:DescribePolicies"));
        RunReport report = run(EnvironmentConfig.Mode.ACT);
        for (int i = 0; i < 2; i++) {
            CapacityDecision.Hold h = assertInstanceOf(CapacityDecision.Hold.class, report.services().get(i).decision());
            assertEquals(CapacityDecision.HoldReason.GROUP_UNKNOWN, h.code());
            assertTrue(h.detail().startsWith("could not read the scaling policies and scheduled actions of "
                    + report.services().get(i).group()
                    + " before setting it to "), h.detail());
            assertTrue(h.detail().contains("AccessDenied"), h.detail());
        }
        assertEquals(0, aws.requests("SetDesiredCapacity").size());
        assertEquals(RunReport.INCOMPLETE, report.exitCode());
    }

    @Test
    void recommendations_of_earlier_runs_that_cannot_be_read_are_named_in_the_reasons_and_the_decision_still_made() throws Exception {
        recommendationsFail = true;
        RunReport report = run(EnvironmentConfig.Mode.ACT);
        CapacityDecision.ScaleTo api = assertInstanceOf(CapacityDecision.ScaleTo.class, report.services().get(0).decision());
        assertTrue(api.reasons().contains("earlier runs' recommendations not read (Graphite 127.0.0.1 render"
                + " leptoid.prod.api.capacity.recommended: HTTP 500): the scale-in window rests on its actual peak and the forecast"),
                api.reasons().toString());
        assertEquals(2, aws.requests("SetDesiredCapacity").size(), "a scale-out does not need them");
    }

    @Test
    void a_paused_group_is_left_alone_and_a_pause_set_during_the_read_stops_the_change() throws Exception {
        // web-asg is paused from the start; api-asg is paused between the first describe and the set
        int[] apiDescribes = {0};
        aws.on("DescribeAutoScalingGroups", r -> {
            String name = r.param("AutoScalingGroupNames.member.1");
            boolean paused = name.equals("web-asg") || name.equals("api-asg") && ++apiDescribes[0] > 1;
            return aws.result("DescribeAutoScalingGroups", "<AutoScalingGroups><member><AutoScalingGroupName>" + name
                    + "</AutoScalingGroupName><DesiredCapacity>2</DesiredCapacity><MinSize>1</MinSize><MaxSize>20</MaxSize>"
                    + (paused ? "<Tags><member><ResourceId>" + name + "</ResourceId><ResourceType>auto-scaling-group</ResourceType>"
                    + "<Key>leptoid:pause</Key><Value>INC-7 bob</Value></member></Tags>" : "")
                    + "<DefaultCooldown>300</DefaultCooldown><Instances/><SuspendedProcesses/></member></AutoScalingGroups>");
        });
        RunReport report = run(EnvironmentConfig.Mode.ACT);
        CapacityDecision.Hold api = assertInstanceOf(CapacityDecision.Hold.class, report.services().get(0).decision());
        CapacityDecision.Hold web = assertInstanceOf(CapacityDecision.Hold.class, report.services().get(1).decision());
        assertEquals(CapacityDecision.HoldReason.GROUP_CHANGED, api.code(), api.detail());
        assertEquals("api-asg was paused (tag leptoid:pause=INC-7 bob) while leptoid was reading: not setting 3; the next run"
                + " decides on the new state", api.detail());
        assertEquals(CapacityDecision.HoldReason.PAUSED, web.code());
        assertTrue(web.detail().contains("leptoid:pause=INC-7 bob (would scale out to 3;"), web.detail());
        assertEquals(0, aws.requests("SetDesiredCapacity").size());
        assertEquals(RunReport.OK, report.exitCode(), "a pause is not a fault");
    }

    @Test
    void a_group_named_by_one_service_and_found_by_another_s_tags_is_decided_by_the_first_only() throws Exception {
        // api names web-asg; web has no name and is found by its tags -- as web-asg (the handler answers <service>-asg)
        String config = CONFIG.replace("api: {auto_scaling_group: api-asg}", "api: {auto_scaling_group: web-asg}")
                .replace("web: {auto_scaling_group: web-asg}", "web: {}");
        EnvironmentConfig env = ConfigLoader.parse(config, "test.yaml").environment("prod").orElseThrow();
        RunReport report = new ScalingRun(source, new LastValueForecaster(), new CapacityPolicy(),
                new AutoScalingGroupActuator(client), new ListSink(), (what, tags, data, t, within) -> null, "leptoid",
                Clock.fixed(NOW, ZoneOffset.UTC)).run(env);
        assertTrue(report.services().get(0).applied());
        CapacityDecision.Hold web = assertInstanceOf(CapacityDecision.Hold.class, report.services().get(1).decision());
        assertEquals(CapacityDecision.HoldReason.BAD_CONFIG, web.code());
        assertTrue(web.detail().startsWith("web-asg is also the group of api in this run"), web.detail());
        assertEquals(List.of("web-asg"), aws.requests("SetDesiredCapacity").stream().map(r -> r.param("AutoScalingGroupName")).toList(),
                "set once, by api");
    }

    /** Keeps what is sent; flush reports it all as written. */
    static final class ListSink implements MetricSink {
        final List<String> lines = new ArrayList<>();
        @Override public void send(String path, double value, long t) { if (!Double.isNaN(value)) lines.add(path + " " + value + " " + t); }
        @Override public PublishResult flush() { return new PublishResult(lines.size(), 0, null); }
        @Override public void close() { }
    }
}
