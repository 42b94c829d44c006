package dev.leptoid.actuation;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class AwsClientsTest {

    @Test
    void the_region_comes_from_aws_region_before_aws_default_region() {
        assertEquals(Region.EU_WEST_1, AwsClients.Settings.fromEnvironment(Map.of("AWS_REGION", "eu-west-1",
                "AWS_DEFAULT_REGION", "us-east-1")).region());
        assertEquals(Region.US_EAST_2, AwsClients.Settings.fromEnvironment(Map.of("AWS_DEFAULT_REGION", "us-east-2")).region());
    }

    @Test
    void a_missing_or_malformed_region_is_a_one_line_error() {
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> AwsClients.Settings.fromEnvironment(Map.of()));
        assertEquals("AWS region is not set: export AWS_REGION (e.g. us-east-1)", none.getMessage());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> AwsClients.Settings.fromEnvironment(Map.of("AWS_REGION", "us east\n1")));
        assertEquals("AWS_REGION 'us?east?1' is not a region name", bad.getMessage());
    }

    @Test
    void retries_are_bounded() {
        AwsClients.Settings s = AwsClients.Settings.defaults(Region.US_EAST_1);
        assertEquals(4, AwsClients.retryStrategy(s).maxAttempts());
        assertThrows(IllegalArgumentException.class, () -> s.withRetries(0, s.baseDelay(), s.throttlingBaseDelay(), s.maxBackoff()));
        assertThrows(IllegalArgumentException.class, () -> s.withRetries(11, s.baseDelay(), s.throttlingBaseDelay(), s.maxBackoff()));
    }

    @Test
    void the_sdks_slf4j_logging_finds_a_binding_so_no_run_prints_slf4j_warnings() {
        // SLF4J 1.7 (what the SDK's sdk-core brings) prints three "SLF4J: ..." lines to stderr on first use
        // unless this class is on the runtime class path (slf4j-nop provides it)
        assertDoesNotThrow(() -> Class.forName("org.slf4j.impl.StaticLoggerBinder"));
        assertEquals("org.slf4j.helpers.NOPLogger", org.slf4j.LoggerFactory.getLogger("software.amazon.awssdk").getClass().getName());
    }
}
