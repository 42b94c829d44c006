package dev.leptoid.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ForecastCommandTest {

    @TempDir Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();

    private int run(String... args) {
        Main main = new Main(List.of(new ForecastCommand(), new EvaluateCommand()));
        return main.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() { return out.toString(StandardCharsets.UTF_8); }

    private String err() { return err.toString(StandardCharsets.UTF_8); }

    /** stderr without the line per forecast file that says how it was made. */
    private List<String> problems() { return err().lines().filter(l -> !l.contains(": method ")).toList(); }

    private Path csv(String name, int n, String... replacements) throws Exception {
        return csv(dir, name, n, replacements);
    }

    /** n rows at 5-minute steps from 2014-04-10T00:00Z; then line k (1-based, header = 1) replaced, as pairs k, text. */
    private static Path csv(Path dir, String name, int n, String... replacements) throws Exception {
        List<String> lines = new ArrayList<>(List.of("timestamp,value"));
        for (int i = 0; i < n; i++) lines.add(String.format("2014-04-10T%02d:%02d:00Z,%d", i / 12, (i % 12) * 5, 10 + i % 3));
        for (int i = 0; i + 1 < replacements.length; i += 2) lines.set(Integer.parseInt(replacements[i]) - 1, replacements[i + 1]);
        Files.createDirectories(dir);
        Path p = dir.resolve(name);
        Files.write(p, lines);
        return p;
    }

    private static void assertForecastRows(List<String> rows, int horizon) {
        assertEquals("timestamp,mean,lower,upper", rows.get(0));
        assertEquals(horizon + 1, rows.size());
        for (String row : rows.subList(1, rows.size())) {
            String[] f = row.split(",");
            double mean = Double.parseDouble(f[1]), lower = Double.parseDouble(f[2]), upper = Double.parseDouble(f[3]);
            assertTrue(Double.isFinite(lower) && Double.isFinite(upper) && lower <= mean && mean <= upper, row);
        }
    }

    @Test
    void writesHRowsAfterTheLastTimestampToStdout() throws Exception {
        Path p = csv("a.csv", 48);
        assertEquals(0, run("forecast", "--horizon", "3", p.toString()), err());
        List<String> lines = out().lines().toList();
        assertForecastRows(lines, 3);
        assertTrue(lines.get(1).startsWith("2014-04-10T04:00:00Z,"), lines.get(1));
        assertTrue(lines.get(3).startsWith("2014-04-10T04:10:00Z,"), lines.get(3));
        // 48 five-minute points: no usable season, so ETS, AR or their mean by errors refitted at past origins
        assertTrue(err().startsWith(p + ": method ") && err().contains("from 20 origins, refitted ETS(") && err().lines().count() == 1,
                "stderr says how: " + err());
    }

    @Test
    void badFilesAreOneLineEachWithFileAndLineAndTheOthersStillForecast() throws Exception {
        Path good = csv("good.csv", 48);
        Path text = csv("text.csv", 48, "7", "2014-04-10T00:25:00Z,lots");
        Path header = csv("header.csv", 48, "1", "time,value");
        Path infinite = csv("infinite.csv", 48, "5", "2014-04-10T00:15:00Z,1e400");
        Path missing = dir.resolve("missing.csv");
        Path few = csv("few.csv", 6);
        Path later = csv("later.csv", 48);
        Path outDir = dir.resolve("out");
        int code = run("forecast", "--horizon", "12", "--out", outDir.toString(), text.toString(), header.toString(), good.toString(),
                infinite.toString(), missing.toString(), few.toString(), later.toString());
        assertEquals(2, code);
        List<String> errors = problems();
        assertEquals(5, errors.size(), err());
        assertTrue(err().contains(good + ": method "), "the good file's method: " + err());
        assertTrue(errors.get(0).startsWith(text + ":7: value 'lots' is not a number"), errors.get(0));
        assertTrue(errors.get(1).startsWith(header + ":1: "), errors.get(1));
        assertTrue(errors.get(2).startsWith(infinite + ":5: value '1e400' is infinite"), errors.get(2));
        assertTrue(errors.get(3).startsWith(missing + ": cannot read"), errors.get(3));
        assertTrue(errors.get(4).startsWith(few + ":7: only 6 usable points"), errors.get(4));
        assertForecastRows(Files.readAllLines(outDir.resolve("good.csv")), 12);
        assertForecastRows(Files.readAllLines(outDir.resolve("later.csv")), 12);
        try (var files = Files.list(outDir)) {
            assertEquals(2, files.count());
        }
    }

    @Test
    void usageErrorsExitWithTwo() throws Exception {
        Path p = csv("a.csv", 48);
        assertEquals(2, run("forecast", p.toString()));
        assertTrue(err().contains("--horizon"));
        assertEquals(2, run("forecast", "--horizon", "0", p.toString()));
        assertEquals(2, run("forecast", "--horizon", "3", p.toString(), p.toString()), "several files need --out");
        assertEquals(2, run("forecast", "--horizon", "3", "--season", "x", p.toString()));
        assertEquals("", out());
    }

    @Test
    void aHorizonAboveTheDocumentedMaximumIsOneLineAndExitTwo() throws Exception {
        Path p = csv("a.csv", 48);
        assertEquals(2, run("forecast", "--horizon", "1000000000", p.toString()));
        assertEquals("leptoid forecast: --horizon must be between 1 and " + ForecastCommand.MAX_HORIZON + " steps, got 1000000000"
                + " (see: leptoid forecast --help)\n", err());
        assertTrue(new ForecastCommand().usage().contains(String.format("1 to %,d", ForecastCommand.MAX_HORIZON)));
        assertEquals(0, run("forecast", "--horizon", String.valueOf(ForecastCommand.MAX_HORIZON), p.toString()), err());
        assertEquals(ForecastCommand.MAX_HORIZON + 1, out().lines().count());
    }

    @Test
    void aValueThatMakesTheForecastOverflowIsAnErrorForThatFileNotInfiniteBounds() throws Exception {
        Path huge = csv("huge.csv", 48, "30", "2014-04-10T02:20:00Z,1e308");
        Path good = csv("good.csv", 48);
        Path outDir = dir.resolve("out");
        assertEquals(2, run("forecast", "--horizon", "6", "--out", outDir.toString(), huge.toString(), good.toString()));
        assertEquals(List.of(huge + ":30: the forecast overflows (not finite); the largest value, on this line, is too large for the model"),
                problems(), err());
        assertFalse(Files.exists(outDir.resolve("huge.csv")));
        assertForecastRows(Files.readAllLines(outDir.resolve("good.csv")), 6);
    }

    @Test
    void theTwoIrregularNabCloudWatchFilesAreRepairedWithOneStderrLineEach() throws Exception {
        List<String> args = new ArrayList<>(List.of("forecast", "--horizon", "12", "--out", dir.resolve("out").toString()));
        for (String name : List.of("ec2_disk_write_bytes_1ef3de.csv", "ec2_network_in_5abac7.csv")) {
            try (InputStream in = getClass().getResourceAsStream(EvaluateCommand.BUNDLED + name)) {
                Path p = dir.resolve(name);
                Files.copy(in, p);
                args.add(p.toString());
            }
        }
        assertEquals(0, run(args.toArray(String[]::new)), err());
        List<String> notes = problems();
        assertEquals(2, notes.size(), err());
        for (int i = 0; i < 2; i++) {
            String note = notes.get(i);
            assertTrue(note.startsWith(args.get(5 + i) + ": "), note);
            assertTrue(note.contains("off-grid timestamps rounded to the 300 s grid") && note.contains("rows sharing a slot averaged"), note);
            List<String> rows = Files.readAllLines(dir.resolve("out").resolve(Path.of(args.get(5 + i)).getFileName()));
            assertForecastRows(rows, 12);
        }
        // both recordings end at 2014-03-18 03:41 on the 5-minute grid that starts at their first row
        assertTrue(Files.readAllLines(dir.resolve("out/ec2_network_in_5abac7.csv")).get(1).startsWith("2014-03-18T03:46:00Z,"));
    }

    @Test
    void unsortedAndRepeatedRowsAreSortedAndAveragedAndSaidSo() throws Exception {
        Path p = csv("export.csv", 48, "9", "2014-04-10T00:00:00Z,13", "4", "2014-04-10T00:05:00Z,14");
        assertEquals(0, run("forecast", "--horizon", "2", p.toString()), err());
        assertEquals(List.of(p + ": 1 rows out of time order sorted; 2 rows sharing a slot averaged; 2 missing slots left as gaps"),
                problems(), err());
        assertForecastRows(out().lines().toList(), 2);
    }

    @Test
    void outNeverReplacesAnInputAndNothingIsWritten() throws Exception {
        Path a = csv("a.csv", 48);
        Path b = csv("b.csv", 48);
        List<String> before = Files.readAllLines(a);
        assertEquals(2, run("forecast", "--horizon", "3", "--out", dir.toString(), b.toString(), a.toString()));
        assertEquals("leptoid forecast: --out " + dir + " would overwrite the input " + b + "; choose another directory"
                + " (see: leptoid forecast --help)\n", err());
        assertEquals(before, Files.readAllLines(a));
        assertEquals(49, Files.readAllLines(b).size());
        Path sub = dir.resolve("sub");
        Path relative = Path.of("").toAbsolutePath().relativize(sub);
        assertEquals(2, run("forecast", "--horizon", "3", "--out", relative.resolve("..").toString(), a.toString()));
        assertEquals(before, Files.readAllLines(a));
        assertFalse(Files.exists(sub), "the output directory is not even created");
    }

    @Test
    void outNeverWritesThroughALinkOntoAnInput() throws Exception {
        Path a = csv("a.csv", 48);
        Path outDir = Files.createDirectories(dir.resolve("out"));
        Files.createSymbolicLink(outDir.resolve("a.csv"), a);
        List<String> before = Files.readAllLines(a);
        assertEquals(2, run("forecast", "--horizon", "3", "--out", outDir.toString(), a.toString()));
        assertTrue(err().contains("would overwrite the input " + a), err());
        assertEquals(before, Files.readAllLines(a));
    }

    @Test
    void outNeverWritesThroughAHardLinkOntoAnInput() throws Exception {
        Path a = csv("a.csv", 48);
        Path b = csv("b.csv", 48);
        Path outDir = Files.createDirectories(dir.resolve("out"));
        Files.createLink(outDir.resolve("b.csv"), b); // another name for b, found by its file key, not its path
        List<String> before = Files.readAllLines(b);
        assertEquals(2, run("forecast", "--horizon", "3", "--out", outDir.toString(), a.toString(), b.toString()));
        assertTrue(err().contains("would overwrite the input " + b), err());
        assertEquals(before, Files.readAllLines(b));
        assertFalse(Files.exists(outDir.resolve("a.csv")), "nothing is written");
    }

    @Test
    void inputsSharingAFileNameAreAnErrorBeforeAnythingIsWritten() throws Exception {
        Path first = csv(dir.resolve("a"), "x.csv", 48);
        Path second = csv(dir.resolve("b"), "x.csv", 48);
        Path other = csv("other.csv", 48);
        Path outDir = dir.resolve("out");
        assertEquals(2, run("forecast", "--horizon", "3", "--out", outDir.toString(), other.toString(), first.toString(), second.toString()));
        assertEquals("leptoid forecast: --out: " + first + " and " + second + " would both write " + outDir.resolve("x.csv")
                + "; rename one or use separate runs (see: leptoid forecast --help)\n", err());
        assertFalse(Files.exists(outDir));
    }

    @Test
    void seasonOverrideIsUsed() throws Exception {
        List<String> lines = new ArrayList<>(List.of("timestamp,value"));
        for (int i = 0; i < 200; i++) lines.add((1_400_000_000L + 60L * i) + "," + (i % 10 < 5 ? 100 : 10));
        Path p = dir.resolve("s.csv");
        Files.write(p, lines);
        assertEquals(0, run("forecast", "--horizon", "10", "--season", "10", p.toString()), err());
        assertTrue(err().contains("season strength 10: "), "the season given is reported with its strength: " + err());
        List<String> rows = out().lines().skip(1).toList();
        assertEquals(100, Double.parseDouble(rows.get(0).split(",")[1]), 1.0);
        assertEquals(10, Double.parseDouble(rows.get(5).split(",")[1]), 1.0);
    }

    @Test
    void evaluateReportsEveryFileOfADirectory() throws Exception {
        csv("a.csv", 48);
        csv("b.csv", 48);
        Files.writeString(dir.resolve("broken.csv"), "nonsense\n");
        int code = run("evaluate", "--horizon", "6", dir.toString());
        assertEquals(2, code, "a broken file is reported with exit code 2");
        assertTrue(out().contains("a.csv") && out().contains("b.csv") && out().contains("mean"), out());
        assertTrue(out().contains("cov12") && out().contains("msis12") && out().contains("(empirical)"), "interval section: " + out());
        assertTrue(err().contains("broken.csv:1:"), err());
    }

    @Test
    void evaluateScoresReferenceForecastsFromTheSameOriginsBesideItsOwn() throws Exception {
        Path series = Files.createDirectories(dir.resolve("series"));
        List<String> lines = new ArrayList<>(List.of("timestamp,value"));
        double[] y = new double[48];
        for (int i = 0; i < 48; i++) {
            y[i] = 10 + i % 3;
            lines.add((1_400_000_000L + 86_400L * i) + "," + y[i]); // daily: MASE scaled by the weekly seasonal naive
        }
        Files.write(series.resolve("a.csv"), lines);
        List<String> reference = new ArrayList<>(List.of("series,cut,method,step,mean"));
        for (int k = 1; k <= 6; k++) {
            reference.add("a,42,ets," + k + "," + y[41 + k]); // the held-out values themselves: MASE 0
            reference.add("a,42,snaive," + k + ",NA");
        }
        Path ref = dir.resolve("reference.csv");
        Files.write(ref, reference);
        assertEquals(0, run("evaluate", "--horizon", "6", "--reference", ref.toString(), series.toString()), err());
        String header = out().lines().findFirst().orElseThrow();
        assertTrue(header.contains("R:ets") && header.contains("R:snaive"), header);
        String row = out().lines().filter(l -> l.startsWith("a.csv")).findFirst().orElseThrow();
        assertTrue(row.contains(" 0.000 ") && row.contains(" NaN "), "a perfect reference scores 0, a missing one NaN: " + row);
        assertTrue(out().contains("R's best automatic method per series (of ets, stlf, auto.arima, tbats): mean MASE 0.000; "
                + "auto at least as good on 0 of 1 series"), out());

        Files.write(ref, List.of("series,cut,method,step,mean", "a,42,ets,zero,1"));
        assertEquals(2, run("evaluate", "--horizon", "6", "--reference", ref.toString(), series.toString()));
        assertTrue(err().contains(ref + ":2: "), "a bad reference line is named: " + err());
    }
}
