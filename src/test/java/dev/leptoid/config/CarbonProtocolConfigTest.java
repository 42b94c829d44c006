package dev.leptoid.config;

import dev.leptoid.publication.CarbonPublisher;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CarbonProtocolConfigTest {

    private static final String ENVS = """
            environments:
              prod:
                services:
                  api:
                    auto_scaling_group: api-asg
                    metrics: {utilization: "servers.{instance}.cpu"}
            """;

    @Test
    void pickle_is_chosen_in_the_carbon_section_and_defaults_to_port_2004() throws Exception {
        LeptoidConfig c = ConfigLoader.parse("carbon: {host: carbon.internal, protocol: pickle}\n" + ENVS, "t.yaml");
        assertEquals(new LeptoidConfig.Carbon("carbon.internal", 2004, "pickle"), c.carbon());
        assertEquals(CarbonPublisher.Protocol.PICKLE, CarbonPublisher.of(c.carbon()).protocol());
    }

    @Test
    void plaintext_on_port_2003_is_the_default() throws Exception {
        LeptoidConfig c = ConfigLoader.parse("carbon: {host: carbon.internal}\n" + ENVS, "t.yaml");
        assertEquals(new LeptoidConfig.Carbon("carbon.internal", 2003, "plaintext"), c.carbon());
        assertEquals(CarbonPublisher.Protocol.PLAINTEXT, CarbonPublisher.of(c.carbon()).protocol());
    }

    @Test
    void an_unknown_protocol_is_one_line_naming_the_key() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.parse("carbon: {host: c, protocol: udp}\n" + ENVS, "t.yaml"));
        assertEquals("t.yaml: carbon.protocol: 'udp' is not one of plaintext, pickle", e.getMessage());
    }
}
