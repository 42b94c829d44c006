package dev.leptoid.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leptoid.source.GraphiteJson;
import dev.leptoid.source.Series;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Parsing one graphite-web /render JSON answer of 1,000 instances x 4,032 points (14 days at
 * 5 minutes): leptoid's streaming parser against Jackson's tree ({@code readTree}) of the same
 * bytes. Values look like graphite-web's (Python repr): short decimals, 17-digit ones, integers
 * and about 2% nulls. Run: {@code scripts/bench -f 1 -wi 3 -i 5 -prof gc GraphiteParseBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
@Fork(1)
public class GraphiteParseBenchmark {

    static final int INSTANCES = 1_000;
    static final int POINTS = 4_032;

    private final ObjectMapper mapper = new ObjectMapper();
    private byte[] answer;

    @Setup(Level.Trial)
    public void build() {
        answer = answer(new Random(2024));
    }

    public static byte[] answer(Random rnd) {
        StringBuilder b = new StringBuilder(INSTANCES * POINTS * 24);
        long start = 1_700_000_000L / 300 * 300;
        b.append('[');
        for (int s = 0; s < INSTANCES; s++) {
            if (s > 0) b.append(", ");
            String name = "nginx.prod.web.i-" + Integer.toHexString(0x1000000 + s) + ".requests_per_second";
            b.append("{\"target\": \"").append(name).append("\", \"tags\": {\"name\": \"").append(name)
                    .append("\"}, \"datapoints\": [");
            for (int i = 0; i < POINTS; i++) {
                if (i > 0) b.append(", ");
                b.append('[');
                int kind = rnd.nextInt(100);
                if (kind < 2) b.append("null");
                else if (kind < 40) b.append(Math.round(rnd.nextDouble() * 100_000) / 1000.0);   // 51.846
                else if (kind < 80) b.append(rnd.nextDouble() * 100);                            // 17 digits
                else b.append(rnd.nextInt(5000)).append(".0");                                   // 412.0
                b.append(", ").append(start + (long) i * 300).append(']');
            }
            b.append("]}");
        }
        b.append(']');
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Benchmark
    public List<Series> leptoidStreaming() throws Exception {
        return GraphiteJson.parse(new ByteArrayInputStream(answer), "bench", 300, 10_000_000);
    }

    @Benchmark
    public JsonNode jacksonReadTree() throws Exception {
        return mapper.readTree(new ByteArrayInputStream(answer));
    }
}
