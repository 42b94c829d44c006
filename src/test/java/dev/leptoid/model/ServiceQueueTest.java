package dev.leptoid.model;

import dev.leptoid.config.MetricsConfig;
import dev.leptoid.source.Series;
import org.junit.jupiter.api.Test;


import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServiceQueueTest {

    @Test
    void utilization_is_little_law_per_instance() {
        Series rate = new Series("r", 0, 60, new double[]{100, 200, Double.NaN, 0});
        Series time = new Series("t", 0, 60, new double[]{5, 2.5, 3, Double.NaN});
        Series u = ServiceQueue.utilization(rate, time, MetricsConfig.RateUnit.PER_SECOND, MetricsConfig.TimeUnit.MILLISECONDS, "i");
        assertEquals(0.5, u.valueAt(0), 1e-12);
        assertEquals(0.5, u.valueAt(1), 1e-12);
        assertTrue(u.isGap(2), "unknown rate stays unknown");
        assertEquals(0.0, u.valueAt(3), "no requests: idle");
    }

    @Test
    void capacity_is_offered_load_over_target_rounded_up() {
        assertEquals(4, ServiceQueue.capacityFor(2.4, 0.6));
        assertEquals(5, ServiceQueue.capacityFor(2.41, 0.6));
        assertEquals(0, ServiceQueue.capacityFor(0, 0.6));
        assertThrows(IllegalArgumentException.class, () -> ServiceQueue.capacityFor(Double.NaN, 0.6));
        assertThrows(IllegalArgumentException.class, () -> ServiceQueue.capacityFor(Double.POSITIVE_INFINITY, 0.6));
    }
}
