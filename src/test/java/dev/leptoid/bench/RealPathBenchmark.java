package dev.leptoid.bench;

import dev.leptoid.cli.ForecastCommand;
import dev.leptoid.forecast.AutoForecaster;
import dev.leptoid.forecast.ForecastResult;
import dev.leptoid.forecast.TimeSeriesCsv;
import dev.leptoid.source.Series;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The work of {@code leptoid forecast --horizon 288 --out DIR FILES} on the 15 regular NAB
 * CloudWatch files (all of realAWSCloudwatch but grok and iio), reported per fit so that it
 * compares with {@link ForecastBenchmark} (2 of these series) and with the whole-process command
 * (issue 16.1, docs/benchmarks.md "Real path against JMH").
 * <ul>
 *   <li>{@code forecastEach}: {@code AutoForecaster.forecast} on each series as the CLI reads it
 *       (regularized once in setup), the forecaster and options the CLI uses.</li>
 *   <li>{@code commandEach}: the CLI command itself, in process: read and regularize each file,
 *       forecast, write DIR/&lt;name&gt;, stderr discarded.</li>
 *   <li>{@code forecastOne}: one of the 15 series at a time, to see which ones cost more.</li>
 * </ul>
 * Besides JMH's wall-clock samples, each iteration prints the benchmark thread's CPU time per fit
 * ({@code cpu per fit: ...}): on a machine shared with other jobs, the figure that compares with
 * the whole-process command's user + sys CPU (wall-clock samples there include time waiting for a core).
 * Run: scripts/bench -f 1 -wi 3 -i 5 'RealPathBenchmark.(forecastEach|commandEach)'
 *  and, for ForecastBenchmark's two series with the CPU line:
 *      scripts/bench -f 1 -wi 3 -i 5 -p file=ec2_cpu_utilization_53ea38.csv,ec2_cpu_utilization_24ae8d.csv 'RealPathBenchmark.forecastOne'
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Threads(1)
@Fork(1)
public class RealPathBenchmark {

    /** The 15 files of the whole-process measurement. */
    public static final List<String> FILES = List.of(
            "ec2_cpu_utilization_24ae8d.csv", "ec2_cpu_utilization_53ea38.csv", "ec2_cpu_utilization_5f5533.csv",
            "ec2_cpu_utilization_77c1ca.csv", "ec2_cpu_utilization_825cc2.csv", "ec2_cpu_utilization_ac20cd.csv",
            "ec2_cpu_utilization_c6585a.csv", "ec2_cpu_utilization_fe7f93.csv", "ec2_disk_write_bytes_1ef3de.csv",
            "ec2_disk_write_bytes_c0d644.csv", "ec2_network_in_257a54.csv", "ec2_network_in_5abac7.csv",
            "elb_request_count_8c0756.csv", "rds_cpu_utilization_cc0c53.csv", "rds_cpu_utilization_e47b3b.csv");
    private static final int HORIZON = 288;
    private static final double LEVEL = 80;

    static String resource(String name) throws IOException {
        try (InputStream in = RealPathBenchmark.class.getResourceAsStream("/dev/leptoid/data/nab/realAWSCloudwatch/" + name)) {
            if (in == null) throw new IllegalStateException("no bundled " + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static Series regularized(String name) throws IOException, TimeSeriesCsv.BadInput {
        return TimeSeriesCsv.read(name, new BufferedReader(new StringReader(resource(name))), TimeSeriesCsv.MAX_POINTS).series();
    }

    /** The command's forecaster: default options, no --season. */
    static AutoForecaster commandForecaster() {
        return new AutoForecaster(AutoForecaster.Options.defaults().withPeriods(List.of()));
    }

    @State(Scope.Benchmark)
    public static class AllSeries {
        final List<Series> series = new ArrayList<>();
        final AutoForecaster forecaster = commandForecaster();

        @Setup
        public void read() throws IOException, TimeSeriesCsv.BadInput {
            if (FILES.size() != 15) throw new IllegalStateException("@OperationsPerInvocation(15) needs 15 files");
            for (String name : FILES) series.add(regularized(name));
        }
    }

    @State(Scope.Benchmark)
    public static class OneSeries {
        @Param({"ec2_cpu_utilization_24ae8d.csv", "ec2_cpu_utilization_53ea38.csv", "ec2_cpu_utilization_5f5533.csv",
                "ec2_cpu_utilization_77c1ca.csv", "ec2_cpu_utilization_825cc2.csv", "ec2_cpu_utilization_ac20cd.csv",
                "ec2_cpu_utilization_c6585a.csv", "ec2_cpu_utilization_fe7f93.csv", "ec2_disk_write_bytes_1ef3de.csv",
                "ec2_disk_write_bytes_c0d644.csv", "ec2_network_in_257a54.csv", "ec2_network_in_5abac7.csv",
                "elb_request_count_8c0756.csv", "rds_cpu_utilization_cc0c53.csv", "rds_cpu_utilization_e47b3b.csv"})
        public String file;
        Series series;
        final AutoForecaster forecaster = commandForecaster();

        @Setup
        public void read() throws IOException, TimeSeriesCsv.BadInput {
            series = regularized(file);
        }
    }

    @State(Scope.Benchmark)
    public static class Command {
        Path dir;
        List<String> argv;
        final PrintStream discard = new PrintStream(OutputStream.nullOutputStream());

        @Setup
        public void copy() throws IOException {
            dir = Files.createTempDirectory("leptoid-realpath");
            Path in = Files.createDirectories(dir.resolve("in"));
            argv = new ArrayList<>(List.of("--horizon", Integer.toString(HORIZON), "--out", dir.resolve("out").toString()));
            for (String name : FILES) argv.add(Files.writeString(in.resolve(name), resource(name)).toString());
        }

        @TearDown
        public void delete() throws IOException {
            try (var paths = Files.walk(dir)) {
                for (Path p : paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) Files.delete(p);
            }
        }
    }

    /** CPU time of the benchmark thread over one measurement or warm-up iteration, per fit. */
    @State(Scope.Thread)
    public static class CpuPerFit {
        private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        private long startNanos;
        long fits;

        @Setup(Level.Iteration)
        public void start() {
            fits = 0;
            startNanos = threads.getCurrentThreadCpuTime();
        }

        @TearDown(Level.Iteration)
        public void report() {
            double ms = (threads.getCurrentThreadCpuTime() - startNanos) / 1e6;
            System.out.printf("cpu per fit: %.3f ms (thread CPU time, %d fits)%n", ms / Math.max(1, fits), fits);
        }
    }

    @Benchmark
    @OperationsPerInvocation(15)
    public void forecastEach(AllSeries s, CpuPerFit cpu, Blackhole bh) {
        for (Series series : s.series) bh.consume(s.forecaster.forecast(series.values(), series.step(), HORIZON, LEVEL));
        cpu.fits += s.series.size();
    }

    @Benchmark
    @OperationsPerInvocation(15)
    public int commandEach(Command c, CpuPerFit cpu) {
        int code = new ForecastCommand().run(c.argv, c.discard, c.discard);
        cpu.fits += FILES.size();
        if (code != 0) throw new IllegalStateException("leptoid forecast exited " + code);
        return code;
    }

    /** The operation of {@code ForecastBenchmark.autoForecast288} for {@code -p file=...} its two series, plus the CPU line. */
    @Benchmark
    public ForecastResult forecastOne(OneSeries s, CpuPerFit cpu) {
        cpu.fits++;
        return s.forecaster.forecast(s.series.values(), s.series.step(), HORIZON, LEVEL);
    }
}
