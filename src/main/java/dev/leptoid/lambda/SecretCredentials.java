package dev.leptoid.lambda;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;

import java.util.function.Supplier;

/**
 * Graphite credentials from one Secrets Manager secret, read once and kept in memory;
 * {@link #forget()} drops them (before a SnapStart snapshot, so the secret is not in it) and the
 * next use reads the secret again. Errors name the secret and the AWS error code, never its value.
 */
final class SecretCredentials implements Supplier<GraphiteCredentials> {

    private final Supplier<SecretsManagerClient> clients;
    private final String secretId;
    private SecretsManagerClient client;
    private GraphiteCredentials current;

    SecretCredentials(Supplier<SecretsManagerClient> clients, String secretId) {
        this.clients = clients;
        this.secretId = secretId;
    }

    @Override
    public synchronized GraphiteCredentials get() {
        if (current == null) current = read();
        return current;
    }

    synchronized void forget() { current = null; }

    private GraphiteCredentials read() {
        if (client == null) client = clients.get();
        String text;
        try {
            text = client.getSecretValue(b -> b.secretId(secretId)).secretString();
        } catch (SecretsManagerException e) {
            String code = e.awsErrorDetails() == null ? "error" : e.awsErrorDetails().errorCode();
            throw new IllegalStateException("Graphite secret " + secretId + ": cannot be read (" + code + ")");
        } catch (SdkException e) {
            throw new IllegalStateException("Graphite secret " + secretId + ": cannot be read ("
                    + e.getClass().getSimpleName() + ")");
        }
        if (text == null) throw new IllegalStateException("Graphite secret " + secretId + ": has no string value");
        try {
            return GraphiteCredentials.parse(text, secretId);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(e.getMessage());
        }
    }
}
