package dev.leptoid.simulation;

import dev.leptoid.forecast.Forecast;
import dev.leptoid.forecast.ForecastResult;
import dev.leptoid.forecast.Forecaster;
import dev.leptoid.forecast.LastValueForecaster;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class SharedForecastsTest {

    @Test
    void the_same_history_is_forecast_once_and_a_different_one_again() {
        AtomicInteger fits = new AtomicInteger();
        Forecaster counting = (h, step, horizon, level) -> {
            fits.incrementAndGet();
            return new LastValueForecaster().forecast(h, step, horizon, level);
        };
        SharedForecasts shared = new SharedForecasts(counting);
        double[] a = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        ForecastResult first = shared.forecast(a, 60, 5, 80);
        assertSame(first, shared.forecast(a.clone(), 60, 5, 80));
        // a sum spread over 3 instances and added back differs only in the last bits of a double
        double[] spread = a.clone();
        spread[9] = 10.0 / 3 + 10.0 / 3 + 10.0 / 3;
        assertSame(first, shared.forecast(spread, 60, 5, 80));
        assertEquals(1, fits.get());
        double[] other = a.clone();
        other[9] = 10.01;
        Forecast changed = (Forecast) shared.forecast(other, 60, 5, 80);
        assertNotEquals(((Forecast) first).meanAt(0), changed.meanAt(0));
        shared.forecast(a, 60, 6, 80); // another horizon
        shared.forecast(a, 300, 5, 80); // another step
        shared.forecast(a, 60, 5, 90); // another level
        assertEquals(5, fits.get());
        assertEquals(7, shared.asked());
        assertEquals(5, shared.computed());
    }
}
