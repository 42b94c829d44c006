package dev.leptoid.forecast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NelderMeadTest {

    @Test
    void findsTheMinimumOfRosenbrock() {
        NelderMead.Result r = new NelderMead(1e-14, 5000).minimize(
                x -> 100 * Math.pow(x[1] - x[0] * x[0], 2) + Math.pow(1 - x[0], 2), new double[] {-1.2, 1}, new double[] {0.1, 0.1});
        assertEquals(1, r.point()[0], 1e-3);
        assertEquals(1, r.point()[1], 1e-3);
    }

    @Test
    void staysInsideTheFeasibleRegionWhenInfinityMarksItsEdge() {
        NelderMead.Result r = new NelderMead(1e-12, 2000).minimize(
                x -> x[0] < 0.5 ? Double.POSITIVE_INFINITY : (x[0] - 0.2) * (x[0] - 0.2), new double[] {0.9}, new double[] {0.3});
        assertTrue(r.point()[0] >= 0.5);
        assertEquals(0.5, r.point()[0], 1e-3);
    }
}
