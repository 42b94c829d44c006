package dev.leptoid.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Reads template.yaml (short-form tags and all) and checks what a deployment depends on. */
class TemplateTest {

    private static Map<String, Object> template;
    private static Map<String, Object> function;

    @BeforeAll
    static void load() throws Exception {
        template = CloudFormationYaml.load(Files.readString(Path.of("template.yaml")));
        List<Map<String, Object>> functions = resources("AWS::Serverless::Function");
        assertEquals(1, functions.size(), "one function");
        function = map(functions.get(0).get("Properties"));
    }

    @Test
    void the_handler_names_a_class_with_that_public_method_and_a_no_argument_constructor() throws Exception {
        String handler = (String) function.get("Handler");
        String[] parts = handler.split("::");
        assertEquals(2, parts.length, handler);
        Class<?> type = Class.forName(parts[0]);
        assertTrue(RequestStreamHandler.class.isAssignableFrom(type), handler + " is not a RequestStreamHandler");
        Method m = type.getMethod(parts[1], InputStream.class, OutputStream.class, Context.class);
        assertTrue(Modifier.isPublic(m.getModifiers()));
        assertTrue(Modifier.isPublic(type.getConstructor().getModifiers()));
    }

    @Test
    void the_function_runs_java21_on_arm64_with_snapstart_on_published_versions_behind_an_alias() {
        assertEquals("java21", function.get("Runtime"));
        assertEquals(List.of("arm64"), function.get("Architectures"));
        assertEquals("PublishedVersions", map(function.get("SnapStart")).get("ApplyOn"));
        assertTrue(function.get("AutoPublishAlias") instanceof String s && !s.isBlank(), "AutoPublishAlias");
        assertTrue(function.get("ReservedConcurrentExecutions") instanceof Integer n && n >= 1, "reserved concurrency");
        assertTrue(function.get("Timeout") instanceof Integer t && t <= 900);
        assertTrue(function.get("MemorySize") instanceof Integer mb && mb >= 512);
    }

    @Test
    void every_environment_has_exactly_one_schedule_whose_input_the_handler_accepts() throws Exception {
        Map<String, Object> params = map(template.get("Parameters"));
        List<String> environments = new ArrayList<>();
        for (Object e : map(function.get("Events")).values()) {
            Map<String, Object> event = map(e);
            assertEquals("ScheduleV2", event.get("Type"), "every event is an EventBridge Scheduler schedule");
            Map<String, Object> p = map(event.get("Properties"));
            assertNotNull(p.get("ScheduleExpression"));
            ScheduleInput input = ScheduleInput.parse(substitute(p.get("Input"), params).getBytes(StandardCharsets.UTF_8));
            assertTrue(input.mode().isPresent(), "the schedule sets the mode from a parameter");
            environments.add(input.environment());
        }
        assertEquals(new HashSet<>(environments).size(), environments.size(), "one schedule per environment: " + environments);
        assertEquals(new TreeSet<>(environments), new TreeSet<>(taggedEnvironments()),
                "the SetDesiredCapacity tag condition names exactly the scheduled environments");
        try (Stream<Path> files = Files.list(Path.of("events"))) {
            for (Path f : files.toList())
                assertTrue(environments.contains(ScheduleInput.parse(Files.readAllBytes(f)).environment()),
                        f + " names an environment without a schedule");
        }
        assertEquals(environments.size(), function.get("ReservedConcurrentExecutions"), "one concurrent run per environment");
    }

    @Test
    void no_statement_grants_set_desired_capacity_or_put_metric_data_without_its_condition() {
        List<Map<String, Object>> statements = statements();
        assertFalse(statements.isEmpty());
        int capacity = 0, metrics = 0;
        for (Map<String, Object> s : statements) {
            assertEquals("Allow", s.get("Effect"));
            List<String> actions = strings(s.get("Action"));
            for (String a : actions) assertFalse(a.equals("*") || a.endsWith(":*"), "no whole-service wildcard: " + a);
            if (grants(actions, "autoscaling:SetDesiredCapacity")) {
                capacity++;
                Map<String, Object> eq = map(map(s.get("Condition")).get("StringEquals"));
                assertFalse(strings(eq.get("aws:ResourceTag/leptoid:environment")).isEmpty(), "SetDesiredCapacity without the tag condition: " + s);
            }
            if (grants(actions, "cloudwatch:PutMetricData")) {
                metrics++;
                Map<String, Object> eq = map(map(s.get("Condition")).get("StringEquals"));
                assertEquals(Map.of("Ref", "MetricNamespace"), eq.get("cloudwatch:namespace"), "PutMetricData without the namespace condition: " + s);
            }
            if (grants(actions, "secretsmanager:GetSecretValue") || grants(actions, "ssm:GetParameter"))
                assertFalse("*".equals(s.get("Resource")), "secrets and parameters are granted one by one: " + s);
            for (String a : actions)
                if (a.startsWith("autoscaling:")) assertTrue(a.startsWith("autoscaling:Describe") || a.equals("autoscaling:SetDesiredCapacity"), a);
        }
        assertEquals(1, capacity);
        assertEquals(1, metrics);
    }

    @Test
    void the_function_publishes_run_health_in_the_namespace_its_policy_allows() {
        Map<String, Object> vars = map(map(function.get("Environment")).get("Variables"));
        assertEquals(Map.of("Ref", "MetricNamespace"), vars.get(LambdaConfigSource.CLOUDWATCH_NAMESPACE));
    }

    @Test
    void failures_go_to_a_queue_and_an_alarm_watches_the_errors() {
        Map<String, Object> onFailure = map(map(map(function.get("EventInvokeConfig")).get("DestinationConfig")).get("OnFailure"));
        assertEquals("SQS", onFailure.get("Type"));
        assertTrue(resources("AWS::CloudWatch::Alarm").stream()
                .map(r -> map(r.get("Properties")))
                .anyMatch(p -> "AWS/Lambda".equals(p.get("Namespace")) && "Errors".equals(p.get("MetricName"))));
        assertFalse(map(template.get("Outputs")).isEmpty());
    }

    // --- helpers ---

    /** Whether any action pattern (IAM wildcards * and ?) covers {@code action}. */
    static boolean grants(List<String> patterns, String action) {
        for (String p : patterns) {
            String regex = Pattern.quote(p).replace("*", "\\E.*\\Q").replace("?", "\\E.\\Q");
            if (Pattern.compile(regex, Pattern.CASE_INSENSITIVE).matcher(action).matches()) return true;
        }
        return false;
    }

    private List<String> taggedEnvironments() {
        for (Map<String, Object> s : statements())
            if (grants(strings(s.get("Action")), "autoscaling:SetDesiredCapacity"))
                return strings(map(map(s.get("Condition")).get("StringEquals")).get("aws:ResourceTag/leptoid:environment"));
        return fail("no SetDesiredCapacity statement");
    }

    /** Every statement of the function's inline policies and of any IAM resource, both branches of an !If. */
    private static List<Map<String, Object>> statements() {
        List<Object> documents = new ArrayList<>();
        for (Object p : (List<?>) function.get("Policies")) documents.addAll(branches(p));
        for (String type : List.of("AWS::IAM::Role", "AWS::IAM::Policy", "AWS::IAM::ManagedPolicy"))
            for (Map<String, Object> r : resources(type)) {
                Map<String, Object> props = map(r.get("Properties"));
                if (props.get("PolicyDocument") != null) documents.add(props.get("PolicyDocument"));
                if (props.get("Policies") instanceof List<?> l) for (Object p : l) documents.add(map(p).get("PolicyDocument"));
            }
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object d : documents)
            if (d instanceof Map<?, ?> m && m.get("Statement") instanceof List<?> l)
                for (Object s : l) out.add(map(s));
        return out;
    }

    private static List<Object> branches(Object o) {
        if (o instanceof Map<?, ?> m && m.get("Fn::If") instanceof List<?> l)
            return List.of(l.get(1), l.get(2)).stream().flatMap(b -> branches(b).stream()).toList();
        return List.of(o);
    }

    /** Resolves an {@code Fn::Sub} string with the parameters' defaults. */
    private static String substitute(Object value, Map<String, Object> params) {
        if (value instanceof String s) return s;
        String text = (String) map(value).get("Fn::Sub");
        assertNotNull(text, "Input is a string or !Sub: " + value);
        Matcher m = Pattern.compile("\\$\\{([A-Za-z0-9:]+)}").matcher(text);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            Map<String, Object> p = map(params.get(m.group(1)));
            assertNotNull(p, "unknown parameter " + m.group(1));
            m.appendReplacement(b, Matcher.quoteReplacement(String.valueOf(p.get("Default"))));
        }
        return m.appendTail(b).toString();
    }

    private static List<Map<String, Object>> resources(String type) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object r : map(template.get("Resources")).values())
            if (type.equals(map(r).get("Type"))) out.add(map(r));
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        assertTrue(o instanceof Map, "expected a mapping, got " + o);
        return (Map<String, Object>) o;
    }

    private static List<String> strings(Object o) {
        if (o instanceof String s) return List.of(s);
        if (o instanceof List<?> l) return l.stream().map(String::valueOf).toList();
        return List.of();
    }

}
