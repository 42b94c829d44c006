package dev.leptoid.forecast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** STL against R's {@code stl(nottem, s.window = 11)} (tools/r/ets-known-answers.R). */
class StlTest {

    @Test
    void plainStlEqualsRsWithin1e6() throws IOException {
        List<double[]> cols = columns("stl-nottem.csv");
        Stl.Decomposition d = new Stl(12, 11, false).decompose(cols.get(0));
        for (int i = 0; i < cols.get(0).length; i++) {
            assertEquals(cols.get(1)[i], d.seasonal()[i], 1e-6, "seasonal at " + i);
            assertEquals(cols.get(2)[i], d.trend()[i], 1e-6, "trend at " + i);
        }
    }

    /**
     * Robust STL agrees with R's to 0.1 degrees F (the seasonal swing of nottem is about 30).
     * The cause of the small difference is not found yet (the plain decomposition above agrees
     * to 1e-6; the robustness weights follow the original routine); leptoid's forecasts use the
     * plain decomposition.
     */
    @Test
    void robustStlIsCloseToRs() throws IOException {
        List<double[]> cols = columns("stl-nottem-robust.csv");
        Stl.Decomposition d = new Stl(12, 11, true).decompose(cols.get(0));
        for (int i = 0; i < cols.get(0).length; i++) {
            assertEquals(cols.get(1)[i], d.seasonal()[i], 0.1, "seasonal at " + i);
            assertEquals(cols.get(2)[i], d.trend()[i], 0.1, "trend at " + i);
        }
    }

    @Test
    void refusesLessThanTwoCycles() {
        assertThrows(IllegalArgumentException.class, () -> new Stl(12, 11, false).decompose(new double[23]));
    }

    @Test
    void mstlSeparatesADailyFromAWeeklyPattern() {
        int day = 24, week = 168, n = 4 * week;
        double[] y = new double[n];
        for (int t = 0; t < n; t++) y[t] = 100 + 10 * Math.sin(2 * Math.PI * t / day) + (t % week < 48 ? -20 : 0);
        Mstl.Decomposition d = new Mstl(List.of(week, day), false).decompose(y);
        assertEquals(List.of(day, week), d.periods());
        assertTrue(d.strength(0) > 0.9 && d.strength(1) > 0.9, "both seasons are strong");
        double[] next = d.projectSeasonal(week);
        for (int k = 0; k < week; k++) {
            double truth = 10 * Math.sin(2 * Math.PI * (n + k) / day) + ((n + k) % week < 48 ? -20 : 0);
            double weeklyMean = -20 * 48.0 / week; // STL centres each season on zero
            assertEquals(truth - weeklyMean, next[k], 1.0, "season at +" + k);
        }
    }

    private static List<double[]> columns(String name) throws IOException {
        try (InputStream in = StlTest.class.getResourceAsStream("/forecast/" + name)) {
            List<String> lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().skip(1).toList();
            double[][] c = new double[3][lines.size()];
            for (int i = 0; i < lines.size(); i++) {
                String[] f = lines.get(i).split(",");
                for (int j = 0; j < 3; j++) c[j][i] = Double.parseDouble(f[j]);
            }
            return List.of(c[0], c[1], c[2]);
        }
    }
}
