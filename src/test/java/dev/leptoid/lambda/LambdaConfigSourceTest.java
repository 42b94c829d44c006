package dev.leptoid.lambda;

import dev.leptoid.config.ConfigException;
import dev.leptoid.source.SourceException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.ssm.SsmClient;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Configuration sources and Graphite credentials, with the real SSM and Secrets Manager clients on a loopback endpoint. */
class LambdaConfigSourceTest {

    private static final String DOC = """
            graphite: {url: "http://graphite.internal:8080"}
            environments:
              %s:
                services:
                  api:
                    auto_scaling_group: api
                    metrics: {utilization: "servers.{instance}.cpu"}
            """;

    private AwsJsonServer aws;
    private final AtomicInteger ssmClients = new AtomicInteger();

    @BeforeEach
    void start() throws IOException { aws = new AwsJsonServer(); }

    @AfterEach
    void stop() { aws.close(); }

    private Supplier<SsmClient> ssm() {
        return () -> {
            ssmClients.incrementAndGet();
            return SsmClient.builder().endpointOverride(aws.endpoint()).region(Region.US_EAST_1)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "s")))
                    .httpClient(UrlConnectionHttpClient.create()).build();
        };
    }

    private Supplier<SecretsManagerClient> secrets() {
        return () -> SecretsManagerClient.builder().endpointOverride(aws.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "s")))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }


    private void parameterHolds(String doc) {
        String quoted = new String(com.fasterxml.jackson.core.io.JsonStringEncoder.getInstance().quoteAsString(doc));
        aws.on("AmazonSSM.GetParameter", r -> AwsJsonServer.Answer.ok("{\"Parameter\": {\"Name\": \"/leptoid/config\","
                + " \"Type\": \"SecureString\", \"Version\": 3, \"Value\": \"" + quoted + "\"}}"));
    }

    @Test
    void inline_text_wins_over_the_parameter_and_the_file(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("leptoid.yaml"), DOC.formatted("fromfile"));
        parameterHolds(DOC.formatted("fromssm"));
        Map<String, String> env = Map.of(LambdaConfigSource.INLINE, DOC.formatted("inline"),
                LambdaConfigSource.PARAMETER, "/leptoid/config", LambdaConfigSource.FILE, file.toString());
        LambdaConfigSource.Loaded loaded = new LambdaConfigSource(env, ssm()).load();
        assertEquals("environment variable LEPTOID_CONFIG", loaded.origin());
        assertTrue(loaded.config().environment("inline").isPresent());
        assertEquals(0, ssmClients.get(), "SSM is not even contacted when it is not the source");
    }

    @Test
    void the_ssm_parameter_is_read_with_decryption_before_the_file(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("leptoid.yaml"), DOC.formatted("fromfile"));
        parameterHolds(DOC.formatted("fromssm"));
        Map<String, String> env = Map.of(LambdaConfigSource.PARAMETER, "/leptoid/config", LambdaConfigSource.FILE, file.toString());
        LambdaConfigSource.Loaded loaded = new LambdaConfigSource(env, ssm()).load();
        assertEquals("SSM parameter /leptoid/config", loaded.origin());
        assertTrue(loaded.config().environment("fromssm").isPresent());
        String body = aws.requests().get(0).body();
        assertTrue(body.contains("\"Name\":\"/leptoid/config\"") && body.contains("\"WithDecryption\":true"), body);
    }

    @Test
    void the_file_is_used_when_nothing_else_is_set(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("leptoid.yaml"), DOC.formatted("fromfile"));
        LambdaConfigSource.Loaded loaded = new LambdaConfigSource(Map.of(LambdaConfigSource.FILE, file.toString()), ssm()).load();
        assertTrue(loaded.config().environment("fromfile").isPresent());
        assertEquals(file.toString(), loaded.origin());
    }

    @Test
    void environment_variables_override_single_values_and_are_validated_like_the_file() throws Exception {
        Map<String, String> env = new HashMap<>(Map.of(LambdaConfigSource.INLINE, DOC.formatted("p"),
                LambdaConfigSource.GRAPHITE_URL, "https://graphite.example.net/", LambdaConfigSource.CARBON_HOST, "carbon.example.net",
                LambdaConfigSource.CARBON_PORT, "2013", LambdaConfigSource.CLOUDWATCH_NAMESPACE, "Leptoid/Prod"));
        LambdaConfigSource.Loaded loaded = new LambdaConfigSource(env, ssm()).load();
        assertEquals("Leptoid/Prod", loaded.config().cloudWatchNamespace());
        assertEquals(URI.create("https://graphite.example.net/"), loaded.config().graphite().url());
        assertEquals("carbon.example.net", loaded.config().carbon().host());
        assertEquals(2013, loaded.config().carbon().port());
        assertEquals("environment variable LEPTOID_CONFIG with LEPTOID_GRAPHITE_URL, LEPTOID_CARBON_HOST, LEPTOID_CARBON_PORT, "
                        + "LEPTOID_CLOUDWATCH_NAMESPACE",
                loaded.origin());

        env.put(LambdaConfigSource.GRAPHITE_URL, "ftp://graphite");
        ConfigException e = assertThrows(ConfigException.class, () -> new LambdaConfigSource(env, ssm()).load());
        assertTrue(e.getMessage().contains("graphite.url: must be an http or https URL"), e.getMessage());
        env.put(LambdaConfigSource.GRAPHITE_URL, "http://g");
        env.put(LambdaConfigSource.CARBON_PORT, "twenty");
        assertEquals("LEPTOID_CARBON_PORT: must be a whole number, got 'twenty'",
                assertThrows(ConfigException.class, () -> new LambdaConfigSource(env, ssm()).load()).getMessage());
    }

    @Test
    void a_duplicate_key_is_an_error_also_when_overrides_rewrite_the_document() {
        String doc = DOC.formatted("p").replace("auto_scaling_group: api", "auto_scaling_group: api\n        auto_scaling_group: web");
        Map<String, String> env = Map.of(LambdaConfigSource.INLINE, doc, LambdaConfigSource.CARBON_HOST, "carbon.example.net");
        assertEquals("environment variable LEPTOID_CONFIG:7:27: environments.p.services.api.auto_scaling_group: duplicate key"
                        + " (each key may appear once)",
                assertThrows(ConfigException.class, () -> new LambdaConfigSource(env, ssm()).load()).getMessage());
    }

    @Test
    void a_missing_parameter_or_no_source_at_all_is_one_line() {
        aws.on("AmazonSSM.GetParameter", r -> AwsJsonServer.Answer.error(400, "ParameterNotFound", "nope"));
        assertEquals("SSM parameter /leptoid/missing: not found", assertThrows(ConfigException.class,
                () -> new LambdaConfigSource(Map.of(LambdaConfigSource.PARAMETER, "/leptoid/missing"), ssm()).load()).getMessage());
        aws.on("AmazonSSM.GetParameter", r -> AwsJsonServer.Answer.error(400, "AccessDeniedException", "not allowed"));
        assertEquals("SSM parameter /leptoid/other: cannot be read (AccessDeniedException)", assertThrows(ConfigException.class,
                () -> new LambdaConfigSource(Map.of(LambdaConfigSource.PARAMETER, "/leptoid/other"), ssm()).load()).getMessage());
        assertEquals("no configuration: set LEPTOID_CONFIG, LEPTOID_CONFIG_PARAMETER or LEPTOID_CONFIG_FILE, or bundle leptoid.yaml in the jar",
                assertThrows(ConfigException.class, () -> new LambdaConfigSource(Map.of(), ssm()).load()).getMessage());
    }

    @Test
    void graphite_credentials_come_from_the_secret_once_and_are_read_again_after_forget() throws SourceException {
        aws.on("secretsmanager.GetSecretValue", r -> AwsJsonServer.Answer.ok(
                "{\"ARN\": \"arn:aws:secretsmanager:us-east-1:1:secret:graphite\", \"Name\": \"graphite\","
                        + " \"SecretString\": \"{\\\"username\\\": \\\"leptoid\\\", \\\"password\\\": \\\"hunter2\\\"}\"}"));
        SecretCredentials credentials = new SecretCredentials(secrets(), "graphite");
        assertEquals(List.of(), credentials.secrets(), "nothing known before the first read");
        assertEquals(Optional.of("Basic bGVwdG9pZDpodW50ZXIy"), credentials.header());
        assertEquals(Optional.of("Basic bGVwdG9pZDpodW50ZXIy"), credentials.header());
        assertEquals(1, aws.requests().size(), "read once per container");
        assertTrue(aws.requests().get(0).body().contains("\"SecretId\":\"graphite\""));
        assertEquals(List.of("hunter2", "bGVwdG9pZDpodW50ZXIy"), credentials.secrets(), "what the redactor removes");
        credentials.forget();
        assertEquals(List.of(), credentials.secrets());
        credentials.header();
        assertEquals(2, aws.requests().size(), "read again after the snapshot hook dropped it");
        assertFalse(credentials.toString().contains("hunter2") || credentials.toString().contains("bGVwdG9pZDpodW50ZXIy"),
                credentials.toString());
    }

    @Test
    void a_secret_that_cannot_be_read_or_parsed_is_named_but_never_echoed() throws SourceException {
        aws.on("secretsmanager.GetSecretValue", r -> AwsJsonServer.Answer.error(400, "AccessDeniedException", "denied"));
        assertEquals("Graphite secret graphite: cannot be read (AccessDeniedException)",
                assertThrows(SourceException.class, () -> new SecretCredentials(secrets(), "graphite").header()).getMessage());
        aws.on("secretsmanager.GetSecretValue", r -> AwsJsonServer.Answer.ok(
                "{\"Name\": \"graphite\", \"SecretString\": \"{\\\"user\\\": \\\"leptoid\\\", \\\"pass\\\": \\\"hunter2\\\"}\"}"));
        String m = assertThrows(SourceException.class, () -> new SecretCredentials(secrets(), "graphite").header()).getMessage();
        assertEquals("Graphite secret graphite: needs either username and password, or token", m);
        assertEquals("is not valid JSON",
                assertThrows(IllegalArgumentException.class, () -> SecretCredentials.parse("{\"token\": hunter2")).getMessage());
        assertEquals(Optional.of("Bearer abc.def"), SecretCredentials.parse("{\"token\": \"abc.def\"}").header());
    }
}
