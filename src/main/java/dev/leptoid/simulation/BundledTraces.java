package dev.leptoid.simulation;

import dev.leptoid.source.Series;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/** The NAB traces bundled in the jar (MIT, see data/nab/LICENSE.txt), or a CSV file. */
public final class BundledTraces {

    public static final String ROOT = "/dev/leptoid/data/nab/";
    public static final String ELB = "realAWSCloudwatch/elb_request_count_8c0756.csv";
    public static final String TAXI = "realKnownCause/nyc_taxi.csv";
    public static final String CPU = "realAWSCloudwatch/ec2_cpu_utilization_5f5533.csv";
    /** The traces the backtest report is made on (docs/backtest.md). */
    public static final List<String> BACKTEST = List.of(ELB, TAXI, CPU);

    /** A bundled trace becomes traffic with this mean arrival rate (requests per second) ... */
    public static final double MEAN_ARRIVAL_RATE = 500;
    /** ... of requests taking this long (seconds): a mean offered load of 10 Erlangs. */
    public static final double SERVICE_TIME = 0.020;

    private BundledTraces() {}

    /** Is {@code name} a bundled trace (and not a file on disk)? */
    public static boolean isBundled(String name) {
        return !Files.isRegularFile(Path.of(name)) && BundledTraces.class.getResource(ROOT + name) != null;
    }

    /**
     * A trace as a workload on minutes. A bundled trace (request counts, CPU percent, taxi
     * rides: not requests per second) is scaled linearly so its mean is {@link #MEAN_ARRIVAL_RATE}
     * requests per second of {@link #SERVICE_TIME} each; a file is requests per second as it
     * stands, with its {@code service_time} column or {@code serviceTime} seconds.
     */
    public static Workload workload(String nameOrFile, double serviceTime) throws IOException {
        return workload(nameOrFile, serviceTime, repaired -> {});
    }

    /** {@link #workload(String, double)}, telling {@code repaired} what was repaired to put the rows on their grid (if any). */
    public static Workload workload(String nameOrFile, double serviceTime, Consumer<String> repaired) throws IOException {
        Trace.Columns c = columns(nameOrFile, serviceTime);
        String name = c.value().name();
        if (!c.notes().isEmpty()) repaired.accept(name + ": " + String.join("; ", c.notes()));
        if (isBundled(nameOrFile)) {
            Workload w = Workload.of(name, c.value(), null, SERVICE_TIME);
            return w.scaled(MEAN_ARRIVAL_RATE / w.meanArrivalRate());
        }
        return Workload.of(name, c.value(), c.serviceTime(), serviceTime);
    }

    /** Both columns of a bundled trace or a file ({@code serviceTime}: see {@link Trace#readColumns}). */
    private static Trace.Columns columns(String nameOrFile, double serviceTime) throws IOException {
        Path file = Path.of(nameOrFile);
        if (Files.isRegularFile(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                return Trace.readColumns(in, file.getFileName().toString(), serviceTime);
            }
        }
        try (InputStream in = BundledTraces.class.getResourceAsStream(ROOT + nameOrFile)) {
            if (in == null) throw new IOException(nameOrFile + ": no such file, nor a bundled trace");
            return Trace.readColumns(in, nameOrFile.substring(nameOrFile.lastIndexOf('/') + 1), serviceTime);
        }
    }

    /** A bundled trace by its path under data/nab (e.g. {@link #ELB}), or a file on disk. */
    public static Series load(String nameOrFile) throws IOException {
        Path file = Path.of(nameOrFile);
        if (Files.isRegularFile(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                return Trace.read(in, file.getFileName().toString());
            }
        }
        try (InputStream in = BundledTraces.class.getResourceAsStream(ROOT + nameOrFile)) {
            if (in == null) throw new IOException(nameOrFile + ": no such file, nor a bundled trace");
            return Trace.read(in, nameOrFile.substring(nameOrFile.lastIndexOf('/') + 1));
        }
    }
}
