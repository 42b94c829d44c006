package dev.leptoid.cli;

import dev.leptoid.config.ConfigLoader;
import dev.leptoid.forecast.Accuracy;
import dev.leptoid.forecast.AutoForecaster;
import dev.leptoid.forecast.Forecast;
import dev.leptoid.forecast.ForecastResult;
import dev.leptoid.forecast.InsufficientHistory;
import dev.leptoid.forecast.Refits;
import dev.leptoid.forecast.TimeSeriesCsv;
import dev.leptoid.source.Series;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code leptoid evaluate}: rolling-origin evaluation of every forecasting method on a directory
 * of CSVs (default: the bundled NAB realAWSCloudwatch traces), MASE per series and method.
 */
public final class EvaluateCommand implements Command {

    /** The bundled NAB realAWSCloudwatch traces (classpath folder and file names): the default evaluation set. */
    public static final String BUNDLED = "/dev/leptoid/data/nab/realAWSCloudwatch/";
    public static final List<String> BUNDLED_FILES = List.of(
            "ec2_cpu_utilization_24ae8d.csv", "ec2_cpu_utilization_53ea38.csv", "ec2_cpu_utilization_5f5533.csv",
            "ec2_cpu_utilization_77c1ca.csv", "ec2_cpu_utilization_825cc2.csv", "ec2_cpu_utilization_ac20cd.csv",
            "ec2_cpu_utilization_c6585a.csv", "ec2_cpu_utilization_fe7f93.csv", "ec2_disk_write_bytes_1ef3de.csv",
            "ec2_disk_write_bytes_c0d644.csv", "ec2_network_in_257a54.csv", "ec2_network_in_5abac7.csv",
            "elb_request_count_8c0756.csv", "grok_asg_anomaly.csv", "iio_us-east-1_i-a2eb1cd9_NetworkIn.csv",
            "rds_cpu_utilization_cc0c53.csv", "rds_cpu_utilization_e47b3b.csv");
    static final String R_REFERENCE = "R forecast 8.20, same protocol on NAB (mean MASE): naive 0.77, snaive 1.12, "
            + "ets 1.45, stlf 0.82, auto.arima 0.72";

    @Override public String name() { return "evaluate"; }

    @Override public String summary() { return "rolling-origin forecast accuracy (MASE) per series and method"; }

    @Override public String usage() {
        return """
                usage: leptoid evaluate [--horizon H] [--origins K] [--level L] [--season P]... [--analytic-intervals] [--reference FILE]
                                        [--refit-interval D] [DIR]

                Rolling-origin evaluation: for each CSV (header timestamp,value) in DIR, hold out the
                last K x H points, forecast H steps from each of K origins (one horizon apart), and
                print the MASE per series and method, scaled by the in-sample seasonal naive error
                of one day (the first season the history before the first origin is longer than;
                one step when there is none). DIR defaults to the bundled NAB realAWSCloudwatch traces. Slightly
                irregular recordings are put on their grid and the repairs are listed.

                  --horizon H   steps per origin (default: one day of steps)
                  --origins K   number of forecast origins (default 1)
                  --level L     prediction-interval level for the coverage column (default 80)
                  --season P    seasonal period in steps, repeatable (default: day and week)
                  --analytic-intervals  auto's intervals from the ETS variance formula (the old way)
                  --reference FILE  other forecasts from the same origins, CSV series,cut,method,step,mean
                                (series = file name without .csv, cut = points before the origin; made by
                                tools/r/r-datasets-evaluation.R for R's forecast package): scored beside
                                leptoid's as R:<method>, with auto against the best of R's ets, stlf,
                                auto.arima and tbats (where given) per series

                Then the intervals of auto: coverage of the L% interval at steps 1, 6 and 12 from
                origins every H/48 steps over the held-out part, and at all H steps of the origins
                above, with the mean scaled interval score (MSIS, scaled like MASE; lower is better).

                  --refit-interval D  also: auto as a run makes it with forecast.refit_interval D (e.g. 1h) --
                                fitted at each boundary, carried forward between -- against a fit at every
                                origin: 12-step MASE and coverage from origins every 3 steps over the held-out part,
                                each with the look-back a run has: the points before the held-out part, sliding
                """;
    }

    @Override
    public int run(List<String> argv, PrintStream out, PrintStream err) {
        Args args = Args.parse(argv, Set.of("horizon", "origins", "level", "season", "reference", "refit-interval"),
                Set.of("analytic-intervals"));
        int origins = args.intValue("origins", 1);
        double level = args.doubleValue("level", 80);
        if (origins < 1) throw new Args.UsageException("--origins must be >= 1");
        if (!(level > 0 && level < 100)) throw new Args.UsageException("--level must be in (0, 100)");
        List<Integer> seasons = new ArrayList<>();
        for (String s : args.values("season")) {
            try { seasons.add(Integer.parseInt(s)); } catch (NumberFormatException e) { seasons.add(-1); }
            if (seasons.get(seasons.size() - 1) < 2) throw new Args.UsageException("--season needs a whole number >= 2, got '" + s + "'");
        }
        if (args.positional().size() > 1) throw new Args.UsageException("at most one directory");
        List<Source> sources;
        Reference reference;
        try {
            sources = args.positional().isEmpty() ? bundled() : directory(Path.of(args.positional().get(0)));
            reference = args.value("reference").isEmpty() ? Reference.NONE : Reference.read(Path.of(args.value("reference").get()));
        } catch (IOException e) {
            err.println("leptoid evaluate: " + e.getMessage());
            return 2;
        }
        AutoForecaster.Method[] methods = AutoForecaster.Method.values();
        boolean analytic = args.flag("analytic-intervals");
        List<double[]> rows = new ArrayList<>();
        List<double[]> intervalRows = new ArrayList<>();
        List<String> intervalNames = new ArrayList<>();
        List<Read> read = new ArrayList<>();
        StringBuilder head = new StringBuilder(String.format("%-40s %6s", "series", "n"));
        for (AutoForecaster.Method m : methods) head.append(String.format(" %8s", m.label()));
        for (String m : reference.methods()) head.append(String.format(" %8s", "R:" + m.replace("auto.arima", "arima")));
        out.println(head.append("  auto-model"));
        int bad = 0;
        for (Source src : sources) {
            TimeSeriesCsv.Regularized reg;
            try {
                reg = TimeSeriesCsv.regularize(src.name, src.lines);
            } catch (TimeSeriesCsv.BadInput e) {
                err.println(src.name + ":" + e.line() + ": " + e.getMessage());
                bad++;
                continue;
            }
            Series s = reg.series();
            List<Integer> periods = seasons.isEmpty() ? AutoForecaster.inferPeriods(s.step()) : seasons;
            int h = args.intValue("horizon", periods.isEmpty() ? 1 : periods.get(0));
            if (h < 1) throw new Args.UsageException("--horizon must be >= 1");
            double[] y = s.values();
            int day = scalePeriod(periods, y.length - origins * h);
            read.add(new Read(s, day, origins * h));
            double[] mase = new double[methods.length + reference.methods().size()];
            double[] dayAhead = new double[2]; // coverage, MSIS over all H steps
            String chosen = "";
            String skipped = null;
            for (int o = origins; o >= 1; o--) {
                int cut = y.length - o * h;
                double[] train = Arrays.copyOf(y, cut);
                double[] test = Arrays.copyOfRange(y, cut, cut + h);
                for (int mi = 0; mi < methods.length; mi++) {
                    AutoForecaster f = new AutoForecaster(AutoForecaster.Options.defaults().withMethod(methods[mi]).withPeriods(seasons)
                            .withAnalyticIntervals(analytic));
                    ForecastResult r = cut > 0 ? f.forecast(train, s.step(), h, level) : new InsufficientHistory("no history before the holdout");
                    switch (r) {
                        case Forecast fc -> {
                            mase[mi] += Accuracy.mase(test, fc.mean(), train, day) / origins;
                            if (methods[mi] == AutoForecaster.Method.AUTO) {
                                chosen = fc.method();
                                dayAhead[0] += Accuracy.coverage(test, fc.lower(), fc.upper()) / origins;
                                dayAhead[1] += Accuracy.msis(test, fc.lower(), fc.upper(), level, train, day) / origins;
                            }
                        }
                        case InsufficientHistory ih -> skipped = ih.reason();
                    }
                }
                for (int ri = 0; ri < reference.methods().size(); ri++) {
                    double[] other = reference.forecast(s.name(), reference.methods().get(ri), cut, h);
                    mase[methods.length + ri] += Accuracy.mase(test, other, train, day) / origins;
                }
            }
            if (skipped != null) {
                out.printf("%-40s %6d  skipped: %s%n", s.name(), y.length, skipped);
                continue;
            }
            StringBuilder line = new StringBuilder(String.format("%-40s %6d", s.name(), y.length));
            for (double v : mase) line.append(String.format(" %8.3f", v));
            out.println(line.append("  ").append(chosen));
            for (String note : reg.notes()) out.println("    note: " + note);
            rows.add(mase);
            double[] shortRun = shortHorizons(y, s.step(), seasons, analytic, level, origins * h, day);
            intervalRows.add(new double[] {shortRun[0], shortRun[1], shortRun[2], dayAhead[0], shortRun[3], dayAhead[1]});
            intervalNames.add(s.name());
        }
        if (rows.isEmpty()) {
            err.println("leptoid evaluate: no series could be evaluated");
            return 2;
        }
        summary(out, "mean", rows, 0);
        summary(out, "median", rows, 1);
        summary(out, "max", rows, 2);
        if (reference.methods().isEmpty()) out.println(R_REFERENCE);
        else againstReference(out, reference, methods, rows, intervalNames);
        out.println();
        out.printf("auto %.0f%% intervals (%s): coverage at step 1, 6, 12 (origins every H/48 steps), over all H steps; MSIS over steps 1-12, 1-H%n",
                level, analytic ? "analytic" : "empirical");
        out.println(String.format("%-40s %6s %6s %6s %6s %8s %8s", "series", "cov1", "cov6", "cov12", "covH", "msis12", "msisH"));
        for (int i = 0; i < intervalRows.size(); i++) intervalLine(out, intervalNames.get(i), intervalRows.get(i));
        double[] mean = new double[6];
        for (int j = 0; j < 6; j++) {
            int jj = j;
            mean[j] = intervalRows.stream().mapToDouble(r -> r[jj]).filter(d -> !Double.isNaN(d)).average().orElse(Double.NaN);
        }
        intervalLine(out, "mean", mean);
        if (args.value("refit-interval").isPresent()) {
            Duration every;
            try {
                every = ConfigLoader.parseDuration(args.value("refit-interval").get());
            } catch (IllegalArgumentException e) {
                throw new Args.UsageException("--refit-interval: " + e.getMessage());
            }
            carried(out, read, seasons, level, every);
        }
        return bad > 0 ? 2 : 0;
    }

    /**
     * The seasonal naive period that scales MASE and MSIS: the first of {@code periods} (the
     * shortest, when inferred) that the points before the first origin are longer than, so that the
     * scale is defined; one step when none is -- a day of history at a 5-minute step has no day-ago
     * value to be scaled by (its MASE was NaN). Where the scale was defined it is what it was.
     */
    static int scalePeriod(List<Integer> periods, int before) {
        return periods.stream().filter(p -> before > p).findFirst().orElse(1);
    }

    /** A series as the table read it: its seasonal-naive period for MASE ({@code day}) and its held-out points. */
    private record Read(Series series, int day, int span) {}

    /**
     * Auto fitted at every origin against auto as a run makes it with a refit interval: fitted on
     * the history up to each boundary and carried forward ({@link Refits}); 12-step forecasts from
     * origins every 3 steps over the held-out part, MASE (scaled like the table above) and the
     * coverage of the intervals over the 12 steps.
     */
    private static void carried(PrintStream out, List<Read> read, List<Integer> seasons, double level, Duration every) {
        out.println();
        out.printf(Locale.ROOT, "auto refitted every %s (carried forward between) against a fit at every origin: 12-step MASE, %.0f%% coverage%n",
                every, level);
        out.println(String.format("%-40s %8s %8s %8s %8s %8s", "series", "mase", "mase-rf", "cov", "cov-rf", "fits"));
        double[] sum = new double[4];
        int rows = 0;
        AutoForecaster f = new AutoForecaster(AutoForecaster.Options.defaults().withPeriods(seasons));
        for (Read one : read) {
            Series s = one.series();
            int day = one.day(), span = one.span();
            double[] y = s.values();
            Refits refits = new Refits();
            double[] r = new double[4];
            int n = 0;
            int window = Math.max(1, y.length - span); // a run's look-back: a window of constant length sliding with the origins
            for (int cut = window; cut + 12 <= y.length; cut += 3) {
                double[] train = Arrays.copyOfRange(y, cut - window, cut), test = Arrays.copyOfRange(y, cut, cut + 12);
                long last = s.timeAt(cut - 1);
                if (!(f.forecast(train, s.step(), 12, level) instanceof Forecast a)) continue;
                if (!(refits.forecast(f, s.name(), last, every, train, s.step(), 12, level) instanceof Forecast b)) continue;
                double ma = Accuracy.mase(test, a.mean(), train, day), mb = Accuracy.mase(test, b.mean(), train, day);
                if (!Double.isFinite(ma) || !Double.isFinite(mb)) continue;
                r[0] += ma;
                r[1] += mb;
                r[2] += Accuracy.coverage(test, a.lower(), a.upper());
                r[3] += Accuracy.coverage(test, b.lower(), b.upper());
                n++;
            }
            if (n == 0) continue;
            for (int j = 0; j < 4; j++) { r[j] /= n; sum[j] += r[j]; }
            rows++;
            out.println(String.format(Locale.ROOT, "%-40s %8.3f %8.3f %8.2f %8.2f %4d/%-3d", s.name(), r[0], r[1], r[2], r[3],
                    refits.fits(), n));
        }
        if (rows > 0) out.println(String.format(Locale.ROOT, "%-40s %8.3f %8.3f %8.2f %8.2f", "mean", sum[0] / rows, sum[1] / rows,
                sum[2] / rows, sum[3] / rows));
    }

    private static void intervalLine(PrintStream out, String name, double[] r) {
        out.println(String.format("%-40s %6.2f %6.2f %6.2f %6.2f %8.2f %8.2f", name, r[0], r[1], r[2], r[3], r[4], r[5]));
    }

    /**
     * Auto's intervals at short horizons: from origins every max(1, span/48) steps over the last
     * {@code span} points, forecasts of 12 steps; coverage at steps 1, 6 and 12 and the MSIS over
     * steps 1-12 (scaled by the in-sample seasonal naive error of period {@code day}).
     */
    private static double[] shortHorizons(double[] y, long step, List<Integer> seasons, boolean analytic, double level, int span, int day) {
        AutoForecaster f = new AutoForecaster(AutoForecaster.Options.defaults().withPeriods(seasons).withAnalyticIntervals(analytic));
        int every = Math.max(1, span / 48);
        int[] steps = {1, 6, 12};
        double[] in = new double[3];
        int[] count = new int[3];
        double msis = 0;
        int msisCount = 0;
        for (int cut = y.length - span; cut + 12 <= y.length; cut += every) {
            if (cut <= 0) continue;
            double[] train = Arrays.copyOf(y, cut);
            if (!(f.forecast(train, step, 12, level) instanceof Forecast fc)) continue;
            for (int i = 0; i < 3; i++) {
                double a = y[cut + steps[i] - 1];
                if (Double.isNaN(a)) continue;
                count[i]++;
                if (a >= fc.lowerAt(steps[i] - 1) && a <= fc.upperAt(steps[i] - 1)) in[i]++;
            }
            double m = Accuracy.msis(Arrays.copyOfRange(y, cut, cut + 12), fc.lower(), fc.upper(), level, train, day);
            if (!Double.isNaN(m)) { msis += m; msisCount++; }
        }
        return new double[] {in[0] / count[0], in[1] / count[1], in[2] / count[2], msisCount == 0 ? Double.NaN : msis / msisCount};
    }

    private static void summary(PrintStream out, String label, List<double[]> rows, int kind) {
        StringBuilder line = new StringBuilder(String.format("%-40s %6s", label, ""));
        for (int mi = 0; mi < rows.get(0).length; mi++) {
            int i = mi;
            double[] col = rows.stream().mapToDouble(r -> r[i]).filter(d -> !Double.isNaN(d)).sorted().toArray();
            double v = switch (kind) {
                case 0 -> Arrays.stream(col).average().orElse(Double.NaN);
                case 1 -> col.length == 0 ? Double.NaN : (col[(col.length - 1) / 2] + col[col.length / 2]) / 2;
                default -> col.length == 0 ? Double.NaN : col[col.length - 1];
            };
            line.append(String.format(" %8.3f", v));
        }
        out.println(line);
    }

    /** Auto against the best of the reference's automatic methods (R's ets, stlf, auto.arima, tbats) per series. */
    private static void againstReference(PrintStream out, Reference reference, AutoForecaster.Method[] methods, List<double[]> rows,
                                         List<String> names) {
        int auto = List.of(methods).indexOf(AutoForecaster.Method.AUTO);
        int asGood = 0, compared = 0;
        double bestSum = 0, worst = 0;
        String worstName = "";
        for (int i = 0; i < rows.size(); i++) {
            double[] r = rows.get(i);
            double best = Double.NaN;
            for (int ri = 0; ri < reference.methods().size(); ri++) { // a method with no forecast (NaN: R's stlf without season) is skipped
                double v = r[methods.length + ri];
                if (Reference.AUTOMATIC.contains(reference.methods().get(ri)) && !Double.isNaN(v) && !(v >= best)) best = v;
            }
            if (Double.isNaN(best) || Double.isNaN(r[auto])) continue;
            compared++;
            bestSum += best;
            if (r[auto] <= best) asGood++;
            if (r[auto] / best > worst) { worst = r[auto] / best; worstName = names.get(i); }
        }
        out.printf(Locale.ROOT, "R's best automatic method per series (of %s): mean MASE %.3f; auto at least as good on %d of %d series; "
                + "worst auto / R's best %.2f (%s)%n", String.join(", ", Reference.AUTOMATIC), bestSum / compared, asGood, compared, worst, worstName);
    }

    /**
     * Forecasts made elsewhere from the same origins, keyed by series (file name without
     * {@code .csv}), method and cut (points before the origin).
     */
    record Reference(List<String> methods, Map<String, double[]> forecasts) {
        static final Reference NONE = new Reference(List.of(), Map.of());
        static final List<String> AUTOMATIC = List.of("ets", "stlf", "auto.arima", "tbats");

        static Reference read(Path file) throws IOException {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            if (lines.isEmpty() || !lines.get(0).replace("\"", "").equals("series,cut,method,step,mean"))
                throw new IOException(file + ":1: expected the header series,cut,method,step,mean");
            List<String> methods = new ArrayList<>();
            Map<String, double[]> forecasts = new HashMap<>();
            for (int i = 1; i < lines.size(); i++) {
                String[] f = lines.get(i).replace("\"", "").split(",");
                try {
                    if (f.length != 5) throw new NumberFormatException("expected 5 fields, got " + f.length);
                    int step = Integer.parseInt(f[3]);
                    if (step < 1) throw new NumberFormatException("step must be >= 1, got " + step);
                    if (!methods.contains(f[2])) methods.add(f[2]);
                    String key = f[0] + "|" + f[2] + "|" + Integer.parseInt(f[1]);
                    double[] mean = forecasts.getOrDefault(key, new double[0]);
                    if (mean.length < step) forecasts.put(key, mean = Arrays.copyOf(mean, step));
                    mean[step - 1] = f[4].equals("NA") ? Double.NaN : Double.parseDouble(f[4]);
                } catch (NumberFormatException e) {
                    throw new IOException(file + ":" + (i + 1) + ": " + e.getMessage());
                }
            }
            return new Reference(List.copyOf(methods), forecasts);
        }

        /** The forecast of {@code method} for {@code series} from the origin after {@code cut} points; NaN where missing. */
        double[] forecast(String series, String method, int cut, int h) {
            double[] mean = forecasts.getOrDefault(series.replaceFirst("\\.csv$", "") + "|" + method + "|" + cut, new double[0]);
            double[] out = new double[h];
            for (int k = 0; k < h; k++) out[k] = k < mean.length ? mean[k] : Double.NaN;
            return out;
        }
    }

    private record Source(String name, List<String> lines) {}

    private static List<Source> bundled() throws IOException {
        List<Source> out = new ArrayList<>();
        for (String f : BUNDLED_FILES) {
            try (InputStream in = EvaluateCommand.class.getResourceAsStream(BUNDLED + f)) {
                if (in == null) throw new IOException("bundled trace missing: " + f);
                out.add(new Source(f, new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().toList()));
            }
        }
        return out;
    }

    private static List<Source> directory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) throw new IOException("not a directory: " + dir);
        List<Source> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.filter(p -> p.toString().endsWith(".csv")).sorted().toList())
                out.add(new Source(p.getFileName().toString(), Files.readAllLines(p, StandardCharsets.UTF_8)));
        }
        if (out.isEmpty()) throw new IOException("no .csv files in " + dir);
        return out;
    }
}
