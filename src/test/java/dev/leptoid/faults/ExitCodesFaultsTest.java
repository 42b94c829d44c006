package dev.leptoid.faults;

import dev.leptoid.testing.RefusingPort;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code leptoid run} as a process: its exit status tells a script whether the run did its whole job. */
@Tag("graphite")
class ExitCodesFaultsTest {

    private final FaultRig rig = new FaultRig();
    @TempDir Path dir;

    ExitCodesFaultsTest() throws Exception {}

    @AfterEach
    void close() { rig.close(); }

    private record Exit(int code, String out, String err) {}

    private Exit leptoid(String config, String awsEndpoint) throws Exception {
        Path file = dir.resolve("leptoid.yaml");
        Files.writeString(file, config);
        Path out = dir.resolve("out"), err = dir.resolve("err");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.leptoid.cli.Main", "run", "--config", file.toString(),
                "--environment", FaultRig.ENV, "--mode", "act", "--aws-endpoint", awsEndpoint));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().put("AWS_REGION", "us-east-1");
        pb.environment().put("AWS_ACCESS_KEY_ID", "AKIDTEST");
        pb.environment().put("AWS_SECRET_ACCESS_KEY", "secret");
        Process p = pb.start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IOException("leptoid run did not end");
        }
        return new Exit(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    private void apiThatNeedsScaleOut() {
        rig.group("api", 1, 1, 20, "api-1");
        rig.instance("api", "api-1", 100, 20, 120, 1);
        rig.publish();
    }

    @Test
    void a_run_that_decided_and_applied_everything_exits_0() throws Exception {
        apiThatNeedsScaleOut();
        Exit e = leptoid(yaml(rig.graphite.carbonPort()), rig.aws.endpoint().toString());
        assertEquals(0, e.code(), e.out() + e.err());
        assertEquals(List.of("api-asg=4"), rig.sets());
    }

    @Test
    void a_run_whose_auto_scaling_endpoint_is_unreachable_exits_3() throws Exception {
        apiThatNeedsScaleOut();
        try (RefusingPort aws = new RefusingPort()) {
            Exit e = leptoid(yaml(rig.graphite.carbonPort()), "http://127.0.0.1:" + aws.port());
            assertEquals(3, e.code(), e.out() + e.err());
            assertTrue(e.out().contains("HOLD") && e.out().contains("group-unknown"), e.out());
        }
    }

    @Test
    void a_run_whose_carbon_refuses_connections_exits_3() throws Exception {
        apiThatNeedsScaleOut();
        try (RefusingPort carbon = new RefusingPort()) {
            Exit e = leptoid(yaml(carbon.port()), rig.aws.endpoint().toString());
            assertEquals(3, e.code(), e.out() + e.err());
            assertTrue(e.out().contains("publication:"), e.out());
            assertEquals(List.of("api-asg=4"), rig.sets()); // the decision itself was applied
        }
    }

    /** The rig's configuration as a file, with Carbon on {@code carbonPort}. */
    private String yaml(int carbonPort) {
        return rig.yaml(rig.graphite.baseUri(), carbonPort, "api");
    }
}
