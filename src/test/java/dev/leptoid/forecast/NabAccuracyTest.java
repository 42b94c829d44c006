package dev.leptoid.forecast;

import dev.leptoid.cli.EvaluateCommand;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.leptoid.source.Series;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The bar on the bundled NAB realAWSCloudwatch traces: one-day holdout, MASE scaled by the
 * in-sample seasonal naive of one day (288 steps), mean <= 0.72 (R's auto.arima) and no series
 * above 2.0. Every bundled file is evaluated; irregular ones are put on their grid first.
 */
class NabAccuracyTest {

    static final List<String> FILES = EvaluateCommand.BUNDLED_FILES;

    static Series load(String file) throws Exception {
        try (InputStream in = NabAccuracyTest.class.getResourceAsStream(EvaluateCommand.BUNDLED + file)) {
            List<String> lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            return TimeSeriesCsv.regularize(file, lines).series();
        }
    }

    @Test
    void meanMaseIsAtMostR_autoArimaAndNoSeriesAboveTwo() throws Exception {
        AutoForecaster f = new AutoForecaster();
        List<Double> mases = new ArrayList<>();
        StringBuilder report = new StringBuilder();
        for (String file : FILES) {
            Series s = load(file);
            double[] y = s.values();
            double[] train = Arrays.copyOf(y, y.length - 288), test = Arrays.copyOfRange(y, y.length - 288, y.length);
            Forecast fc = (Forecast) f.forecast(train, s.step(), 288, 80);
            double mase = Accuracy.mase(test, fc.mean(), train, 288);
            mases.add(mase);
            report.append(String.format("%s %.3f %s%n", file, mase, fc.method()));
        }
        double mean = mases.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        double max = mases.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        assertTrue(mases.stream().allMatch(Double::isFinite), report.toString());
        assertTrue(mean <= 0.72, "mean MASE " + mean + "\n" + report);
        assertTrue(max <= 2.0, "max MASE " + max + "\n" + report);
    }
}
