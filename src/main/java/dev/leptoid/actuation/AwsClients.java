package dev.leptoid.actuation;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.ssm.SsmClient;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Builds the AWS SDK v2 clients the Lambda and the CLI use: the small url-connection HTTP client
 * (fast cold start), the region from the environment, bounded timeouts, and the standard retry
 * strategy with a bounded number of attempts and exponential backoff with jitter (a longer base
 * for Throttling). A Lambda run must end well inside its schedule: with the defaults one API call
 * takes at most {@code callTimeout}.
 */
public final class AwsClients {

    private AwsClients() {}

    /**
     * @param region the AWS region
     * @param endpoint an endpoint override (tests, VPC endpoints), or empty for the region's own
     * @param credentials where credentials come from (the default chain in production)
     * @param connectTimeout TCP connect limit
     * @param socketTimeout read limit per attempt
     * @param attemptTimeout limit of one attempt
     * @param callTimeout limit of one API call, retries included
     * @param maxAttempts attempts per call, the first included (1 = no retry)
     * @param baseDelay base of the exponential backoff for retryable errors
     * @param throttlingBaseDelay base of the exponential backoff for Throttling
     * @param maxBackoff longest single backoff
     */
    public record Settings(Region region, Optional<URI> endpoint, AwsCredentialsProvider credentials,
                           Duration connectTimeout, Duration socketTimeout, Duration attemptTimeout, Duration callTimeout,
                           int maxAttempts, Duration baseDelay, Duration throttlingBaseDelay, Duration maxBackoff) {

        public Settings {
            if (region == null) throw new IllegalArgumentException("AWS region is not set");
            if (maxAttempts < 1 || maxAttempts > 10)
                throw new IllegalArgumentException("max attempts must be between 1 and 10, got " + maxAttempts);
            if (endpoint == null) endpoint = Optional.empty();
        }

        /** Production defaults for {@code region}: default credential chain, 2 s connect, 5 s read, 4 attempts. */
        public static Settings defaults(Region region) {
            return new Settings(region, Optional.empty(), DefaultCredentialsProvider.builder().build(),
                    Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(6), Duration.ofSeconds(30),
                    4, Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofSeconds(5));
        }

        /**
         * Defaults with the region from {@code AWS_REGION} (set by Lambda) or {@code AWS_DEFAULT_REGION}.
         *
         * @throws IllegalArgumentException when neither is set or the value is not a region name
         */
        public static Settings fromEnvironment(Map<String, String> env) {
            String r = env.getOrDefault("AWS_REGION", env.get("AWS_DEFAULT_REGION"));
            if (r == null || r.isBlank())
                throw new IllegalArgumentException("AWS region is not set: export AWS_REGION (e.g. us-east-1)");
            if (!r.matches("[a-z]{2}(-[a-z]+)+-\\d+"))
                throw new IllegalArgumentException("AWS_REGION '" + r.replaceAll("[^A-Za-z0-9_-]", "?") + "' is not a region name");
            return defaults(Region.of(r));
        }

        public Settings withEndpoint(URI uri) {
            return new Settings(region, Optional.of(uri), credentials, connectTimeout, socketTimeout, attemptTimeout,
                    callTimeout, maxAttempts, baseDelay, throttlingBaseDelay, maxBackoff);
        }

        public Settings withCredentials(AwsCredentialsProvider provider) {
            return new Settings(region, endpoint, provider, connectTimeout, socketTimeout, attemptTimeout, callTimeout,
                    maxAttempts, baseDelay, throttlingBaseDelay, maxBackoff);
        }

        public Settings withRetries(int attempts, Duration base, Duration throttlingBase, Duration max) {
            return new Settings(region, endpoint, credentials, connectTimeout, socketTimeout, attemptTimeout, callTimeout,
                    attempts, base, throttlingBase, max);
        }
    }

    /** Standard retries (AWS's retryable and throttling error codes), bounded, with jittered exponential backoff. */
    public static RetryStrategy retryStrategy(Settings s) {
        return AwsRetryStrategy.standardRetryStrategy().toBuilder()
                .maxAttempts(s.maxAttempts())
                .backoffStrategy(BackoffStrategy.exponentialDelay(s.baseDelay(), s.maxBackoff()))
                .throttlingBackoffStrategy(BackoffStrategy.exponentialDelay(s.throttlingBaseDelay(), s.maxBackoff()))
                .build();
    }

    public static AutoScalingClient autoScaling(Settings s) {
        return build(AutoScalingClient.builder(), s);
    }

    public static CloudWatchClient cloudWatch(Settings s) {
        return build(CloudWatchClient.builder(), s);
    }

    public static SsmClient ssm(Settings s) {
        return build(SsmClient.builder(), s);
    }

    public static SecretsManagerClient secretsManager(Settings s) {
        return build(SecretsManagerClient.builder(), s);
    }

    /** One configuration for every client: region, credentials, url-connection HTTP, timeouts, retries, endpoint. */
    private static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C build(B b, Settings s) {
        b.region(s.region())
                .credentialsProvider(s.credentials())
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(s.connectTimeout())
                        .socketTimeout(s.socketTimeout())
                        .build())
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .retryStrategy(retryStrategy(s))
                        .apiCallAttemptTimeout(s.attemptTimeout())
                        .apiCallTimeout(s.callTimeout())
                        .build());
        s.endpoint().ifPresent(b::endpointOverride);
        return b.build();
    }
}
