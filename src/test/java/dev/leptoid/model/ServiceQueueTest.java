package dev.leptoid.model;

import org.junit.jupiter.api.Test;


import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServiceQueueTest {

    @Test
    void utilization_is_arrival_rate_times_service_time_and_no_requests_is_idle_even_untimed() {
        assertEquals(0.5, ServiceQueue.utilization(100, 0.005), 1e-12);
        assertEquals(0.5, ServiceQueue.utilization(200, 0.0025), 1e-12);
        assertTrue(Double.isNaN(ServiceQueue.utilization(Double.NaN, 0.003)), "unknown rate stays unknown");
        assertTrue(Double.isNaN(ServiceQueue.utilization(10, Double.NaN)), "requests without a time are unknown");
        assertEquals(0.0, ServiceQueue.utilization(0, Double.NaN), "no requests: idle");
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
