package dev.leptoid.publication;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What one run reports about its own health (to CloudWatch): counts for the environment and, per
 * service, whether it held or acted and its rolling forecast error by horizon.
 */
public record RunHealth(String environment, Instant time, long durationMillis, long holds, long actions, long errors,
                        List<ServiceHealth> services) {

    public RunHealth {
        services = List.copyOf(services);
    }

    /**
     * @param absError |actual - forecast made k steps ago| by horizon k (only horizons with both numbers)
     * @param mase the same scaled by the in-sample mean absolute one-step change (MASE)
     */
    public record ServiceHealth(String service, boolean hold, boolean action, SortedMap<Integer, Double> absError,
                                SortedMap<Integer, Double> mase) {
        public ServiceHealth {
            absError = new TreeMap<>(absError);
            mase = new TreeMap<>(mase);
        }

        public static ServiceHealth of(String service, boolean hold, boolean action, Map<Integer, Double> absError,
                                       Map<Integer, Double> mase) {
            return new ServiceHealth(service, hold, action, new TreeMap<>(absError), new TreeMap<>(mase));
        }
    }
}
