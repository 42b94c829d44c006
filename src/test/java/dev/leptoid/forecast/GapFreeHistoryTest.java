package dev.leptoid.forecast;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class GapFreeHistoryTest {

    private static final double N = Double.NaN;

    @Test
    void shortGapsAreInterpolatedLinearlyAndLongOnesTakeTheValueOneSeasonEarlier() {
        double[] history = {1, 2, 3, 4, 1, N, 3, 4, 1, N, N, N, N, N, 3, 4};
        GapFreeHistory g = GapFreeHistory.of(history, 2, 4);
        assertArrayEquals(new double[] {1, 2, 3, 4, 1, 2, 3, 4, 1, 2, 3, 4, 1, 2, 3, 4}, g.values(), 1e-12);
        assertEquals(6, g.interpolated());
        assertEquals(0, g.trailingGaps());
    }

    @Test
    void withoutASeasonLongGapsAreInterpolatedToo() {
        GapFreeHistory g = GapFreeHistory.of(new double[] {0, N, N, N, 8}, 1, 1);
        assertArrayEquals(new double[] {0, 2, 4, 6, 8}, g.values(), 1e-12);
    }

    @Test
    void leadingGapsAreDroppedAndTrailingOnesCounted() {
        GapFreeHistory g = GapFreeHistory.of(new double[] {N, N, 5, Double.POSITIVE_INFINITY, 7, N, N}, 3, 1);
        assertArrayEquals(new double[] {5, 6, 7}, g.values(), 1e-12);
        assertEquals(2, g.trailingGaps());
        assertEquals(1, g.interpolated());
    }

    @Test
    void aHistoryOfGapsOnlyIsEmptyNotZero() {
        GapFreeHistory g = GapFreeHistory.of(new double[] {N, N, N}, 3, 1);
        assertEquals(0, g.values().length);
        assertEquals(3, g.trailingGaps());
    }
}
