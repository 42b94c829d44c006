package dev.leptoid.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Steady request traffic written through Carbon into the local Graphite for runs to read: per
 * service, instances {@code i-0..i-(n-1)} each with {@code rate} requests per second of
 * {@code timeMs} ms at every minute of the last 90, as {@code <root>.<env>.<service>.<instance>.{rate,time}}.
 */
public final class RecordedTraffic {

    private RecordedTraffic() {}

    /** Writes the traffic and waits until Graphite answers with all of it; returns the minute it ends at. */
    public static long write(LocalGraphite graphite, String root, String env, List<String> services, int instances,
                             int rate, int timeMs) {
        long now = System.currentTimeMillis() / 1000 / 60 * 60;
        List<String> lines = new ArrayList<>();
        for (String service : services)
            for (int i = 0; i < instances; i++)
                for (int k = 1; k <= 90; k++) {
                    lines.add(path(root, env, service, i) + ".rate " + rate + " " + (now - k * 60));
                    lines.add(path(root, env, service, i) + ".time " + timeMs + " " + (now - k * 60));
                }
        graphite.writePlaintext(lines);
        // Carbon creates the files in no fixed order: wait for every series the runs read
        for (String service : services)
            for (int i = 0; i < instances; i++)
                for (String metric : List.of("rate", "time"))
                    graphite.awaitSeries(path(root, env, service, i) + "." + metric, now - 91 * 60, now, 90, Duration.ofSeconds(60));
        return now;
    }

    /** The {@code metrics} keys that read this traffic (YAML flow mapping). */
    public static String metrics(String root) {
        return "{arrival_rate: \"" + root + ".{environment}.{service}.{instance}.rate\", service_time: \"" + root
                + ".{environment}.{service}.{instance}.time\", step: 60s, lookback: 2h}";
    }

    private static String path(String root, String env, String service, int instance) {
        return root + "." + env + "." + service + ".i-" + instance;
    }
}
