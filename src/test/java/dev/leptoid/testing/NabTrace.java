package dev.leptoid.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/** A NAB trace bundled under src/main/resources/dev/leptoid/data/nab: timestamps (UTC epoch) and values as written. */
public record NabTrace(String name, long[] times, String[] text) {

    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    /** {@code path} below .../data/nab/, e.g. "realAWSCloudwatch/ec2_cpu_utilization_5f5533.csv". */
    public static NabTrace load(String path) {
        String resource = "/dev/leptoid/data/nab/" + path;
        try (InputStream in = NabTrace.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalArgumentException("no NAB trace " + resource);
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            List<Long> times = new ArrayList<>();
            List<String> values = new ArrayList<>();
            String line = r.readLine(); // header
            while ((line = r.readLine()) != null) {
                if (line.isBlank()) continue;
                int comma = line.indexOf(',');
                times.add(LocalDateTime.parse(line.substring(0, comma), FORMAT).toEpochSecond(ZoneOffset.UTC));
                values.add(line.substring(comma + 1).trim());
            }
            return new NabTrace(path, times.stream().mapToLong(Long::longValue).toArray(), values.toArray(String[]::new));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int size() { return times.length; }

    public double value(int i) { return Double.parseDouble(text[i]); }

    /** Carbon plaintext lines for {@code metric}, timestamps shifted so the last point lands on {@code lastTime}. */
    public List<String> plaintext(String metric, long lastTime) {
        long shift = lastTime - times[times.length - 1];
        List<String> lines = new ArrayList<>(times.length);
        for (int i = 0; i < times.length; i++) lines.add(metric + " " + text[i] + " " + (times[i] + shift));
        return lines;
    }

    /** Shifted timestamp of point {@code i} when the last point lands on {@code lastTime}. */
    public long shiftedTime(int i, long lastTime) { return times[i] + lastTime - times[times.length - 1]; }
}
