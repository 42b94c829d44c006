package dev.leptoid.lambda;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Credentials for a Graphite behind authentication, read from a Secrets Manager secret whose
 * string is JSON: {@code {"username": "...", "password": "..."}} (HTTP Basic) or
 * {@code {"token": "..."}} (Bearer). Never printed: {@link #toString()} is redacted and parse
 * errors never echo the secret's text.
 */
public final class GraphiteCredentials {

    private static final JsonFactory JSON = new JsonFactory();

    private final String authorization;

    private GraphiteCredentials(String authorization) { this.authorization = authorization; }

    public static GraphiteCredentials basic(String username, String password) {
        if (username == null || username.isEmpty() || username.indexOf(':') >= 0)
            throw new IllegalArgumentException("username must be non-empty and without ':'");
        if (password == null) throw new IllegalArgumentException("password is missing");
        return new GraphiteCredentials("Basic " + Base64.getEncoder()
                .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }

    public static GraphiteCredentials bearer(String token) {
        if (token == null || token.isEmpty() || token.chars().anyMatch(c -> c <= ' ' || c > '~'))
            throw new IllegalArgumentException("token must be non-empty printable ASCII without spaces");
        return new GraphiteCredentials("Bearer " + token);
    }

    /**
     * Parses the secret string. {@code secretId} only names the secret in errors; the secret's
     * content never appears in a message.
     */
    public static GraphiteCredentials parse(String secretString, String secretId) {
        String user = null, password = null, token = null;
        try (JsonParser p = JSON.createParser(secretString)) {
            if (p.nextToken() != JsonToken.START_OBJECT) throw invalid(secretId, "is not a JSON object");
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String f = p.currentName();
                JsonToken t = p.nextToken();
                if (t != JsonToken.VALUE_STRING) {
                    p.skipChildren();
                    if (f.equals("username") || f.equals("password") || f.equals("token"))
                        throw invalid(secretId, "field " + f + " must be a string");
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
            throw invalid(secretId, "is not valid JSON");
        }
        try {
            if (token != null && user == null && password == null) return bearer(token);
            if (token == null && user != null && password != null) return basic(user, password);
        } catch (IllegalArgumentException e) {
            throw invalid(secretId, e.getMessage());
        }
        throw invalid(secretId, "needs either username and password, or token");
    }

    private static IllegalArgumentException invalid(String secretId, String what) {
        return new IllegalArgumentException("Graphite secret " + secretId + ": " + what);
    }

    /** The value of the {@code Authorization} header. */
    String authorization() { return authorization; }

    /** Scheme only; the secret is never shown. */
    @Override
    public String toString() {
        return "GraphiteCredentials[" + authorization.substring(0, authorization.indexOf(' ')) + " ****]";
    }
}
