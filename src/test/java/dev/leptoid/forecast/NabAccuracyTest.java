package dev.leptoid.forecast;

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

    static final List<String> FILES = List.of(
            "ec2_cpu_utilization_24ae8d.csv", "ec2_cpu_utilization_53ea38.csv", "ec2_cpu_utilization_5f5533.csv",
            "ec2_cpu_utilization_77c1ca.csv", "ec2_cpu_utilization_825cc2.csv", "ec2_cpu_utilization_ac20cd.csv",
            "ec2_cpu_utilization_c6585a.csv", "ec2_cpu_utilization_fe7f93.csv", "ec2_disk_write_bytes_1ef3de.csv",
            "ec2_disk_write_bytes_c0d644.csv", "ec2_network_in_257a54.csv", "ec2_network_in_5abac7.csv",
            "elb_request_count_8c0756.csv", "grok_asg_anomaly.csv", "iio_us-east-1_i-a2eb1cd9_NetworkIn.csv",
            "rds_cpu_utilization_cc0c53.csv", "rds_cpu_utilization_e47b3b.csv");

    static Series load(String file) throws Exception {
        try (InputStream in = NabAccuracyTest.class.getResourceAsStream("/dev/leptoid/data/nab/realAWSCloudwatch/" + file)) {
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
