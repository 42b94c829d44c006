package dev.leptoid.testing;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;

import java.io.IOException;

/**
 * Auto Scaling groups on the loopback Query endpoint: every group asked for has {@code desired}
 * capacity, {@code inService} InService instances (plus one Pending), bounds 1..50, no activity in
 * progress; SetDesiredCapacity is accepted. {@link #client()} is the real SDK v2 client on it.
 */
public final class LoopbackGroups implements AutoCloseable {

    private final AwsQueryServer server;
    private final AutoScalingClient client;

    public LoopbackGroups(int desired, int inService) throws IOException {
        server = AwsQueryServer.autoScaling();
        server.on("DescribeAutoScalingGroups", r -> server.result("DescribeAutoScalingGroups",
                AutoScalingXml.group(r.param("AutoScalingGroupNames.member.1"), desired, 1, 50, inService, null)));
        server.on("DescribeScalingActivities", r -> server.result("DescribeScalingActivities", "<Activities/>"));
        server.on("SetDesiredCapacity", r -> server.empty("SetDesiredCapacity"));
        client = AutoScalingClient.builder().endpointOverride(server.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "not-a-secret")))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    public AwsQueryServer server() { return server; }

    public AutoScalingClient client() { return client; }

    @Override
    public void close() {
        client.close();
        server.close();
    }
}
