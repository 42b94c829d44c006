package dev.leptoid.cli;

import dev.leptoid.forecast.AutoForecaster;
import dev.leptoid.forecast.Forecast;
import dev.leptoid.forecast.ForecastResult;
import dev.leptoid.forecast.InsufficientHistory;
import dev.leptoid.forecast.TimeSeriesCsv;
import dev.leptoid.source.Series;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code leptoid forecast}: forecasts each CSV (header {@code timestamp,value}) H steps ahead.
 * Each file is read as a stream and put on its grid (repairs announced on stderr, one line per
 * file). A bad file is one line on stderr naming file and line; the other files are still
 * forecast and the exit code is 2 at the end.
 */
public final class ForecastCommand implements Command {

    /**
     * Largest --horizon accepted: a week of minutes, a month of 5-minute steps. The interval of
     * a multiplicative-error model costs time in the square of the horizon.
     */
    public static final int MAX_HORIZON = 10_000;

    @Override public String name() { return "forecast"; }

    @Override public String summary() { return "forecast CSV series: mean and prediction interval per step"; }

    @Override public String usage() {
        return """
                usage: leptoid forecast --horizon H [--level 80] [--season P]... [--out DIR] FILE...

                Reads each FILE (CSV, header timestamp,value; timestamp ISO-8601 UTC such as
                2014-04-10T00:04:00Z or 2014-04-10 00:04:00, or epoch seconds; an empty value is a
                gap) and writes H rows timestamp,mean,lower,upper at the series' step after its
                last timestamp: to stdout for one file, or to DIR/<same name> for each file.
                Exports are put on their grid: the step is the most common spacing, rows are
                sorted, off-grid timestamps rounded to the grid, rows sharing a slot averaged and
                missing slots left as gaps; one line on stderr per file says what was repaired.
                At most the last %,d rows (and steps) of a file are used.
                Bad input (also a forecast that is not finite): one line on stderr naming file and
                line, exit code 2; the other files are still forecast.

                Seasons are inferred from the step: a day and a week when the step divides them
                (5 min: 288, 2016; 1 h: 24, 168), and for steps of a day or more a year of 365.25
                days in whole steps (1 day: 7, 365; a month: 12; a quarter: 4; a week: 52). A
                season is used only with more than two cycles of history. --season P (in steps,
                repeatable) replaces the inferred ones. Seasons up to 24 steps get seasonal ETS
                models (unless a longer season is strong: then STL + ETS on the strong ones, as
                below), chosen by AICc against the non-seasonal ones (R's ets()); the mean of
                the best and STL + ETS replaces it when that has the smaller AICc. On series of
                up to 500 points that choice, AR(p) and the mean of the two are then refitted
                at past origins (one season apart, back to half the history) and the one whose
                forecasts 1..H steps ahead were closest is used (time-series cross-validation;
                stderr lists their errors, scaled like MASE). Longer seasons
                are modelled by STL + ETS only when their strength is at least 0.64, so a weak
                season given with --season can still leave the forecast unchanged. When a step of a
                day or more implies no season (a year or longer), an autoregression AR(p) competes
                with ETS (cycles that are not seasons): on up to 500 points ETS, AR and their mean
                are refitted at past origins and the closest 1..H steps ahead is used, on longer
                series the one with the smaller error 1..H steps ahead on the history. Sub-daily
                data without a usable season (under two days) get the refitted choice too, up to
                500 points; longer ones ETS only. stderr says per file how the forecast was made:
                the model, each season's strength and, where models were compared, their scores.

                  --horizon H   steps to forecast (required, 1 to %,d)
                  --level L     prediction-interval coverage in percent (default 80)
                  --season P    seasonal period in steps, repeatable
                  --out DIR     write one CSV per input into DIR (created if missing). Nothing is
                                written when an output would replace an input file or two inputs
                                share a file name (exit code 2).
                """.formatted(TimeSeriesCsv.MAX_POINTS, MAX_HORIZON);
    }

    @Override
    public int run(List<String> argv, PrintStream out, PrintStream err) {
        Args args = Args.parse(argv, Set.of("horizon", "level", "season", "out"), Set.of());
        if (args.value("horizon").isEmpty()) throw new Args.UsageException("--horizon is required");
        int horizon = args.intValue("horizon", 0);
        if (horizon < 1 || horizon > MAX_HORIZON)
            throw new Args.UsageException("--horizon must be between 1 and " + MAX_HORIZON + " steps, got " + horizon);
        double level = args.doubleValue("level", 80);
        if (!(level > 0 && level < 100)) throw new Args.UsageException("--level must be between 0 and 100, got " + level);
        List<Integer> seasons = new ArrayList<>();
        for (String s : args.values("season")) {
            int p;
            try { p = Integer.parseInt(s); } catch (NumberFormatException e) { p = -1; }
            if (p < 2) throw new Args.UsageException("--season needs a whole number of steps >= 2, got '" + s + "'");
            seasons.add(p);
        }
        List<Path> files = args.positional().stream().map(Path::of).toList();
        if (files.isEmpty()) throw new Args.UsageException("no input FILE");
        Path outDir = args.value("out").map(Path::of).orElse(null);
        if (outDir == null && files.size() > 1) throw new Args.UsageException("several files need --out DIR");
        if (outDir != null) {
            checkOutputs(files, outDir);
            try {
                Files.createDirectories(outDir);
            } catch (IOException e) {
                err.println("leptoid forecast: cannot create " + outDir + ": " + e.getMessage());
                return 1;
            }
        }
        AutoForecaster forecaster = new AutoForecaster(AutoForecaster.Options.defaults().withPeriods(seasons));
        int code = 0;
        for (Path file : files) {
            TimeSeriesCsv.Regularized read;
            try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                read = TimeSeriesCsv.read(file.getFileName().toString(), in, TimeSeriesCsv.MAX_POINTS);
            } catch (TimeSeriesCsv.BadInput e) {
                err.println(file + ":" + e.line() + ": " + e.getMessage());
                code = 2;
                continue;
            } catch (IOException e) {
                err.println(file + ": cannot read (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
                code = 2;
                continue;
            }
            if (!read.notes().isEmpty()) err.println(file + ": " + String.join("; ", read.notes()));
            Series series = read.series();
            ForecastResult result = forecaster.forecast(series.values(), series.step(), horizon, level);
            switch (result) {
                case InsufficientHistory ih -> {
                    err.println(file + ":" + read.lastLine() + ": " + ih.reason());
                    code = 2;
                }
                case Forecast f when !finite(f) -> {
                    err.println(file + ":" + read.largestLine() + ": the forecast overflows (not finite); the largest value, on this line, "
                            + "is too large for the model");
                    code = 2;
                }
                case Forecast f -> {
                    err.println(file + ": method " + f.method()); // how it was made: stderr, so stdout stays CSV
                    String csv = render(series, f);
                    if (outDir == null) {
                        out.print(csv);
                    } else {
                        Path target = outDir.resolve(file.getFileName());
                        try {
                            Files.writeString(target, csv, StandardCharsets.UTF_8);
                        } catch (IOException e) {
                            err.println(target + ": cannot write (" + e.getMessage() + ")");
                            code = Math.max(code, 1);
                        }
                    }
                }
            }
        }
        return code;
    }

    /**
     * Before anything is written: every input has its own output, and no output is an input
     * (compared as files, so links and relative paths count). Linear in the number of files: each
     * path is looked up by its normalized absolute path and, when it exists, by its file key.
     */
    private static void checkOutputs(List<Path> files, Path outDir) {
        Map<Path, Path> byName = new HashMap<>();
        for (Path file : files) {
            Path other = byName.putIfAbsent(file.getFileName(), file);
            if (other != null && !same(other, file))
                throw new Args.UsageException("--out: " + other + " and " + file + " would both write "
                        + outDir.resolve(file.getFileName()) + "; rename one or use separate runs");
        }
        Map<Path, Path> inputByPath = new HashMap<>();
        Map<Object, Path> inputByKey = new HashMap<>();
        for (Path input : files) {
            inputByPath.putIfAbsent(normalized(input), input);
            Object key = fileKey(input);
            if (key != null) inputByKey.putIfAbsent(key, input);
        }
        for (Path file : files) {
            Path target = outDir.resolve(file.getFileName());
            Object key = fileKey(target);
            Path input = key != null ? inputByKey.get(key) : null;
            if (input == null) input = inputByPath.get(normalized(target));
            if (input != null)
                throw new Args.UsageException("--out " + outDir + " would overwrite the input " + input
                        + "; choose another directory");
        }
    }

    /** Same file when both exist (links followed), else the same normalized absolute path. */
    private static boolean same(Path a, Path b) {
        Object key = fileKey(a);
        return key != null && key.equals(fileKey(b)) || normalized(a).equals(normalized(b));
    }

    /**
     * What {@link Files#isSameFile} compares for an existing file, links followed: its file key
     * (device and inode), or its real path where the file system has no keys; null when the file
     * does not exist or cannot be read.
     */
    private static Object fileKey(Path p) {
        try {
            if (!Files.exists(p)) return null;
            Object key = Files.readAttributes(p, BasicFileAttributes.class).fileKey();
            return key != null ? key : p.toRealPath();
        } catch (IOException e) {
            return null;
        }
    }

    private static Path normalized(Path p) { return p.toAbsolutePath().normalize(); }

    private static boolean finite(Forecast f) {
        for (int k = 0; k < f.horizon(); k++)
            if (!Double.isFinite(f.meanAt(k)) || !Double.isFinite(f.lowerAt(k)) || !Double.isFinite(f.upperAt(k))) return false;
        return true;
    }

    static String render(Series series, Forecast f) {
        StringBuilder sb = new StringBuilder("timestamp,mean,lower,upper\n");
        for (int k = 0; k < f.horizon(); k++) {
            long t = series.end() + (long) k * series.step();
            sb.append(Instant.ofEpochSecond(t)).append(',').append(f.meanAt(k)).append(',')
                    .append(f.lowerAt(k)).append(',').append(f.upperAt(k)).append('\n');
        }
        return sb.toString();
    }
}
