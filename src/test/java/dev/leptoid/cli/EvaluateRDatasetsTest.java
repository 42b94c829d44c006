package dev.leptoid.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code evaluate} on monthly series of R's datasets package, data the forecaster was not tuned
 * on, beside R forecast 8.20's forecasts from the same origins (tools/r/r-datasets-evaluation.R).
 */
class EvaluateRDatasetsTest {

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(EvaluateRDatasetsTest.class.getResource("/forecast/rdatasets/" + name).toURI());
    }

    @Test
    void onMonthlySeriesAutoBeatsTheOldStlPathAndRsStlfAndAutoArima() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int code = new Main(List.of(new EvaluateCommand())).run(List.of("evaluate", "--horizon", "12", "--origins", "3",
                        "--reference", resource("r-forecasts-monthly.csv").toString(), resource("monthly").toString()),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
        List<String> lines = text.lines().toList();
        String[] names = lines.get(0).trim().split("\\s+");
        String[] means = lines.stream().filter(l -> l.startsWith("mean ")).findFirst().orElseThrow().trim().split("\\s+");
        Map<String, Double> mean = new HashMap<>();
        for (int i = 2; i < names.length - 1; i++) mean.put(names[i], Double.parseDouble(means[i - 1]));
        assertEquals(8, lines.stream().filter(l -> l.contains(".csv ")).map(l -> l.split(" ")[0]).distinct().count(), text);
        double auto = mean.get("auto");
        assertTrue(auto < mean.get("stl-ets"), "seasonal ETS improves on the STL path: " + mean);
        assertTrue(auto <= mean.get("R:stlf") && auto <= mean.get("R:arima"), "auto vs R's stlf and auto.arima: " + mean);
    }
}
