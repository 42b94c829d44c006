package dev.leptoid.publication;

import java.util.List;

/** Annotations for Grafana: Graphite events, or a directory for the demo. */
public interface EventSink {

    /** Returns null when sent, or a one-line error. Never throws. */
    String post(String what, List<String> tags, String data, long epochSeconds);
}
