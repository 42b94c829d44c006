package dev.leptoid.publication;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;

import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Run health as CloudWatch Embedded Metric Format: one JSON object per line on a stream (in Lambda,
 * stdout, which goes to CloudWatch Logs), from which CloudWatch extracts the metrics. No API call
 * and no IAM permission. The metrics, units and dimensions are exactly {@link CloudWatchPublisher}'s;
 * each line carries one dimension set: the environment's counts, each service's, each service and
 * horizon's forecast error.
 *
 * <pre>{"_aws":{"Timestamp":1795456800000,"CloudWatchMetrics":[{"Namespace":"Leptoid","Dimensions":[["Environment"]],
 * "Metrics":[{"Name":"Runs","Unit":"Count"},...]}]},"Environment":"prod","Runs":1,...}</pre>
 */
public final class EmfRunHealth implements RunHealthSink {

    private static final JsonFactory JSON = new JsonFactory();

    private final String namespace;
    private final Set<Integer> errorHorizons;
    private final PrintStream out;

    /**
     * @param errorHorizons forecast horizons whose error is published per service (as for {@link CloudWatchPublisher})
     * @param out           where the lines go (System.out in Lambda)
     */
    public EmfRunHealth(String namespace, Set<Integer> errorHorizons, PrintStream out) {
        this.namespace = CloudWatchPublisher.checkNamespace(namespace);
        this.errorHorizons = new TreeSet<>(errorHorizons);
        this.out = out;
    }

    public EmfRunHealth(String namespace, PrintStream out) {
        this(namespace, Set.of(1), out);
    }

    /** Writes the lines; a stream that fails is one error line, never an exception. */
    @Override
    public List<String> publish(RunHealth h) {
        try {
            for (String line : lines(h)) out.println(line);
            out.flush();
        } catch (RuntimeException e) {
            return List.of("EMF run health for " + h.environment() + " not written: " + e.getClass().getSimpleName());
        }
        return out.checkError() ? List.of("EMF run health for " + h.environment() + " not written: the log stream failed") : List.of();
    }

    /** One line per dimension set, in the order {@link CloudWatchPublisher} lists the metrics. */
    public List<String> lines(RunHealth h) {
        Map<List<Dimension>, List<MetricDatum>> bySet = new LinkedHashMap<>();
        for (MetricDatum d : CloudWatchPublisher.datums(h, errorHorizons))
            bySet.computeIfAbsent(d.dimensions(), k -> new ArrayList<>()).add(d);
        List<String> lines = new ArrayList<>();
        for (Map.Entry<List<Dimension>, List<MetricDatum>> e : bySet.entrySet())
            lines.add(line(h.time().toEpochMilli(), e.getKey(), e.getValue()));
        return lines;
    }

    private String line(long millis, List<Dimension> dimensions, List<MetricDatum> metrics) {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(w)) {
            g.writeStartObject();
            g.writeObjectFieldStart("_aws");
            g.writeNumberField("Timestamp", millis);
            g.writeArrayFieldStart("CloudWatchMetrics");
            g.writeStartObject();
            g.writeStringField("Namespace", namespace);
            g.writeArrayFieldStart("Dimensions");
            g.writeStartArray();
            for (Dimension d : dimensions) g.writeString(d.name());
            g.writeEndArray();
            g.writeEndArray();
            g.writeArrayFieldStart("Metrics");
            for (MetricDatum m : metrics) {
                g.writeStartObject();
                g.writeStringField("Name", m.metricName());
                g.writeStringField("Unit", m.unitAsString());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeEndArray();
            g.writeEndObject();
            for (Dimension d : dimensions) g.writeStringField(d.name(), d.value());
            for (MetricDatum m : metrics) {
                double v = m.value();
                if (v == Math.rint(v) && Math.abs(v) < 1e15) g.writeNumberField(m.metricName(), (long) v);
                else g.writeNumberField(m.metricName(), v);
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }
}
