package dev.leptoid.publication;

import java.time.Duration;
import java.util.List;

/** Annotations for Grafana: Graphite events, or a directory for the demo. */
public interface EventSink {

    /**
     * Returns null when sent, or a one-line error. Never throws.
     *
     * @param within the longest a post may take (the time left of the service's share of the run): a remote sink gives up after
     *               it (or after its own timeout, if shorter)
     */
    String post(String what, List<String> tags, String data, long epochSeconds, Duration within);
}
