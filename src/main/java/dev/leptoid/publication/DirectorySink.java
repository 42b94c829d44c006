package dev.leptoid.publication;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes what would go to Carbon and to Graphite events into a local directory:
 * {@code metrics.txt} in Carbon plaintext format and {@code events.jsonl}.
 */
public final class DirectorySink implements MetricSink, EventSink {

    private final Path metrics;
    private final Path events;
    private final List<String> buffer = new ArrayList<>();

    public DirectorySink(Path dir) throws IOException {
        Files.createDirectories(dir);
        this.metrics = dir.resolve("metrics.txt");
        this.events = dir.resolve("events.jsonl");
        Files.deleteIfExists(metrics);
        Files.deleteIfExists(events);
    }

    public Path metricsFile() { return metrics; }
    public Path eventsFile() { return events; }

    @Override
    public void send(String path, double value, long epochSeconds) {
        if (Double.isFinite(value)) buffer.add(CarbonPlaintext.line(path, value, epochSeconds));
    }

    @Override
    public PublishResult flush() {
        int n = buffer.size();
        try (Writer w = Files.newBufferedWriter(metrics, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            for (String l : buffer) w.write(l);
            buffer.clear();
            return new PublishResult(n, 0, null);
        } catch (IOException e) {
            buffer.clear();
            return new PublishResult(0, n, "cannot write " + metrics + ": " + e.getMessage());
        }
    }

    @Override
    public String post(String what, List<String> tags, String data, long epochSeconds, Duration within) { // a local file: no wait
        String line = GraphiteEvents.body(what, tags, data, epochSeconds) + "\n";
        try {
            Files.writeString(events, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            return null;
        } catch (IOException e) {
            return "cannot write " + events + ": " + e.getMessage();
        }
    }

    @Override
    public void close() { buffer.clear(); }
}
