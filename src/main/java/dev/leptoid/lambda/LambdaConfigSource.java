package dev.leptoid.lambda;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leptoid.config.ConfigException;
import dev.leptoid.config.ConfigLoader;
import dev.leptoid.config.LeptoidConfig;
import dev.leptoid.config.Names;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;
import software.amazon.awssdk.services.ssm.model.SsmException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Where the Lambda finds its configuration. The document comes from the first of these that is set
 * (documented in docs/deploy.md):
 * <ol>
 *   <li>{@code LEPTOID_CONFIG}: the YAML/JSON text itself;</li>
 *   <li>{@code LEPTOID_CONFIG_PARAMETER}: the name of an SSM parameter holding it (String or SecureString);</li>
 *   <li>{@code LEPTOID_CONFIG_FILE}: a path to a file (e.g. one bundled under /var/task);</li>
 *   <li>the resource {@code leptoid.yaml} bundled in the jar.</li>
 * </ol>
 * Then single values from environment variables override the document's:
 * {@code LEPTOID_GRAPHITE_URL} (graphite.url), {@code LEPTOID_CLOUDWATCH_NAMESPACE} (publish.cloudwatch_namespace),
 * {@code LEPTOID_CARBON_HOST} and {@code LEPTOID_CARBON_PORT}
 * (carbon.host/port), so one document serves several accounts. Everything is validated by
 * {@link ConfigLoader}; errors are one line naming the source and the key.
 */
public final class LambdaConfigSource {

    public static final String INLINE = "LEPTOID_CONFIG";
    public static final String PARAMETER = "LEPTOID_CONFIG_PARAMETER";
    public static final String FILE = "LEPTOID_CONFIG_FILE";
    public static final String BUNDLED = "leptoid.yaml";
    public static final String GRAPHITE_URL = "LEPTOID_GRAPHITE_URL";
    public static final String CARBON_HOST = "LEPTOID_CARBON_HOST";
    public static final String CARBON_PORT = "LEPTOID_CARBON_PORT";
    public static final String CLOUDWATCH_NAMESPACE = "LEPTOID_CLOUDWATCH_NAMESPACE";
    /** Secrets Manager secret (ARN or name) holding the Graphite credentials. */
    public static final String GRAPHITE_SECRET = "LEPTOID_GRAPHITE_SECRET";

    /** The validated configuration and a description of where it came from (for the log; no content). */
    public record Loaded(LeptoidConfig config, String origin) {}

    private final Map<String, String> env;
    private final Supplier<SsmClient> ssm;

    /** @param ssm called only when {@link #PARAMETER} is the source */
    public LambdaConfigSource(Map<String, String> env, Supplier<SsmClient> ssm) {
        this.env = env;
        this.ssm = ssm;
    }

    public Loaded load() throws ConfigException {
        String origin;
        String text;
        if (set(INLINE)) {
            origin = "environment variable " + INLINE;
            text = env.get(INLINE);
        } else if (set(PARAMETER)) {
            String name = env.get(PARAMETER);
            origin = "SSM parameter " + Names.printable(name);
            text = parameter(name, origin);
        } else if (set(FILE)) {
            origin = Names.printable(env.get(FILE));
            try {
                text = Files.readString(Path.of(env.get(FILE)));
            } catch (IOException | RuntimeException e) {
                throw new ConfigException(origin + ": cannot read configuration (" + e.getClass().getSimpleName() + ")");
            }
        } else {
            origin = "bundled " + BUNDLED;
            text = bundled();
            if (text == null)
                throw new ConfigException("no configuration: set " + INLINE + ", " + PARAMETER + " or " + FILE
                        + ", or bundle " + BUNDLED + " in the jar");
        }
        List<String> overridden = new ArrayList<>();
        for (String v : List.of(GRAPHITE_URL, CARBON_HOST, CARBON_PORT, CLOUDWATCH_NAMESPACE)) if (set(v)) overridden.add(v);
        if (overridden.isEmpty()) return new Loaded(ConfigLoader.parse(text, origin), origin);
        String described = origin + " with " + String.join(", ", overridden);
        return new Loaded(ConfigLoader.parse(override(text, origin), described), described);
    }

    private boolean set(String name) {
        String v = env.get(name);
        return v != null && !v.isBlank();
    }

    private String parameter(String name, String origin) throws ConfigException {
        try (SsmClient client = ssm.get()) {
            return client.getParameter(b -> b.name(name).withDecryption(true)).parameter().value();
        } catch (ParameterNotFoundException e) {
            throw new ConfigException(origin + ": not found");
        } catch (SsmException e) {
            String code = e.awsErrorDetails() == null ? "error" : e.awsErrorDetails().errorCode();
            throw new ConfigException(origin + ": cannot be read (" + code + ")");
        } catch (SdkException e) {
            throw new ConfigException(origin + ": cannot be read (" + firstLine(e.getMessage()) + ")");
        }
    }

    private static String bundled() throws ConfigException {
        try (InputStream in = LambdaConfigSource.class.getClassLoader().getResourceAsStream(BUNDLED)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException("bundled " + BUNDLED + ": cannot be read");
        }
    }

    /** Applies the environment-variable overrides to the document, which is then validated as usual. */
    private String override(String text, String origin) throws ConfigException {
        // read as strictly as ConfigLoader reads (duplicate keys, aliases, one document): the JSON written
        // below must say exactly what the text says
        if (!(ConfigLoader.tree(text, origin) instanceof ObjectNode doc)) return text;
        if (set(GRAPHITE_URL)) section(doc, "graphite", origin).put("url", env.get(GRAPHITE_URL).trim());
        if (set(CARBON_HOST)) section(doc, "carbon", origin).put("host", env.get(CARBON_HOST).trim());
        if (set(CLOUDWATCH_NAMESPACE))
            section(doc, "publish", origin).put("cloudwatch_namespace", env.get(CLOUDWATCH_NAMESPACE).trim());
        if (set(CARBON_PORT)) {
            String p = env.get(CARBON_PORT).trim();
            ObjectNode carbon = section(doc, "carbon", origin);
            if (p.matches("\\d{1,9}")) carbon.put("port", Integer.parseInt(p));
            else throw new ConfigException(CARBON_PORT + ": must be a whole number, got '" + Names.printable(p) + "'");
        }
        try {
            return new ObjectMapper().writeValueAsString(doc);
        } catch (JsonProcessingException e) {
            throw new ConfigException(origin + ": cannot apply overrides (" + e.getOriginalMessage() + ")");
        }
    }

    private static ObjectNode section(ObjectNode doc, String name, String origin) throws ConfigException {
        JsonNode n = doc.get(name);
        if (n == null || n.isNull()) return doc.putObject(name);
        if (n instanceof ObjectNode o) return o;
        throw new ConfigException(origin + ": " + name + ": must be a mapping");
    }

    private static String firstLine(String s) { return s == null ? "" : s.lines().findFirst().orElse(""); }
}
