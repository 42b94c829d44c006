package dev.leptoid.forecast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.leptoid.cli.EvaluateCommand;
import dev.leptoid.cli.ForecastCommand;
import dev.leptoid.cli.Main;
import java.io.ByteArrayOutputStream;
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

    private Path csv(String name, int n, String... replacements) throws Exception {
        List<String> lines = new ArrayList<>(List.of("timestamp,value"));
        for (int i = 0; i < n; i++) lines.add(String.format("2014-04-10T%02d:%02d:00Z,%d", i / 12, (i % 12) * 5, 10 + i % 3));
        for (int i = 0; i + 1 < replacements.length; i += 2) lines.set(Integer.parseInt(replacements[i]) - 1, replacements[i + 1]);
        Path p = dir.resolve(name);
        Files.write(p, lines);
        return p;
    }

    @Test
    void writesHRowsAfterTheLastTimestampToStdout() throws Exception {
        Path p = csv("a.csv", 48);
        assertEquals(0, run("forecast", "--horizon", "3", p.toString()), err());
        List<String> lines = out().lines().toList();
        assertEquals("timestamp,mean,lower,upper", lines.get(0));
        assertEquals(4, lines.size());
        assertTrue(lines.get(1).startsWith("2014-04-10T04:00:00Z,"), lines.get(1));
        assertTrue(lines.get(3).startsWith("2014-04-10T04:10:00Z,"), lines.get(3));
        String[] f = lines.get(1).split(",");
        assertTrue(Double.parseDouble(f[2]) <= Double.parseDouble(f[1]) && Double.parseDouble(f[1]) <= Double.parseDouble(f[3]));
        assertTrue(err().startsWith(p + ": method ETS(") && err().lines().count() == 1, "stderr says how: " + err());
    }

    @Test
    void badFilesAreOneLineEachWithFileAndLineAndTheOthersStillForecast() throws Exception {
        Path good = csv("good.csv", 48);
        Path text = csv("text.csv", 48, "7", "2014-04-10T00:25:00Z,lots");
        Path header = csv("header.csv", 48, "1", "time,value");
        Path unsorted = csv("unsorted.csv", 48, "9", "2014-04-10T00:00:00Z,1");
        Path dup = csv("dup.csv", 48, "4", "2014-04-10T00:05:00Z,1");
        Path irregular = csv("irregular.csv", 48, "10", "2014-04-10T00:41:00Z,1");
        Path few = csv("few.csv", 6);
        Path outDir = dir.resolve("out");
        int code = run("forecast", "--horizon", "12", "--out", outDir.toString(), text.toString(), header.toString(), good.toString(),
                unsorted.toString(), dup.toString(), irregular.toString(), few.toString());
        assertEquals(2, code);
        List<String> errors = err().lines().filter(l -> !l.contains(": method ")).toList();
        assertEquals(6, errors.size(), err());
        assertTrue(err().contains(good + ": method "), "the good file's method: " + err());
        assertTrue(errors.get(0).startsWith(text + ":7: "), errors.get(0));
        assertTrue(errors.get(1).startsWith(header + ":1: "), errors.get(1));
        assertTrue(errors.get(2).startsWith(unsorted + ":9: "), errors.get(2));
        assertTrue(errors.get(3).startsWith(dup + ":4: "), errors.get(3));
        assertTrue(errors.get(4).startsWith(irregular + ":10: "), errors.get(4));
        assertTrue(errors.get(5).startsWith(few + ":7: "), errors.get(5));
        assertEquals(13, Files.readAllLines(outDir.resolve("good.csv")).size());
        assertEquals(1, Files.list(outDir).count());
    }

    @Test
    void usageErrorsExitWithTwo() throws Exception {
        Path p = csv("a.csv", 48);
        assertEquals(2, run("forecast", p.toString()));
        assertTrue(err().contains("--horizon"));
        assertEquals(2, run("forecast", "--horizon", "0", p.toString()));
        assertEquals(2, run("forecast", "--horizon", "3", p.toString(), p.toString()), "several files need --out");
        assertEquals(2, run("forecast", "--horizon", "3", "--season", "x", p.toString()));
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
        assertTrue(out().contains("R's best automatic method per series (of ets, stlf, auto.arima): mean MASE 0.000; "
                + "auto at least as good on 0 of 1 series"), out());

        Files.write(ref, List.of("series,cut,method,step,mean", "a,42,ets,zero,1"));
        assertEquals(2, run("evaluate", "--horizon", "6", "--reference", ref.toString(), series.toString()));
        assertTrue(err().contains(ref + ":2: "), "a bad reference line is named: " + err());
    }
}
