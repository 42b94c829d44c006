package dev.leptoid.publication;

import dev.leptoid.testing.AwsQueryServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;
import software.amazon.awssdk.services.cloudwatch.model.StandardUnit;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CloudWatchPublisherTest {

    private static final Instant T = Instant.parse("2026-11-23T18:00:00Z");

    private AwsQueryServer aws;
    private CloudWatchClient client;

    @BeforeEach
    void start() throws IOException {
        aws = AwsQueryServer.cloudWatch();
        aws.on("PutMetricData", r -> aws.empty("PutMetricData"));
        client = CloudWatchClient.builder()
                .endpointOverride(aws.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "secret")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    @AfterEach
    void stop() {
        client.close();
        aws.close();
    }

    private static int members(AwsQueryServer.Request r) {
        int n = 0;
        while (r.param("MetricData.member." + (n + 1) + ".MetricName") != null) n++;
        return n;
    }

    /** "name|dim=value,dim=value|value|unit" for member i of a request. */
    private static String member(AwsQueryServer.Request r, int i) {
        String p = "MetricData.member." + i + ".";
        StringBuilder b = new StringBuilder(r.param(p + "MetricName")).append('|');
        for (int d = 1; r.param(p + "Dimensions.member." + d + ".Name") != null; d++) {
            if (d > 1) b.append(',');
            b.append(r.param(p + "Dimensions.member." + d + ".Name")).append('=').append(r.param(p + "Dimensions.member." + d + ".Value"));
        }
        return b.append('|').append(Double.parseDouble(r.param(p + "Value"))).append('|').append(r.param(p + "Unit")).toString();
    }

    @Test
    void run_health_goes_out_as_query_protocol_put_metric_data_with_names_dimensions_and_units() {
        CloudWatchPublisher cw = new CloudWatchPublisher(client, "Leptoid/Test", Set.of(1, 12));
        RunHealth h = new RunHealth("prod", T, 1234, 1, 1, 0, List.of(
                RunHealth.ServiceHealth.of("api", false, true, Map.of(1, 0.5, 6, 0.7, 12, 2.0), Map.of(1, 0.25, 6, 0.3, 12, 1.5)),
                RunHealth.ServiceHealth.of("batch", true, false, Map.of(), Map.of(1, Double.NaN))));
        assertEquals(List.of(), cw.publish(h));

        AwsQueryServer.Request r = aws.requests("PutMetricData").get(0);
        assertEquals(1, aws.requests().size());
        assertEquals("2010-08-01", r.param("Version"));
        assertEquals("Leptoid/Test", r.param("Namespace"));
        AwsQueryServer.Wire wire = aws.wire().get(0);
        assertTrue(wire.contentType().startsWith("application/x-www-form-urlencoded"), wire.contentType());
        List<String> got = new ArrayList<>();
        for (int i = 1; i <= members(r); i++) got.add(member(r, i));
        assertEquals(List.of(
                "Runs|Environment=prod|1.0|Count",
                "Holds|Environment=prod|1.0|Count",
                "Actions|Environment=prod|1.0|Count",
                "Errors|Environment=prod|0.0|Count",
                "RunDuration|Environment=prod|1234.0|Milliseconds",
                "Holds|Environment=prod,Service=api|0.0|Count",
                "Actions|Environment=prod,Service=api|1.0|Count",
                "ForecastErrorMASE|Environment=prod,Service=api,Horizon=h1|0.25|None",
                "ForecastErrorAbs|Environment=prod,Service=api,Horizon=h1|0.5|None",
                "ForecastErrorMASE|Environment=prod,Service=api,Horizon=h12|1.5|None",
                "ForecastErrorAbs|Environment=prod,Service=api,Horizon=h12|2.0|None",
                "Holds|Environment=prod,Service=batch|1.0|Count",
                "Actions|Environment=prod,Service=batch|0.0|Count"), got);
        assertEquals("2026-11-23T18:00:00Z", r.param("MetricData.member.1.Timestamp"));
    }

    private static List<MetricDatum> data(int n, int dims, int valueLength) {
        List<MetricDatum> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            List<Dimension> d = new ArrayList<>();
            for (int k = 0; k < dims; k++) d.add(Dimension.builder().name("D" + k).value(("v" + i + "-").repeat(valueLength).substring(0, valueLength)).build());
            out.add(MetricDatum.builder().metricName("M" + i).value((double) i).unit(StandardUnit.COUNT).timestamp(T).dimensions(d).build());
        }
        return out;
    }

    @Test
    void exactly_one_thousand_metrics_fit_one_request_and_one_more_needs_a_second() {
        CloudWatchPublisher cw = new CloudWatchPublisher(client, "Leptoid");
        assertEquals(List.of(), cw.put(data(1000, 1, 8)));
        assertEquals(1, aws.requests("PutMetricData").size());
        assertEquals(1000, members(aws.requests("PutMetricData").get(0)));
        assertEquals(List.of(), cw.put(data(1001, 1, 8)));
        List<AwsQueryServer.Request> rs = aws.requests("PutMetricData");
        assertEquals(3, rs.size());
        assertEquals(1000, members(rs.get(1)));
        assertEquals(1, members(rs.get(2)));
        assertEquals("M1000", rs.get(2).param("MetricData.member.1.MetricName"));
    }

    @Test
    void twenty_five_hundred_metrics_go_in_three_requests_in_order_and_none_is_lost() {
        CloudWatchPublisher cw = new CloudWatchPublisher(client, "Leptoid");
        assertEquals(List.of(), cw.put(data(2500, 2, 16)));
        List<AwsQueryServer.Request> rs = aws.requests("PutMetricData");
        assertEquals(List.of(1000, 1000, 500), rs.stream().map(CloudWatchPublisherTest::members).toList());
        int next = 0;
        for (AwsQueryServer.Request r : rs)
            for (int i = 1; i <= members(r); i++) assertEquals("M" + next++, r.param("MetricData.member." + i + ".MetricName"));
        assertEquals(2500, next);
    }

    @Test
    void large_metrics_are_split_so_every_request_body_stays_under_one_megabyte() {
        CloudWatchPublisher cw = new CloudWatchPublisher(client, "Leptoid");
        // 30 dimensions of 1,024 characters: about 32 kB per metric, so the size limit binds long before the count
        assertEquals(List.of(), cw.put(data(100, CloudWatchPublisher.MAX_DIMENSIONS, 1024)));
        List<AwsQueryServer.Wire> wire = aws.wire();
        assertTrue(wire.size() >= 4, "requests: " + wire.size());
        for (AwsQueryServer.Wire w : wire) {
            assertTrue(w.formBytes() <= CloudWatchPublisher.MAX_BODY_BYTES, "form body " + w.formBytes());
            assertEquals("gzip", w.contentEncoding(), "the SDK gzips PutMetricData bodies over 10 kB");
        }
        assertTrue(wire.stream().anyMatch(w -> w.formBytes() > 900_000), "batches are filled close to the limit");
        assertEquals(100, aws.requests("PutMetricData").stream().mapToInt(CloudWatchPublisherTest::members).sum());
    }

    @Test
    void batches_respect_both_limits_over_many_random_mixes() {
        Random random = new Random(11);
        for (int c = 0; c < 40; c++) {
            List<MetricDatum> d = data(1 + random.nextInt(3000), 1 + random.nextInt(30), 1 + random.nextInt(400));
            List<List<MetricDatum>> batches = CloudWatchPublisher.batches(d, CloudWatchPublisher.MAX_DATUMS, CloudWatchPublisher.MAX_BODY_BYTES);
            int total = 0;
            for (List<MetricDatum> b : batches) {
                assertTrue(b.size() <= CloudWatchPublisher.MAX_DATUMS);
                int bytes = 0;
                for (int i = 0; i < b.size(); i++) bytes += CloudWatchPublisher.encodedSize(b.get(i), i + 1);
                assertTrue(bytes <= CloudWatchPublisher.MAX_BODY_BYTES, "case " + c);
                total += b.size();
            }
            assertEquals(d.size(), total);
        }
    }

    @Test
    void a_cloudwatch_error_is_one_line_in_the_result_and_never_thrown() {
        aws.on("PutMetricData", r -> AwsQueryServer.error(400, "InvalidParameterValue", "The value NaN for parameter Value is invalid."));
        CloudWatchPublisher cw = new CloudWatchPublisher(client, "Leptoid");
        List<String> errors = cw.publish(new RunHealth("prod", T, 5, 0, 0, 0, List.of()));
        assertEquals(1, errors.size());
        assertTrue(errors.get(0).startsWith("CloudWatch PutMetricData of 5 metrics to Leptoid failed: The value NaN"), errors.get(0));
        assertTrue(errors.get(0).lines().count() == 1);
    }

    @Test
    void reserved_or_malformed_namespaces_are_refused() {
        assertThrows(IllegalArgumentException.class, () -> new CloudWatchPublisher(client, "AWS/EC2"));
        assertThrows(IllegalArgumentException.class, () -> new CloudWatchPublisher(client, "bad\nnamespace"));
        assertThrows(IllegalArgumentException.class, () -> new CloudWatchPublisher(client, ""));
    }
}
