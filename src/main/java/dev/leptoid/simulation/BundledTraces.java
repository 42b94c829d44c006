package dev.leptoid.simulation;

import dev.leptoid.source.Series;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** The NAB traces bundled in the jar (MIT, see data/nab/LICENSE.txt), or a CSV file. */
public final class BundledTraces {

    public static final String ROOT = "/dev/leptoid/data/nab/";
    public static final String ELB = "realAWSCloudwatch/elb_request_count_8c0756.csv";

    private BundledTraces() {}

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
