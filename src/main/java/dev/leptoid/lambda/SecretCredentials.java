package dev.leptoid.lambda;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.leptoid.source.GraphiteAuth;
import dev.leptoid.source.SourceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Graphite credentials from one Secrets Manager secret whose string is JSON:
 * {@code {"username": "...", "password": "..."}} (HTTP Basic) or {@code {"token": "..."}} (Bearer).
 * Read on first use and kept in memory; {@link #forget()} drops them (before a SnapStart snapshot,
 * so the secret is not in it) and the next use reads the secret again. Errors name the secret and
 * the AWS error code, never its value.
 */
final class SecretCredentials implements GraphiteAuth {

    private static final JsonFactory JSON = new JsonFactory();

    private final Supplier<SecretsManagerClient> clients;
    private final String secretId;
    private SecretsManagerClient client;
    private GraphiteAuth current;

    SecretCredentials(Supplier<SecretsManagerClient> clients, String secretId) {
        this.clients = clients;
        this.secretId = secretId;
    }

    @Override
    public synchronized Optional<String> header() throws SourceException {
        if (current == null) current = read();
        return current.header();
    }

    @Override
    public synchronized List<String> secrets() { return current == null ? List.of() : current.secrets(); }

    synchronized void forget() { current = null; }

    private GraphiteAuth read() throws SourceException {
        if (client == null) client = clients.get();
        String text;
        try {
            text = client.getSecretValue(b -> b.secretId(secretId)).secretString();
        } catch (SecretsManagerException e) {
            String code = e.awsErrorDetails() == null ? "error" : e.awsErrorDetails().errorCode();
            throw new SourceException("Graphite secret " + secretId + ": cannot be read (" + code + ")");
        } catch (SdkException e) {
            throw new SourceException("Graphite secret " + secretId + ": cannot be read (" + e.getClass().getSimpleName() + ")");
        }
        if (text == null) throw new SourceException("Graphite secret " + secretId + ": has no string value");
        try {
            return parse(text);
        } catch (IllegalArgumentException e) {
            throw new SourceException("Graphite secret " + secretId + ": " + e.getMessage());
        }
    }

    /** The secret string as basic or bearer auth; errors never echo the text. */
    static GraphiteAuth parse(String secretString) {
        String user = null, password = null, token = null;
        try (JsonParser p = JSON.createParser(secretString)) {
            if (p.nextToken() != JsonToken.START_OBJECT) throw new IllegalArgumentException("is not a JSON object");
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String f = p.currentName();
                JsonToken t = p.nextToken();
                if (t != JsonToken.VALUE_STRING) {
                    p.skipChildren();
                    if (f.equals("username") || f.equals("password") || f.equals("token"))
                        throw new IllegalArgumentException("field " + f + " must be a string");
                    continue;
                }
                switch (f) {
                    case "username" -> user = p.getText();
                    case "password" -> password = p.getText();
                    case "token" -> token = p.getText();
                    default -> { }
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("is not valid JSON");
        }
        if (token != null && user == null && password == null) return new GraphiteAuth.Bearer(token);
        if (token == null && user != null && password != null) return new GraphiteAuth.Basic(user, password);
        throw new IllegalArgumentException("needs either username and password, or token");
    }

    /** Names the secret only. */
    @Override
    public String toString() { return "SecretCredentials[" + secretId + "]"; }
}
