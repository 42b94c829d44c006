package dev.leptoid.lambda;

import dev.leptoid.actuation.AwsClients;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.ssm.SsmClient;

import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The AWS clients the Lambda uses, all built by {@link AwsClients} (url-connection HTTP client,
 * bounded timeouts, standard retries, the default credential chain -- which, under SnapStart,
 * reads the container credentials Lambda refreshes after a restore). Auto Scaling is built once
 * per container; CloudWatch once, when a configuration first names a namespace (the configuration
 * is read again at invocations, the client is kept); SSM for each read of the configuration
 * parameter; Secrets Manager when a Graphite secret is named.
 * Endpoints follow the SDK's own settings ({@code AWS_ENDPOINT_URL_AUTO_SCALING} and friends).
 */
public record LambdaClients(AutoScalingClient autoScaling, Supplier<CloudWatchClient> cloudWatch,
                            Supplier<SsmClient> ssm, Supplier<SecretsManagerClient> secrets) {

    public static LambdaClients standard(Map<String, String> env) {
        AwsClients.Settings s = AwsClients.Settings.fromEnvironment(env);
        return new LambdaClients(AwsClients.autoScaling(s), once(() -> AwsClients.cloudWatch(s)), () -> AwsClients.ssm(s),
                () -> AwsClients.secretsManager(s));
    }

    /** The client {@code build} makes on first use, the same one after: the configuration may be assembled again. */
    private static <T> Supplier<T> once(Supplier<T> build) {
        AtomicReference<T> made = new AtomicReference<>();
        return () -> made.updateAndGet(c -> c == null ? build.get() : c);
    }
}
