package dev.leptoid.lambda;

import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.ssm.SsmClient;

import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The AWS clients the Lambda uses. Auto Scaling is built once per container; SSM and Secrets
 * Manager only when the configuration asks for them. All use the small URLConnection HTTP client
 * and the default credential chain (which, under SnapStart, reads the container credentials that
 * Lambda refreshes after a restore). Endpoints follow the SDK's own settings
 * ({@code AWS_ENDPOINT_URL_AUTO_SCALING} and friends), which the start-up benchmark uses.
 */
public record AwsClients(AutoScalingClient autoScaling, Supplier<SsmClient> ssm, Supplier<SecretsManagerClient> secrets) {

    /** Whole-call limit so a stuck API call ends the run well before the Lambda timeout. */
    static final Duration API_CALL_TIMEOUT = Duration.ofSeconds(20);

    public static AwsClients standard(Map<String, String> env) {
        String r = env.get("AWS_REGION");
        if (r == null || r.isBlank()) throw new IllegalStateException("AWS_REGION is not set");
        Region region = Region.of(r);
        ClientOverrideConfiguration o = ClientOverrideConfiguration.builder().apiCallTimeout(API_CALL_TIMEOUT).build();
        return new AwsClients(
                AutoScalingClient.builder().region(region).overrideConfiguration(o)
                        .httpClientBuilder(UrlConnectionHttpClient.builder()).build(),
                () -> SsmClient.builder().region(region).overrideConfiguration(o)
                        .httpClientBuilder(UrlConnectionHttpClient.builder()).build(),
                () -> SecretsManagerClient.builder().region(region).overrideConfiguration(o)
                        .httpClientBuilder(UrlConnectionHttpClient.builder()).build());
    }
}
