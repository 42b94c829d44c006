package dev.leptoid.model;

import dev.leptoid.config.MetricsConfig;
import dev.leptoid.config.ServiceConfig;
import dev.leptoid.source.MetricSource;
import dev.leptoid.source.Series;
import dev.leptoid.source.SourceException;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Reads a service's per-instance metrics and turns them into a {@link ServiceView}. */
public final class ServiceLoadReader {

    /** Interior gaps up to this many steps are interpolated; longer ones stay gaps. */
    public static final int MAX_INTERPOLATED = 3;

    private final MetricSource source;

    public ServiceLoadReader(MetricSource source) { this.source = source; }

    public ServiceView read(String environment, ServiceConfig service, Instant now) throws SourceException {
        MetricsConfig m = service.metrics();
        long step = m.step().toSeconds();
        Instant until = Instant.ofEpochSecond(now.getEpochSecond() / step * step);
        Instant from = until.minus(m.lookback());
        Map<String, Series> utilization = new TreeMap<>();
        Series serviceTime = null;
        if (m.direct()) {
            for (Map.Entry<String, Series> e : byInstance(m.utilization().get(), environment, service, m, from, until).entrySet())
                utilization.put(e.getKey(), ServiceQueue.utilization(e.getValue(), m.utilizationUnit(), e.getKey()));
        } else {
            Map<String, Series> rates = byInstance(m.arrivalRate().get(), environment, service, m, from, until);
            Map<String, Series> times = byInstance(m.serviceTime().get(), environment, service, m, from, until);
            for (Map.Entry<String, Series> e : rates.entrySet()) {
                Series time = times.get(e.getKey());
                if (time == null) continue; // an instance without service time: its utilization is unknown
                utilization.put(e.getKey(), ServiceQueue.utilization(e.getValue(), time, m.arrivalRateUnit(),
                        m.serviceTimeUnit(), e.getKey()));
            }
            serviceTime = meanServiceTime(rates, utilization, m.arrivalRateUnit(), service.name() + ".service_time");
        }
        if (utilization.isEmpty())
            throw new SourceException("no instances with data for " + environment + "." + service.name());
        List<Series> present = utilization.values().stream().filter(s -> s.presentCount() > 0).toList();
        if (present.isEmpty())
            throw new SourceException("every series of " + environment + "." + service.name() + " is empty (all null)");
        return new ServiceView(utilization, ServiceQueue.offeredLoad(present, MAX_INTERPOLATED, service.name()), serviceTime);
    }

    /** Per step: sum of utilization / sum of arrival rate (req/s) over instances where both are known. */
    private static Series meanServiceTime(Map<String, Series> rates, Map<String, Series> utilization,
                                          MetricsConfig.RateUnit unit, String name) {
        TreeMap<Long, double[]> sums = new TreeMap<>();
        long step = 0;
        for (Map.Entry<String, Series> e : utilization.entrySet()) {
            Series u = e.getValue(), r = rates.get(e.getKey());
            step = u.step();
            for (int i = 0; i < u.size(); i++) {
                long t = u.timeAt(i);
                int j = (int) ((t - r.start()) / r.step());
                if (u.isGap(i) || j < 0 || j >= r.size() || r.isGap(j)) continue;
                double lambda = unit.perSecond(r.valueAt(j), r.step());
                if (!(lambda > 0)) continue;
                double[] acc = sums.computeIfAbsent(t, k -> new double[2]);
                acc[0] += u.valueAt(i);
                acc[1] += lambda;
            }
        }
        if (sums.isEmpty()) return null;
        long start = sums.firstKey();
        double[] v = new double[(int) ((sums.lastKey() - start) / step) + 1];
        java.util.Arrays.fill(v, Double.NaN);
        for (Map.Entry<Long, double[]> e : sums.entrySet()) v[(int) ((e.getKey() - start) / step)] = e.getValue()[0] / e.getValue()[1];
        return new Series(name, start, step, v);
    }

    private Map<String, Series> byInstance(String template, String env, ServiceConfig service, MetricsConfig m,
                                           Instant from, Instant until) throws SourceException {
        String target = MetricsConfig.expand(template, env, service.name());
        Map<String, Series> out = new LinkedHashMap<>();
        for (Series s : source.fetch(target, from, until)) {
            String[] nodes = s.name().split("\\.");
            if (m.instanceNode() >= nodes.length)
                throw new SourceException("series " + s.name() + " has no node " + m.instanceNode() + " for the instance id");
            String id = nodes[m.instanceNode()];
            if (out.put(id, s.withName(id)) != null)
                throw new SourceException("two series for instance " + id + " from " + target);
        }
        return out;
    }
}
