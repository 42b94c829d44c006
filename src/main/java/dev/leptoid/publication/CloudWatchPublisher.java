package dev.leptoid.publication;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;
import software.amazon.awssdk.services.cloudwatch.model.PutMetricDataRequest;
import software.amazon.awssdk.services.cloudwatch.model.StandardUnit;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import dev.leptoid.config.Names;

/**
 * Run health as CloudWatch metrics ({@code PutMetricData}, SDK v2, AWS Query protocol).
 *
 * <p>Per environment (dimension {@code Environment}): {@code Runs}, {@code Holds}, {@code Actions},
 * {@code Errors} (Count) and {@code RunDuration} (Milliseconds). Per service (dimensions
 * {@code Environment}, {@code Service}): {@code Holds}, {@code Actions}; and for the configured
 * horizons (dimension {@code Horizon} = {@code h<k>}) {@code ForecastErrorMASE} (None) and
 * {@code ForecastErrorAbs} (None, in Erlangs).
 *
 * <p>Requests stay within the API limits: at most {@link #MAX_DATUMS} metric data per request and a
 * form body below {@link #MAX_BODY_BYTES} before compression (the limit is 1 MB per request; the SDK
 * gzips larger bodies on top). Failures come back as one line each, never thrown.
 */
public final class CloudWatchPublisher implements RunHealthSink {

    /** PutMetricData: at most 1,000 metrics per request. */
    public static final int MAX_DATUMS = 1000;
    /** PutMetricData: 1 MB per HTTP POST; kept below with a margin for the fixed parameters. */
    public static final int MAX_BODY_BYTES = 1_000_000;
    /** PutMetricData: at most 30 dimensions per metric. */
    public static final int MAX_DIMENSIONS = 30;

    /** Namespace: 1-255 of A-Z a-z 0-9 . - _ / # : and space, not starting with "AWS/" (reserved) or ':'. */
    private static final Pattern NAMESPACE = Pattern.compile("[A-Za-z0-9.\\-_/#: ]{1,255}");
    private static final int FIXED_PARAMS = 200;

    private final CloudWatchClient client;
    private final String namespace;
    private final Set<Integer> errorHorizons;

    /**
     * @param errorHorizons forecast horizons whose error is published per service (each is a custom
     *                      metric CloudWatch bills for; e.g. 1 and the lead-time horizon)
     */
    public CloudWatchPublisher(CloudWatchClient client, String namespace, Set<Integer> errorHorizons) {
        this.client = client;
        this.namespace = checkNamespace(namespace);
        this.errorHorizons = new TreeSet<>(errorHorizons);
    }

    public CloudWatchPublisher(CloudWatchClient client, String namespace) {
        this(client, namespace, Set.of(1));
    }

    /** The namespace if CloudWatch accepts it for custom metrics; else an error saying what is allowed. */
    static String checkNamespace(String namespace) {
        if (namespace == null || !NAMESPACE.matcher(namespace).matches() || namespace.startsWith("AWS/") || namespace.startsWith(":"))
            throw new IllegalArgumentException("CloudWatch namespace '" + Names.printable(namespace)
                    + "' is not allowed: 1-255 of A-Z a-z 0-9 . - _ / # : space, not starting with AWS/ or ':'");
        return namespace;
    }

    /** Publishes a run's health; returns the errors (one line each), empty when all went out. */
    @Override
    public List<String> publish(RunHealth h) {
        return put(datums(h));
    }

    /** The metric data for a run's health. */
    public List<MetricDatum> datums(RunHealth h) {
        return datums(h, errorHorizons);
    }

    /** The metric data for a run's health, with the forecast error at {@code errorHorizons}: the one list of run-health metrics. */
    static List<MetricDatum> datums(RunHealth h, Set<Integer> errorHorizons) {
        List<MetricDatum> out = new ArrayList<>();
        Dimension env = dim("Environment", h.environment());
        out.add(datum("Runs", 1, StandardUnit.COUNT, h, env));
        out.add(datum("Holds", h.holds(), StandardUnit.COUNT, h, env));
        out.add(datum("Actions", h.actions(), StandardUnit.COUNT, h, env));
        out.add(datum("Errors", h.errors(), StandardUnit.COUNT, h, env));
        out.add(datum("RunDuration", h.durationMillis(), StandardUnit.MILLISECONDS, h, env));
        for (RunHealth.ServiceHealth s : h.services()) {
            Dimension svc = dim("Service", s.service());
            out.add(datum("Holds", s.hold() ? 1 : 0, StandardUnit.COUNT, h, env, svc));
            out.add(datum("Actions", s.action() ? 1 : 0, StandardUnit.COUNT, h, env, svc));
            for (int k : errorHorizons) {
                Dimension horizon = dim("Horizon", "h" + k);
                Double mase = s.mase().get(k);
                Double abs = s.absError().get(k);
                if (mase != null && Double.isFinite(mase)) out.add(datum("ForecastErrorMASE", mase, StandardUnit.NONE, h, env, svc, horizon));
                if (abs != null && Double.isFinite(abs)) out.add(datum("ForecastErrorAbs", abs, StandardUnit.NONE, h, env, svc, horizon));
            }
        }
        return out;
    }

    /** Sends {@code datums} in as few requests as the limits allow; returns the errors. */
    public List<String> put(List<MetricDatum> datums) {
        List<String> errors = new ArrayList<>();
        for (List<MetricDatum> batch : batches(datums, MAX_DATUMS, MAX_BODY_BYTES)) {
            try {
                client.putMetricData(PutMetricDataRequest.builder().namespace(namespace).metricData(batch).build());
            } catch (SdkException e) {
                String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
                errors.add("CloudWatch PutMetricData of " + batch.size() + " metrics to " + namespace + " failed: " + message);
            }
        }
        return errors;
    }

    /** Splits {@code datums} into requests of at most {@code maxCount} data and about {@code maxBytes} of form body. */
    static List<List<MetricDatum>> batches(List<MetricDatum> datums, int maxCount, int maxBytes) {
        List<List<MetricDatum>> out = new ArrayList<>();
        List<MetricDatum> current = new ArrayList<>();
        long bytes = FIXED_PARAMS;
        for (MetricDatum d : datums) {
            int size = encodedSize(d, current.size() + 1);
            if (!current.isEmpty() && (current.size() >= maxCount || bytes + size > maxBytes)) {
                out.add(current);
                current = new ArrayList<>();
                bytes = FIXED_PARAMS;
                size = encodedSize(d, 1);
            }
            current.add(d);
            bytes += size;
        }
        if (!current.isEmpty()) out.add(current);
        return out;
    }

    /** The size of one datum as AWS Query form parameters ({@code MetricData.member.N....=...&}). */
    static int encodedSize(MetricDatum d, int index) {
        String p = "MetricData.member." + index + ".";
        int n = param(p + "MetricName", d.metricName());
        for (int i = 0; i < d.dimensions().size(); i++) {
            Dimension dim = d.dimensions().get(i);
            String q = p + "Dimensions.member." + (i + 1) + ".";
            n += param(q + "Name", dim.name()) + param(q + "Value", dim.value());
        }
        if (d.timestamp() != null) n += param(p + "Timestamp", "2026-01-01T00:00:00.000Z");
        if (d.value() != null) n += param(p + "Value", Double.toString(d.value()));
        if (d.unitAsString() != null) n += param(p + "Unit", d.unitAsString());
        if (d.storageResolution() != null) n += param(p + "StorageResolution", "60");
        return n;
    }

    private static int param(String key, String value) {
        return URLEncoder.encode(key, StandardCharsets.UTF_8).length() + 2 + URLEncoder.encode(value, StandardCharsets.UTF_8).length();
    }

    private static Dimension dim(String name, String value) {
        String v = value.length() > 1024 ? value.substring(0, 1024) : value;
        return Dimension.builder().name(name).value(v).build();
    }

    private static MetricDatum datum(String name, double value, StandardUnit unit, RunHealth h, Dimension... dims) {
        return MetricDatum.builder().metricName(name).value(value).unit(unit).timestamp(h.time()).dimensions(dims).build();
    }
}
