package dev.leptoid.app;

import dev.leptoid.config.EnvironmentConfig;
import dev.leptoid.config.EnvironmentConfig.Mode;
import dev.leptoid.config.Names;
import dev.leptoid.config.ServiceConfig;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PartTest {

    private static EnvironmentConfig environment(int services) {
        List<ServiceConfig> list = new ArrayList<>();
        for (int i = services - 1; i >= 0; i--) list.add(new ServiceConfig("s" + (char) ('a' + i / 26) + (char) ('a' + i % 26), null, null, null));
        return new EnvironmentConfig("production", Mode.DRY_RUN, list);
    }

    @Test
    void the_shards_of_an_environment_are_disjoint_cover_every_service_and_keep_the_configured_order() {
        for (int services : List.of(1, 5, 50, 97))
            for (int count : List.of(1, 2, 3, 4, 7, 100)) {
                EnvironmentConfig env = environment(services);
                List<String> union = new ArrayList<>();
                for (int k = 1; k <= count; k++) {
                    EnvironmentConfig part = new Part(List.of(), Optional.of(new Part.Shard(k, count))).select(env);
                    List<String> names = part.services().stream().map(ServiceConfig::name).toList();
                    // balanced: sizes differ by at most one
                    assertTrue(Math.abs(names.size() - services / (double) count) < 1, services + " in " + k + "/" + count + ": " + names);
                    List<String> configuredOrder = env.services().stream().map(ServiceConfig::name).filter(names::contains).toList();
                    assertEquals(configuredOrder, names);
                    union.addAll(names);
                }
                assertEquals(env.services().stream().map(ServiceConfig::name).sorted().toList(), union.stream().sorted().toList(),
                        services + " services in " + count + " shards");
            }
    }

    @Test
    void a_shard_is_stable_when_a_service_sorted_after_it_is_added() {
        EnvironmentConfig four = environment(4);
        EnvironmentConfig five = environment(5);
        Part first = new Part(List.of(), Optional.of(new Part.Shard(1, 2)));
        assertEquals(List.of("saa", "sac"), first.select(four).services().stream().map(ServiceConfig::name).sorted().toList());
        assertEquals(List.of("saa", "sac", "sae"), first.select(five).services().stream().map(ServiceConfig::name).sorted().toList());
    }

    @Test
    void named_services_keep_the_configured_order_and_an_unknown_one_is_named() {
        EnvironmentConfig env = environment(4); // configured sad, sac, sab, saa
        assertEquals(List.of("sac", "saa"), new Part(List.of("saa", "sac"), Optional.empty()).select(env).services().stream()
                .map(ServiceConfig::name).toList());
        assertEquals("service 'web' is not in environment 'production' (services: saa, sab, sac, sad)",
                assertThrows(IllegalArgumentException.class, () -> new Part(List.of("saa", "web"), Optional.empty()).select(env))
                        .getMessage());
        assertSame(env, Part.WHOLE.select(env));
    }

    @Test
    void a_part_refuses_what_would_name_no_clear_set_of_services() {
        assertThrows(IllegalArgumentException.class, () -> new Part(List.of("api"), Optional.of(new Part.Shard(1, 2))));
        assertThrows(IllegalArgumentException.class, () -> new Part(List.of("api", "api"), Optional.empty()));
        assertThrows(IllegalArgumentException.class, () -> new Part(List.of("a.b"), Optional.empty()));
        assertThrows(IllegalArgumentException.class, () -> new Part(List.of("*"), Optional.empty()));
        for (String bad : List.of("0/4", "5/4", "2", "/4", "1/1001", "2/4/8", " 2/4"))
            assertThrows(IllegalArgumentException.class, () -> Part.Shard.parse(bad), bad);
        assertEquals(new Part.Shard(2, 4), Part.Shard.parse("2/4"));
    }

    @Test
    void each_part_names_its_own_run_health_node_and_the_whole_environment_none() {
        assertEquals(null, Part.WHOLE.healthNode());
        assertEquals(null, new Part(List.of(), Optional.of(new Part.Shard(1, 1))).healthNode());
        assertEquals("shard_2_of_4", new Part(List.of(), Optional.of(new Part.Shard(2, 4))).healthNode());
        String webApi = new Part(List.of("web", "api"), Optional.empty()).healthNode();
        assertTrue(webApi.matches("services_[0-9a-f]{8}"), webApi);
        assertEquals(webApi, new Part(List.of("api", "web"), Optional.empty()).healthNode(),
                "the same services in another order are the same part");
        assertFalse(webApi.equals(new Part(List.of("api"), Optional.empty()).healthNode()));
        assertTrue(Names.isValidNode(webApi));
        assertEquals(" (shard 2/4)", new Part(List.of(), Optional.of(new Part.Shard(2, 4))).describe());
        assertEquals("", Part.WHOLE.describe());
    }
}
