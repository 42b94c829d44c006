package dev.leptoid.actuation;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.Activity;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingException;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.ScalingActivityStatusCode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Measures a group's real lead time -- how long capacity takes to serve after leptoid asks for it --
 * from its own recent history: each successful launch activity ("Launching a new EC2 instance")
 * runs from the launch request to the instance entering InService, and the group's default
 * instance warm-up (when set) follows. Users rarely know their lead time precisely, and it is the
 * knob that matters most (docs/backtest.md), so a run reports it beside the configured one.
 *
 * <p>Needs {@code autoscaling:DescribeScalingActivities} and {@code autoscaling:DescribeAutoScalingGroups}.
 */
public final class LeadTimeProbe {

    /** Launch activities read (the newest first). */
    public static final int ACTIVITIES = 100;
    /** The configured lead time disagrees when it differs from the measured one by more than this share... */
    public static final double TOLERANCE = 0.25;
    /** ...and by at least this much. */
    public static final Duration MIN_DIFFERENCE = Duration.ofMinutes(1);

    /**
     * @param launch median time from launch start to InService over {@code launches} recent launches
     * @param longest the longest of them
     * @param warmUp the group's default instance warm-up (zero when not set)
     */
    public record Measured(String group, Duration launch, Duration longest, int launches, Duration warmUp) {

        /** Launch to InService, plus the warm-up: when new capacity serves. */
        public Duration leadTime() { return launch.plus(warmUp); }

        /** A warning when the configured lead time is off by more than the tolerance; empty when they agree. */
        public Optional<String> disagreement(Duration configured) {
            long diff = Math.abs(leadTime().toSeconds() - configured.toSeconds());
            if (diff < MIN_DIFFERENCE.toSeconds() || diff <= TOLERANCE * leadTime().toSeconds()) return Optional.empty();
            return Optional.of(String.format(Locale.ROOT, "%s: configured lead_time %s but its last %d launches took %s "
                            + "(median launch to InService %s, longest %s, + warm-up %s): capacity will arrive %s",
                    group, text(configured), launches, text(leadTime()), text(launch), text(longest), text(warmUp),
                    configured.compareTo(leadTime()) < 0 ? "too late (set lead_time to at least the measured one)"
                            : "earlier than needed (it costs instance-hours)"));
        }
    }

    private final AutoScalingClient client;

    public LeadTimeProbe(AutoScalingClient client) { this.client = client; }

    /** The lead time measured from the group's recent launches; empty when it has none that completed. */
    public Optional<Measured> measure(String group) throws ActuationException {
        try {
            List<Duration> launches = new ArrayList<>();
            for (Activity a : client.describeScalingActivities(b -> b.autoScalingGroupName(group).maxRecords(ACTIVITIES))
                    .activities()) {
                if (a.statusCode() != ScalingActivityStatusCode.SUCCESSFUL || a.startTime() == null || a.endTime() == null
                        || a.description() == null || !a.description().startsWith("Launching")) continue;
                Duration d = Duration.between(a.startTime(), a.endTime());
                if (!d.isNegative()) launches.add(d);
            }
            if (launches.isEmpty()) return Optional.empty();
            launches.sort(null);
            List<AutoScalingGroup> groups = client.describeAutoScalingGroups(b -> b.autoScalingGroupNames(group)).autoScalingGroups();
            Integer warm = groups.isEmpty() ? null : groups.get(0).defaultInstanceWarmup();
            Duration warmUp = Duration.ofSeconds(warm == null || warm < 0 ? 0 : warm);
            return Optional.of(new Measured(group, median(launches), launches.get(launches.size() - 1), launches.size(), warmUp));
        } catch (SdkException e) {
            String why = e instanceof AutoScalingException ae && ae.awsErrorDetails() != null
                    ? ae.awsErrorDetails().errorCode() + " (" + firstLine(ae.awsErrorDetails().errorMessage()) + ")"
                    : firstLine(e.getMessage());
            throw new ActuationException(ActuationException.Kind.FAILED, "measure the lead time of " + group + ": " + why, e);
        }
    }

    private static String firstLine(String s) { return s == null ? "" : s.lines().findFirst().orElse(""); }

    private static Duration median(List<Duration> sorted) {
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : sorted.get(n / 2 - 1).plus(sorted.get(n / 2)).dividedBy(2);
    }

    private static String text(Duration d) {
        long s = d.toSeconds();
        return s % 60 == 0 ? s / 60 + " min" : String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
    }
}
