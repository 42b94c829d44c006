package dev.leptoid.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leptoid.source.Series;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Graphite (carbon-cache + graphite-web) on 127.0.0.1, started by {@code scripts/graphite}.
 *
 * <p>{@link #shared()} is one instance per test JVM, started on first use and stopped when the JVM
 * exits. Tests that stop parts of Graphite take their own {@link #startNew()} and {@link #stop()} it
 * in {@code @AfterAll}. Tests using it are tagged {@code @Tag("graphite")}.
 */
public final class LocalGraphite {

    private static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(10); // covers a first apt-get install
    private static final ObjectMapper JSON = new ObjectMapper();
    private static LocalGraphite shared;

    private final Path script;
    private final Path dir;
    private final URI baseUri;
    private final String carbonHost;
    private final int carbonPort;
    private final int carbonPicklePort;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Thread shutdownHook = new Thread(this::stopQuietly, "local-graphite-stop");
    private boolean stopped;

    private LocalGraphite(Path script, Path dir, Map<String, String> env) {
        this.script = script;
        this.dir = dir;
        this.baseUri = URI.create(required(env, "GRAPHITE_URL"));
        this.carbonHost = required(env, "CARBON_HOST");
        this.carbonPort = Integer.parseInt(required(env, "CARBON_PORT"));
        this.carbonPicklePort = Integer.parseInt(required(env, "CARBON_PICKLE_PORT"));
    }

    /** The Graphite shared by all tests in this JVM; started on first call. */
    public static synchronized LocalGraphite shared() {
        if (shared == null) shared = startNew();
        return shared;
    }

    /** A Graphite of its own, in a new temporary directory; stop it with {@link #stop()}. */
    public static LocalGraphite startNew() {
        Path script = findScript();
        Path dir;
        try {
            dir = Files.createTempDirectory("leptoid-graphite-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a directory for Graphite", e);
        }
        run(script, "start", dir);
        LocalGraphite graphite = new LocalGraphite(script, dir, readEnv(dir.resolve("env")));
        Runtime.getRuntime().addShutdownHook(graphite.shutdownHook);
        return graphite;
    }

    /** graphite-web's base, e.g. {@code http://127.0.0.1:28737/}; events live at {@code events/}. */
    public URI baseUri() { return baseUri.resolve("/"); }

    public URI renderUri() { return baseUri.resolve("/render"); }

    public String carbonHost() { return carbonHost; }

    public int carbonPort() { return carbonPort; }

    public int carbonPicklePort() { return carbonPicklePort; }

    public Path directory() { return dir; }

    public void stopWeb() { run(script, "stop-web", dir); }

    public void startWeb() { run(script, "start-web", dir); }

    public void stopCarbon() { run(script, "stop-carbon", dir); }

    public void startCarbon() { run(script, "start-carbon", dir); }

    /** Sends {@code "path value epoch"} lines to Carbon's plaintext receiver. */
    public void writePlaintext(List<String> lines) {
        StringBuilder text = new StringBuilder();
        for (String line : lines) {
            if (line.indexOf('\n') >= 0) throw new IllegalArgumentException("plaintext line contains a newline: " + line);
            text.append(line).append('\n');
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(carbonHost, carbonPort), 2000);
            OutputStream out = socket.getOutputStream();
            out.write(text.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            socket.shutdownOutput();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to Carbon at " + carbonHost + ":" + carbonPort + ": " + e.getMessage(), e);
        }
    }

    /**
     * Polls {@code /render?format=json} until {@code target} (exactly one series) shows at least
     * {@code expectedPoints} non-null points in {@code (from, until]}, and returns it; gaps are NaN.
     */
    public Series awaitSeries(String target, long from, long until, int expectedPoints, Duration timeout) {
        URI uri = URI.create(renderUri() + "?format=json&target=" + URLEncoder.encode(target, StandardCharsets.UTF_8)
                + "&from=" + from + "&until=" + until);
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer";
        while (true) {
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofString());
                last = "HTTP " + response.statusCode() + " " + response.body();
                if (response.statusCode() == 200) {
                    Series series = parseSingleSeries(target, JSON.readTree(response.body()), from, until);
                    if (series != null && series.presentCount() >= expectedPoints) return series;
                }
            } catch (IOException e) {
                last = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + target, e);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Graphite did not show " + expectedPoints + " points of " + target
                        + " within " + timeout + "; last answer: " + abbreviate(last));
            }
            sleep(100);
        }
    }

    /** Stops carbon-cache and graphite-web and deletes the directory; safe to call twice. */
    public synchronized void stop() {
        if (stopped) return;
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // called from the hook itself
        }
        run(script, "stop", dir);
        stopped = true;
        deleteRecursively(dir);
    }

    private void stopQuietly() {
        try {
            stop();
        } catch (RuntimeException e) {
            System.err.println("LocalGraphite: " + e.getMessage());
        }
    }

    private static Series parseSingleSeries(String target, JsonNode body, long from, long until) {
        if (body.isEmpty()) return null; // no whisper file yet
        if (body.size() != 1) throw new IllegalStateException(target + " matched " + body.size() + " series; expected one");
        JsonNode points = body.get(0).get("datapoints");
        if (points.isEmpty()) return null;
        double[] values = new double[points.size()];
        for (int i = 0; i < values.length; i++) {
            JsonNode value = points.get(i).get(0);
            values[i] = value.isNull() ? Double.NaN : value.asDouble();
        }
        long start = points.get(0).get(1).asLong();
        long step = values.length > 1 ? points.get(1).get(1).asLong() - start : Math.max(1, until - from);
        return new Series(body.get(0).get("target").asText(), start, step, values);
    }

    private static Path findScript() {
        Path cwd = Path.of("").toAbsolutePath();
        for (Path p = cwd; p != null; p = p.getParent()) {
            Path script = p.resolve("scripts/graphite");
            if (Files.isExecutable(script)) return script;
        }
        throw new IllegalStateException("scripts/graphite not found in " + cwd + " or its parents");
    }

    private static void run(Path script, String command, Path dir) {
        Path log = null;
        try {
            log = Files.createTempFile("leptoid-graphite-", ".log");
            // output goes to a file, not a pipe: the daemons the script starts must not hold our pipe open
            Process process = new ProcessBuilder(script.toString(), command, dir.toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!process.waitFor(SCRIPT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("scripts/graphite " + command + " " + dir + " did not finish in "
                        + SCRIPT_TIMEOUT + ": " + Files.readString(log).strip());
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("scripts/graphite " + command + " " + dir + " failed (exit "
                        + process.exitValue() + "): " + Files.readString(log).strip());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + script + " " + command + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running scripts/graphite " + command, e);
        } finally {
            if (log != null) log.toFile().delete();
        }
    }

    private static Map<String, String> readEnv(Path file) {
        Map<String, String> env = new HashMap<>();
        try {
            for (String line : Files.readAllLines(file)) {
                int eq = line.indexOf('=');
                if (eq > 0) env.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return env;
    }

    private static String required(Map<String, String> env, String key) {
        String value = env.get(key);
        if (value == null || value.isEmpty()) throw new IllegalStateException("Graphite env file has no " + key + ": " + env);
        return value;
    }

    private static void deleteRecursively(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + root + ": " + e.getMessage(), e);
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 500 ? s : s.substring(0, 500) + "...";
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
