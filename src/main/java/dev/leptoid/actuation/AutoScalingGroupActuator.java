package dev.leptoid.actuation;

import dev.leptoid.actuation.ActuationException.Kind;
import dev.leptoid.config.Names;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.Activity;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingException;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.DescribeAutoScalingGroupsResponse;
import software.amazon.awssdk.services.autoscaling.model.DescribeScalingActivitiesResponse;
import software.amazon.awssdk.services.autoscaling.model.Filter;
import software.amazon.awssdk.services.autoscaling.model.Instance;
import software.amazon.awssdk.services.autoscaling.model.InstanceRefresh;
import software.amazon.awssdk.services.autoscaling.model.LaunchTemplateOverrides;
import software.amazon.awssdk.services.autoscaling.model.ScalingActivityStatusCode;
import software.amazon.awssdk.services.autoscaling.model.ScalingPolicy;
import software.amazon.awssdk.services.autoscaling.model.ScheduledUpdateGroupAction;
import software.amazon.awssdk.services.autoscaling.model.SuspendedProcess;
import software.amazon.awssdk.services.autoscaling.model.TagDescription;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Reads and sets EC2 Auto Scaling groups through the AWS SDK v2 client (build it with
 * {@link AwsClients}: bounded timeouts, standard retries with backoff on Throttling).
 *
 * <p>It needs {@code autoscaling:DescribeAutoScalingGroups}, {@code autoscaling:DescribeScalingActivities},
 * {@code autoscaling:DescribePolicies}, {@code autoscaling:DescribeScheduledActions}, {@code autoscaling:DescribeInstanceRefreshes} and
 * {@code autoscaling:SetDesiredCapacity} (the last one best limited to groups tagged {@code leptoid:environment}). Desired capacity is always set as an absolute number, so a run
 * delivered twice sets the same value twice. Cooldowns are not left to AWS ({@code HonorCooldown}
 * is false): the group's cooldown is read here and the policy holds scale-in inside it, while
 * scale-out needed by the forecast is never delayed.
 */
public final class AutoScalingGroupActuator implements CapacityActuator {

    private static final Set<String> BLOCKING_PROCESSES = Set.of(GroupState.LAUNCH, GroupState.TERMINATE);
    /** The process that replaces Unhealthy instances; suspended, they stay (read into {@link GroupState.Flags}). */
    private static final String REPLACE_UNHEALTHY = "ReplaceUnhealthy";
    private static final Set<ScalingActivityStatusCode> DONE = Set.of(ScalingActivityStatusCode.SUCCESSFUL,
            ScalingActivityStatusCode.FAILED, ScalingActivityStatusCode.CANCELLED);

    private final AutoScalingClient client;
    private final LeadTimeWatch leadTimes;

    public AutoScalingGroupActuator(AutoScalingClient client) {
        this.client = client;
        this.leadTimes = new LeadTimeWatch(new LeadTimeProbe(client));
    }

    /** Measured from the group's launches at most once an hour ({@link LeadTimeWatch}). */
    @Override
    public Optional<LeadTime> leadTime(String name, Duration configured, Instant now) {
        return Optional.of(leadTimes.check(name, configured, now));
    }

    @Override
    public GroupState describe(String name) throws ActuationException {
        String what = "describe " + name;
        try {
            DescribeAutoScalingGroupsResponse r = client.describeAutoScalingGroups(b -> b.autoScalingGroupNames(name));
            if (r.autoScalingGroups().isEmpty())
                throw new ActuationException(Kind.NOT_FOUND, "Auto Scaling group '" + name + "' not found", null);
            return state(r.autoScalingGroups().get(0));
        } catch (SdkException e) {
            throw failure(what, e);
        }
    }

    @Override
    public GroupState find(String environment, String service) throws ActuationException {
        String tags = ENVIRONMENT_TAG + "=" + environment + ", " + SERVICE_TAG + "=" + service;
        try {
            List<AutoScalingGroup> groups = new ArrayList<>();
            client.describeAutoScalingGroupsPaginator(b -> b.filters(
                            Filter.builder().name("tag:" + ENVIRONMENT_TAG).values(environment).build(),
                            Filter.builder().name("tag:" + SERVICE_TAG).values(service).build()))
                    .autoScalingGroups().forEach(groups::add);
            if (groups.isEmpty())
                throw new ActuationException(Kind.NOT_FOUND, "no Auto Scaling group tagged " + tags, null);
            // a group being deleted beside the one that replaces it (a blue/green swap): the one that stays is the service's
            List<AutoScalingGroup> staying = groups.stream().filter(g -> deleting(g) == null).toList();
            if (!staying.isEmpty()) groups = staying;
            if (groups.size() > 1) {
                TreeSet<String> names = new TreeSet<>();
                for (AutoScalingGroup g : groups) names.add(g.autoScalingGroupName());
                throw new ActuationException(Kind.NOT_FOUND, groups.size() + " Auto Scaling groups tagged " + tags
                        + " (" + String.join(", ", names) + "): tag exactly one", null);
            }
            return state(groups.get(0));
        } catch (SdkException e) {
            throw failure("find " + tags, e);
        }
    }

    private GroupState state(AutoScalingGroup g) throws ActuationException {
        String name = g.autoScalingGroupName();
        String deleting = deleting(g);
        if (deleting != null) // AWS refuses every change to it (ValidationError "... pending delete"): nothing more to ask
            throw new ActuationException(Kind.NOT_FOUND, "Auto Scaling group '" + name + "' is being deleted (Status '" + deleting
                    + "'): nothing is sized or set on it (take the service out of leptoid's configuration, or name the group"
                    + " that replaces it)", null);
        String units = capacityUnits(g);
        if (units != null)
            throw new ActuationException(Kind.UNSUPPORTED, "Auto Scaling group '" + name + "' counts its capacity in " + units
                    + ", not in instances: leptoid sizes in instances and would set the wrong capacity, so it does not"
                    + " size this group (give every instance type weight 1, or take the service out of leptoid's configuration)", null);
        // only InService instances serve: Standby, EnteringStandby, Pending:Wait, Terminating:Wait, Detaching... do not
        // (warm pool instances are not listed here at all: DescribeWarmPool lists them, and leptoid never counts them)
        SortedSet<String> inService = new TreeSet<>(), listed = new TreeSet<>(), unhealthy = new TreeSet<>(),
                protectedIds = new TreeSet<>();
        for (Instance i : g.instances()) {
            String state = i.lifecycleStateAsString() == null ? "" : i.lifecycleStateAsString();
            listed.add(i.instanceId());
            if ("InService".equals(state)) {
                inService.add(i.instanceId());
                if ("Unhealthy".equalsIgnoreCase(i.healthStatus())) unhealthy.add(i.instanceId());
            }
            // counted in the desired capacity, and a lower one cannot remove it
            if ((state.equals("InService") || state.startsWith("Pending")) && Boolean.TRUE.equals(i.protectedFromScaleIn()))
                protectedIds.add(i.instanceId());
        }

        Set<String> suspended = new TreeSet<>();
        for (SuspendedProcess p : g.suspendedProcesses())
            if (BLOCKING_PROCESSES.contains(p.processName())) suspended.add(p.processName());
        boolean replacementSuspended = g.suspendedProcesses().stream().anyMatch(p -> REPLACE_UNHEALTHY.equals(p.processName()));
        DescribeScalingActivitiesResponse a = client.describeScalingActivities(b -> b.autoScalingGroupName(name).maxRecords(10));
        boolean busy = false;
        String activity = null; // the newest in progress (activities come newest first), named in the decision
        Instant lastEnd = null;
        for (Activity x : a.activities()) {
            if (!DONE.contains(x.statusCode())) {
                busy = true;
                if (activity == null)
                    activity = Names.printable(x.statusCodeAsString()) + (x.description() == null ? "" : ": "
                            + Names.printable(x.description())) + (x.startTime() == null ? "" : ", since " + x.startTime());
            }
            else if (x.endTime() != null && (lastEnd == null || x.endTime().isAfter(lastEnd))) lastEnd = x.endTime();
        }
        int cooldown = g.defaultCooldown() == null ? 0 : g.defaultCooldown();
        Instant cooldownUntil = lastEnd == null || cooldown <= 0 ? Instant.EPOCH : lastEnd.plusSeconds(cooldown);
        return GroupState.listed(name, g.desiredCapacity(), g.minSize(), g.maxSize(), inService, listed, busy, suspended, cooldownUntil)
                .withPause(pause(g)).withFlags(new GroupState.Flags(unhealthy, protectedIds,
                        Boolean.TRUE.equals(g.newInstancesProtectedFromScaleIn()), replacementSuspended, activity));
    }

    /**
     * The group's {@code Status}, one printable line, when it has one: AWS gives it only while the group is being deleted
     * ("Delete in progress"); null otherwise.
     */
    static String deleting(AutoScalingGroup g) {
        String status = g.status() == null ? "" : g.status().strip();
        return status.isEmpty() ? null : Names.printable(status);
    }

    /**
     * The value of the group's {@value GroupState#PAUSE_TAG} tag, one printable line ("(no value)" when empty), when an
     * operator paused leptoid on the group; null when there is no such tag or its value is "false".
     */
    static String pause(AutoScalingGroup g) {
        for (TagDescription t : g.tags()) {
            if (!GroupState.PAUSE_TAG.equals(t.key())) continue;
            String v = t.value() == null ? "" : t.value().strip();
            if (v.equalsIgnoreCase("false")) return null;
            return v.isEmpty() ? "(no value)" : Names.printable(v);
        }
        return null;
    }

    @Override
    public List<String> controllersThatScaleIn(String name) throws ActuationException {
        List<String> found = new ArrayList<>();
        try {
            found.addAll(scalingIn(client.describePoliciesPaginator(b -> b.autoScalingGroupName(name)).scalingPolicies()));
        } catch (SdkException e) {
            throw failure("describe the scaling policies of " + name, e);
        }
        try {
            found.addAll(settingDesired(client.describeScheduledActionsPaginator(b -> b.autoScalingGroupName(name))
                    .scheduledUpdateGroupActions()));
        } catch (SdkException e) {
            throw failure("describe the scheduled actions of " + name, e);
        }
        return found;
    }

    /**
     * The scheduled actions that set the desired capacity, as "scheduled action 'name' (desired N, ...)": when one
     * runs it sets the capacity whatever the load, below what leptoid set as readily as above it. One that sets
     * only the minimum or maximum is a bound, which leptoid reads each run and keeps.
     */
    static List<String> settingDesired(Iterable<ScheduledUpdateGroupAction> actions) {
        List<String> found = new ArrayList<>();
        for (ScheduledUpdateGroupAction a : actions) {
            if (a.desiredCapacity() == null) continue;
            String when = a.recurrence() != null && !a.recurrence().isBlank()
                    ? "recurrence '" + Names.printable(a.recurrence()) + "'"
                            + (a.timeZone() == null ? "" : " " + Names.printable(a.timeZone()))
                    : a.startTime() != null ? "at " + a.startTime() : "unscheduled";
            found.add("scheduled action '" + Names.printable(a.scheduledActionName()) + "' (desired " + a.desiredCapacity()
                    + ", " + when + ")");
        }
        return found;
    }

    /**
     * The enabled dynamic scaling policies that can lower the group's desired capacity, as "scaling policy 'name' (type)":
     * target tracking without {@code DisableScaleIn}, and simple or step scaling with a negative adjustment
     * or an exact capacity. Another controller that scales in undoes leptoid's scale-outs made ahead of the
     * load; one that only scales out is a reactive guard beside it. Predictive scaling raises the minimum,
     * which leptoid reads and keeps.
     */
    static List<String> scalingIn(Iterable<ScalingPolicy> policies) {
        List<String> found = new ArrayList<>();
        for (ScalingPolicy p : policies) {
            if (Boolean.FALSE.equals(p.enabled())) continue;
            String type = p.policyType() == null ? "SimpleScaling" : p.policyType(); // SimpleScaling when not given
            boolean exact = "ExactCapacity".equals(p.adjustmentType());
            boolean in = switch (type) {
                case "TargetTrackingScaling" -> p.targetTrackingConfiguration() == null
                        || !Boolean.TRUE.equals(p.targetTrackingConfiguration().disableScaleIn());
                case "StepScaling" -> exact || p.stepAdjustments().stream()
                        .anyMatch(a -> a.scalingAdjustment() != null && a.scalingAdjustment() < 0);
                case "SimpleScaling" -> exact || p.scalingAdjustment() != null && p.scalingAdjustment() < 0;
                default -> false; // PredictiveScaling
            };
            if (in) found.add("scaling policy '" + Names.printable(p.policyName()) + "' (" + Names.printable(type) + ")");
        }
        return found;
    }

    /**
     * What the group's desired capacity counts when that is not instances, else null: a
     * {@code DesiredCapacityType} of {@code vcpu} or {@code memory-mib}, or weights other than 1 on
     * the mixed instances policy's instance types or on the group's instances (then a desired
     * capacity of 10 may mean 5 instances).
     */
    static String capacityUnits(AutoScalingGroup g) {
        String type = g.desiredCapacityType();
        if (type != null && !type.isEmpty() && !type.equals("units")) return "DesiredCapacityType " + type;
        SortedSet<String> weights = new TreeSet<>();
        if (g.mixedInstancesPolicy() != null && g.mixedInstancesPolicy().launchTemplate() != null)
            for (LaunchTemplateOverrides o : g.mixedInstancesPolicy().launchTemplate().overrides())
                if (o.weightedCapacity() != null && !o.weightedCapacity().equals("1")) weights.add(o.weightedCapacity());
        for (Instance i : g.instances())
            if (i.weightedCapacity() != null && !i.weightedCapacity().equals("1")) weights.add(i.weightedCapacity());
        return weights.isEmpty() ? null : "weighted units (instance weights " + String.join(", ", weights) + ")";
    }

    /**
     * The group's instance refreshes that are not over (Pending, InProgress, Baking, Cancelling, RollbackInProgress),
     * newest first, each as "instance refresh 'id' (Status, N% done, started T)"; one page of the newest.
     */
    @Override
    public List<String> activeInstanceRefreshes(String name) throws ActuationException {
        List<String> found = new ArrayList<>();
        try {
            for (InstanceRefresh r : client.describeInstanceRefreshes(b -> b.autoScalingGroupName(name)).instanceRefreshes()) {
                if (!ACTIVE_REFRESH.contains(r.statusAsString())) continue;
                found.add("instance refresh '" + Names.printable(String.valueOf(r.instanceRefreshId())) + "' (" + r.statusAsString()
                        + (r.percentageComplete() == null ? "" : ", " + r.percentageComplete() + "% done")
                        + (r.startTime() == null ? "" : ", started " + r.startTime()) + ")");
            }
        } catch (SdkException e) {
            throw failure("describe the instance refreshes of " + name, e);
        }
        return found;
    }

    private static final Set<String> ACTIVE_REFRESH = Set.of("Pending", "InProgress", "Baking", "Cancelling", "RollbackInProgress");

    @Override
    public void setDesiredCapacity(String name, int desired) throws ActuationException {
        try {
            client.setDesiredCapacity(b -> b.autoScalingGroupName(name).desiredCapacity(desired).honorCooldown(false));
        } catch (SdkException e) {
            throw failure("set " + name + " to " + desired, e);
        }
    }

    private static ActuationException failure(String what, SdkException e) {
        if (e instanceof AutoScalingException ae && ae.awsErrorDetails() != null) {
            String code = ae.awsErrorDetails().errorCode();
            Kind kind = switch (code == null ? "" : code) {
                case "ScalingActivityInProgress", "ResourceContention" -> Kind.BUSY;
                case "ValidationError" -> Kind.INVALID;
                case "Throttling" -> Kind.THROTTLED;
                default -> Kind.FAILED;
            };
            return new ActuationException(kind, what + ": " + code + " (" + firstLine(ae.awsErrorDetails().errorMessage()) + ")", e);
        }
        return new ActuationException(Kind.FAILED, what + ": " + firstLine(e.getMessage()), e);
    }

    private static String firstLine(String s) { return s == null ? "" : s.lines().findFirst().orElse(""); }
}
