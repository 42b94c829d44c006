package dev.leptoid.lambda;

import dev.leptoid.app.Part;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.leptoid.config.Names;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Reads template.yaml (short-form tags and all) and checks what a deployment depends on: what
 * {@code sam build} runs, the role under every combination of the template's conditions, one
 * environment per stack, no reserved concurrency by default, runs that cannot overlap, the alarms,
 * and that docs/deploy.md and samconfig.toml say the same.
 */
class TemplateTest {

    /** A value for every parameter: the defaults, and an environment name as a user would give it. */
    private static final String ENVIRONMENT = "eu-prod";
    private static final String FUNCTION_ID = "LeptoidFunction";

    private static Map<String, Object> template;
    private static Map<String, Object> function;
    private static Map<String, Object> functionResource;
    private static Map<String, Object> parameters;

    @BeforeAll
    static void load() throws Exception {
        template = CloudFormationYaml.load(Files.readString(Path.of("template.yaml")));
        functionResource = map(map(template.get("Resources")).get(FUNCTION_ID));
        assertEquals("AWS::Serverless::Function", functionResource.get("Type"));
        assertEquals(1, resources("AWS::Serverless::Function").size(), "one function");
        function = map(functionResource.get("Properties"));
        parameters = new HashMap<>();
        for (Map.Entry<String, Object> p : map(template.get("Parameters")).entrySet())
            parameters.put(p.getKey(), map(p.getValue()).get("Default"));
        parameters.put("EnvironmentName", ENVIRONMENT);
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
        assertTrue(function.get("Timeout") instanceof Integer t && t <= 900);
        assertTrue(function.get("MemorySize") instanceof Integer mb && mb >= 512);
    }

    @Test
    void sam_build_runs_the_makefile_target_that_copies_the_shaded_jar_built_without_tests(@TempDir Path artifacts) throws Exception {
        assertEquals("makefile", map(functionResource.get("Metadata")).get("BuildMethod"));
        assertEquals(".", function.get("CodeUri"), "the Makefile is at the project root");
        List<String> recipe = dryRunMake("build-" + FUNCTION_ID, artifacts);
        String mvn = recipe.stream().filter(l -> l.contains("mvn ")).findFirst().orElseGet(() -> fail("no mvn in " + recipe));
        assertTrue(mvn.contains(" package") && mvn.contains("-DskipTests"), "packages without running the tests: " + mvn);
        assertTrue(Files.readString(Path.of("pom.xml")).contains("<finalName>leptoid</finalName>"), "the shaded jar is target/leptoid.jar");
        assertTrue(recipe.contains("cp target/leptoid.jar \"" + artifacts + "/lib/leptoid.jar\""),
                "the jar goes to lib/ of the artifacts, on the Lambda classpath: " + recipe);
        String docs = Files.readString(Path.of("docs/deploy.md"));
        assertTrue(docs.contains("BuildMethod: makefile"), "docs/deploy.md names the build method");
        for (String line : recipe)
            if (!line.contains(artifacts.toString()))
                assertTrue(docs.contains(line), "docs/deploy.md shows what sam build runs: " + line);
    }

    @Test
    void no_managed_policy_is_attached_twice_under_any_combination_of_conditions() {
        assertNotNull(function.get("Role"), "the function names its role, so SAM adds no managed policy of its own");
        assertNull(function.get("Policies"), "policies belong on the role, where they are checked");
        Map<String, Object> role = map(map(map(template.get("Resources")).get("LeptoidFunctionRole")).get("Properties"));
        List<String> conditions = new ArrayList<>(map(template.get("Conditions")).keySet());
        for (int bits = 0; bits < 1 << conditions.size(); bits++) {
            Map<String, Boolean> truth = new HashMap<>();
            for (int i = 0; i < conditions.size(); i++) truth.put(conditions.get(i), (bits >> i & 1) == 1);
            List<String> arns = strings(resolve(role.get("ManagedPolicyArns"), truth));
            assertEquals(new HashSet<>(arns).size(), arns.size(), "duplicate managed policy with " + truth + ": " + arns);
            assertTrue(arns.contains("arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"), "logs");
            assertEquals(truth.get("HasVpc"), arns.contains("arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole"),
                    "the VPC policy exactly when the function is in a VPC: " + truth);
            List<Object> policies = asList(resolve(role.get("Policies"), truth));
            List<String> names = policies.stream().map(p -> (String) map(p).get("PolicyName")).toList();
            assertEquals(new HashSet<>(names).size(), names.size(), "duplicate inline policy with " + truth);
        }
    }

    @Test
    void the_least_privilege_table_lists_exactly_the_policies_and_statements_the_role_can_get() throws Exception {
        Set<String> granted = new TreeSet<>();
        for (Map<String, Object> s : statements()) granted.add((String) s.get("Sid"));
        Map<String, Object> role = map(map(map(template.get("Resources")).get("LeptoidFunctionRole")).get("Properties"));
        for (Object arn : branches(role.get("ManagedPolicyArns")))
            if (!isNoValue(arn)) granted.add(substitute(arn).replaceAll(".*/", ""));
        String docs = Files.readString(Path.of("docs/deploy.md"));
        String iam = docs.substring(docs.indexOf("## IAM"));
        Set<String> listed = new TreeSet<>();
        Matcher row = Pattern.compile("(?m)^\\| `([A-Za-z]+)`").matcher(iam);
        while (row.find()) listed.add(row.group(1));
        assertEquals(granted, listed, "docs/deploy.md's IAM table against template.yaml");
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
                assertEquals(Map.of("Ref", "EnvironmentName"), eq.get("aws:ResourceTag/leptoid:environment"),
                        "SetDesiredCapacity only on groups tagged with this stack's environment: " + s);
            }
            if (grants(actions, "cloudwatch:PutMetricData")) {
                metrics++;
                Map<String, Object> eq = map(map(s.get("Condition")).get("StringEquals"));
                assertEquals(Map.of("Ref", "MetricNamespace"), eq.get("cloudwatch:namespace"), "PutMetricData without the namespace condition: " + s);
            }
            if (grants(actions, "secretsmanager:GetSecretValue") || grants(actions, "ssm:GetParameter") || grants(actions, "sqs:SendMessage"))
                assertFalse("*".equals(s.get("Resource")), "secrets, parameters and queues are granted one by one: " + s);
            for (String a : actions)
                if (a.startsWith("autoscaling:")) assertTrue(a.startsWith("autoscaling:Describe") || a.equals("autoscaling:SetDesiredCapacity"), a);
        }
        assertEquals(1, capacity);
        assertEquals(1, metrics);
    }

    @Test
    void by_default_run_health_goes_out_as_log_lines_and_the_role_may_not_call_put_metric_data() {
        Map<String, Boolean> defaults = defaultConditions();
        assertFalse(defaults.get("UsePutMetricData"));
        Map<String, Object> role = map(map(map(template.get("Resources")).get("LeptoidFunctionRole")).get("Properties"));
        String policies = String.valueOf(resolve(role.get("Policies"), defaults));
        assertFalse(policies.contains("cloudwatch:PutMetricData"), policies);
        Map<String, Object> vars = map(map(function.get("Environment")).get("Variables"));
        assertEquals("emf", resolve(vars.get("LEPTOID_RUN_HEALTH"), defaults));
        assertEquals(Map.of("Ref", "MetricNamespace"), vars.get(LambdaConfigSource.CLOUDWATCH_NAMESPACE));
        assertEquals("JSON", map(function.get("LoggingConfig")).get("LogFormat"), "the function's own log lines are JSON");
    }

    @Test
    void there_is_no_reserved_concurrency_unless_the_parameter_asks_for_it() {
        Map<String, Boolean> defaults = defaultConditions();
        assertTrue(isNoValue(resolve(function.get("ReservedConcurrentExecutions"), defaults)), "none by default");
        parameters.put("ReservedConcurrency", "1");
        try {
            assertEquals(Map.of("Ref", "ReservedConcurrency"), resolve(function.get("ReservedConcurrentExecutions"), defaultConditions()));
        } finally {
            parameters.put("ReservedConcurrency", map(map(template.get("Parameters")).get("ReservedConcurrency")).get("Default"));
        }
    }

    @Test
    void one_environment_name_drives_the_schedule_its_input_and_the_iam_condition() throws Exception {
        Map<String, Object> events = map(function.get("Events"));
        assertEquals(1, events.size(), "one schedule per stack: " + events.keySet());
        Map<String, Object> event = map(events.values().iterator().next());
        assertEquals("ScheduleV2", event.get("Type"), "an EventBridge Scheduler schedule");
        Map<String, Object> p = map(event.get("Properties"));
        assertEquals(Map.of("Ref", "Schedule"), p.get("ScheduleExpression"));
        assertTrue(substitute(p.get("Name")).contains("${AWS::StackName}"), "schedule names differ between stacks");
        ScheduleInput input = ScheduleInput.parse(substitute(p.get("Input")).getBytes(StandardCharsets.UTF_8));
        assertEquals(ENVIRONMENT, input.environment());
        assertTrue(input.mode().isPresent(), "the schedule sets the mode from a parameter");
        assertEquals(Optional.of(new Part.Shard(1, 1)), input.part().shard(), "by default a stack runs the whole environment");
        Pattern shard = Pattern.compile((String) map(map(template.get("Parameters")).get("Shard")).get("AllowedPattern"));
        for (String s : List.of("1/1", "2/4", "1000/1000", "0/4", "5/4", "1/1001", "12345/99999", "2/", "/4", "2/4/8", " 2/4", "a/b")) {
            boolean leptoid;
            try {
                Part.Shard.parse(s);
                leptoid = true;
            } catch (IllegalArgumentException e) {
                leptoid = false;
            }
            // the pattern lets through what only leptoid can judge (k > n): the invocation then fails in one line
            assertTrue(!leptoid || shard.matcher(s).matches(), "Shard refuses what leptoid accepts: '" + s + "'");
        }
        // the tag condition (checked above) is the same parameter; its allowed values are leptoid's own names
        Pattern allowed = Pattern.compile((String) map(map(template.get("Parameters")).get("EnvironmentName")).get("AllowedPattern"));
        for (String name : List.of("eu-prod", "us_prod", "dev", "Prod2", "x".repeat(128), "x".repeat(129), "", "eu.prod", "prod*", "a b", "{env}"))
            assertEquals(Names.isValidNode(name), allowed.matcher(name).matches(), "EnvironmentName and leptoid disagree on '" + name + "'");
        try (Stream<Path> files = Files.list(Path.of("events"))) {
            for (Path f : files.toList()) {
                String env = ScheduleInput.parse(Files.readAllBytes(f)).environment();
                assertTrue(allowed.matcher(env).matches(), f + " names an environment no stack could run: " + env);
            }
        }
    }

    @Test
    void runs_of_one_environment_cannot_overlap_with_the_default_schedule() {
        Map<String, Object> schedule = map(map(map(function.get("Events")).values().iterator().next()).get("Properties"));
        Map<String, Object> retry = map(schedule.get("RetryPolicy"));
        Map<String, Object> invoke = map(function.get("EventInvokeConfig"));
        assertEquals(0, retry.get("MaximumRetryAttempts"));
        assertEquals(0, invoke.get("MaximumRetryAttempts"));
        Matcher rate = Pattern.compile("rate\\((\\d+) minutes?\\)").matcher((String) parameters.get("Schedule"));
        assertTrue(rate.matches(), "default schedule " + parameters.get("Schedule"));
        long period = TimeUnit.MINUTES.toSeconds(Long.parseLong(rate.group(1)));
        int latest = (Integer) retry.get("MaximumEventAgeInSeconds") + (Integer) invoke.get("MaximumEventAgeInSeconds")
                + (Integer) function.get("Timeout");
        assertTrue(latest < period, "a run may still be going " + latest + " s after its slot, the next comes after " + period + " s");
        String docs = readDocs();
        assertTrue(docs.contains(latest + " s"), "docs/deploy.md explains the " + latest + " s bound");
    }

    @Test
    void failures_go_to_queues_and_alarms_watch_the_errors_both_queues_and_the_run_health() {
        Map<String, Object> resources = map(template.get("Resources"));
        Map<String, Object> onFailure = map(map(map(function.get("EventInvokeConfig")).get("DestinationConfig")).get("OnFailure"));
        assertEquals("SQS", onFailure.get("Type"));
        String failureQueue = getAttTarget(onFailure.get("Destination"));
        Map<String, Object> schedule = map(map(map(function.get("Events")).values().iterator().next()).get("Properties"));
        Map<String, Object> deadLetter = map(schedule.get("DeadLetterConfig"));
        assertFalse(deadLetter.containsKey("Type"), "SAM takes the queue's Arn or a Type, never both");
        String deadLetterQueue = getAttTarget(deadLetter.get("Arn"));
        for (String q : List.of(failureQueue, deadLetterQueue))
            assertEquals("AWS::SQS::Queue", map(resources.get(q)).get("Type"), q);

        List<Map<String, Object>> alarms = resources("AWS::CloudWatch::Alarm").stream().map(r -> map(r.get("Properties"))).toList();
        assertTrue(alarms.stream().anyMatch(a -> "AWS/Lambda".equals(a.get("Namespace")) && "Errors".equals(a.get("MetricName"))
                && dimension(a, "FunctionName").equals(Map.of("Ref", FUNCTION_ID))), "function errors");
        for (String q : List.of(failureQueue, deadLetterQueue))
            assertTrue(alarms.stream().anyMatch(a -> "AWS/SQS".equals(a.get("Namespace"))
                    && "ApproximateNumberOfMessagesVisible".equals(a.get("MetricName"))
                    && dimension(a, "QueueName").equals(Map.of("Fn::GetAtt", List.of(q, "QueueName")))), "messages in " + q);
        assertTrue(alarms.stream().anyMatch(a -> Map.of("Ref", "MetricNamespace").equals(a.get("Namespace"))
                && "Errors".equals(a.get("MetricName")) && dimension(a, "Environment").equals(Map.of("Ref", "EnvironmentName"))),
                "leptoid's own run-health errors for this environment");
        assertFalse(map(template.get("Outputs")).isEmpty());
    }

    @Test
    void a_dead_mans_switch_fires_when_no_run_starts_while_the_schedule_is_enabled() {
        List<Map<String, Object>> silent = resources("AWS::CloudWatch::Alarm").stream()
                .filter(r -> "Invocations".equals(map(r.get("Properties")).get("MetricName"))).toList();
        assertEquals(1, silent.size(), "one alarm on the function's invocations");
        Map<String, Object> alarm = silent.get(0);
        Map<String, Object> a = map(alarm.get("Properties"));
        assertEquals("AWS/Lambda", a.get("Namespace"));
        assertEquals(Map.of("Ref", FUNCTION_ID), dimension(a, "FunctionName"));
        // no invocation means no data point: only "breaching" makes silence fire
        assertEquals("breaching", a.get("TreatMissingData"));
        assertEquals("LessThanThreshold", a.get("ComparisonOperator"));
        assertEquals(1, ((Number) a.get("Threshold")).intValue());
        assertEquals("Sum", a.get("Statistic"));
        assertEquals(Map.of("Ref", "NotRunningPeriods"), a.get("EvaluationPeriods"));
        assertEquals(Map.of("Ref", "NotRunningPeriods"), a.get("DatapointsToAlarm"), "every period silent, not some");
        // a schedule paused on purpose (ScheduleState DISABLED) is not an alarm
        String condition = (String) alarm.get("Condition");
        assertEquals(Map.of("Fn::Equals", List.of(Map.of("Ref", "ScheduleState"), "ENABLED")),
                map(template.get("Conditions")).get(condition));
        Map<String, Object> periods = map(map(template.get("Parameters")).get("NotRunningPeriods"));
        // the default covers the default schedule (5 minutes) at least twice: one late run is not an alarm
        int period = ((Number) a.get("Period")).intValue();
        assertTrue(((Number) periods.get("Default")).intValue() * period >= 2 * 300, periods.toString());
        assertTrue(((Number) periods.get("MinValue")).intValue() >= 2, periods.toString());
    }

    @Test
    void samconfig_has_one_deploy_section_per_environment_each_naming_its_environment_and_stack() throws Exception {
        Map<String, Map<String, String>> sections = new LinkedHashMap<>();
        Map<String, String> current = null;
        for (String line : Files.readAllLines(Path.of("samconfig.toml"))) {
            Matcher header = Pattern.compile("^\\[([A-Za-z0-9_-]+)\\.deploy\\.parameters]$").matcher(line.trim());
            if (header.matches()) sections.put(header.group(1), current = new LinkedHashMap<>());
            else if (line.startsWith("[")) current = null;
            else if (current != null && line.contains(" = ")) current.put(line.substring(0, line.indexOf(" = ")).trim(), line.substring(line.indexOf(" = ") + 3).trim());
        }
        assertTrue(sections.keySet().containsAll(List.of("dev", "eu-prod", "us-prod")), "example environments: " + sections.keySet());
        Set<String> stacks = new HashSet<>();
        for (Map.Entry<String, Map<String, String>> e : sections.entrySet()) {
            Map<String, String> s = e.getValue();
            assertTrue(stacks.add(s.get("stack_name")), "one stack per environment: " + s.get("stack_name"));
            assertTrue(s.get("parameter_overrides").contains("EnvironmentName=\\\"" + e.getKey() + "\\\""),
                    "[" + e.getKey() + "] runs environment " + e.getKey() + ": " + s.get("parameter_overrides"));
            for (String key : List.of("region", "capabilities", "resolve_s3"))
                assertNotNull(s.get(key), "[" + e.getKey() + "] sets " + key);
        }
        String docs = readDocs();
        for (String env : sections.keySet())
            assertTrue(docs.contains("sam deploy --config-env " + env) || env.equals("default"), "docs/deploy.md shows how to deploy " + env);
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

    private static String readDocs() {
        try {
            return Files.readString(Path.of("docs/deploy.md"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The commands {@code make -n TARGET} would run, one per line. */
    private static List<String> dryRunMake(String target, Path artifacts) throws Exception {
        Process p = new ProcessBuilder("make", "-n", target, "ARTIFACTS_DIR=" + artifacts).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), "make -n " + target + ": " + out);
        return out.lines().map(String::trim).filter(l -> !l.isEmpty()).toList();
    }

    private static Map<String, Object> dimension(Map<String, Object> alarm, String name) {
        for (Object d : asList(alarm.get("Dimensions")))
            if (name.equals(map(d).get("Name"))) return map(map(d).get("Value"));
        return Map.of();
    }

    private static String getAttTarget(Object value) {
        List<?> att = (List<?>) map(value).get("Fn::GetAtt");
        assertNotNull(att, "a !GetAtt: " + value);
        assertEquals("Arn", att.get(1));
        return (String) att.get(0);
    }

    /** Every statement of every inline policy of any IAM resource, both branches of an !If. */
    private static List<Map<String, Object>> statements() {
        List<Object> documents = new ArrayList<>();
        for (String type : List.of("AWS::IAM::Role", "AWS::IAM::Policy", "AWS::IAM::ManagedPolicy"))
            for (Map<String, Object> r : resources(type)) {
                Map<String, Object> props = map(r.get("Properties"));
                if (props.get("PolicyDocument") != null) documents.add(props.get("PolicyDocument"));
                if (props.get("Policies") instanceof List<?> l)
                    for (Object p : l) for (Object b : branches(p)) if (!isNoValue(b)) documents.add(map(b).get("PolicyDocument"));
            }
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object d : documents)
            if (d instanceof Map<?, ?> m && m.get("Statement") instanceof List<?> l)
                for (Object s : l) out.add(map(s));
        return out;
    }

    /** Each value an !If may take (recursively); a list's items each on their own. */
    private static List<Object> branches(Object o) {
        if (o instanceof Map<?, ?> m && m.get("Fn::If") instanceof List<?> l)
            return Stream.of(l.get(1), l.get(2)).flatMap(b -> branches(b).stream()).toList();
        if (o instanceof List<?> l) return l.stream().flatMap(b -> branches(b).stream()).toList();
        return List.of(o);
    }

    /** {@code o} with every !If decided by {@code truth}, AWS::NoValue dropped from lists and !Sub resolved. */
    private static Object resolve(Object o, Map<String, Boolean> truth) {
        if (o instanceof Map<?, ?> m && m.get("Fn::If") instanceof List<?> l) {
            Boolean c = truth.get((String) l.get(0));
            assertNotNull(c, "unknown condition " + l.get(0));
            return resolve(c ? l.get(1) : l.get(2), truth);
        }
        if (o instanceof Map<?, ?> m && m.containsKey("Fn::Sub")) return substitute(o);
        if (o instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            for (Object item : l) {
                Object r = resolve(item, truth);
                if (!isNoValue(r)) out.add(r);
            }
            return out;
        }
        return o;
    }

    /** The template's conditions with every parameter at its value in {@link #parameters}. */
    private static Map<String, Boolean> defaultConditions() {
        Map<String, Object> conditions = map(template.get("Conditions"));
        Map<String, Boolean> out = new HashMap<>();
        for (String name : conditions.keySet()) out.put(name, condition(conditions.get(name), conditions));
        return out;
    }

    private static boolean condition(Object c, Map<String, Object> all) {
        Map<String, Object> m = map(c);
        if (m.get("Fn::Not") instanceof List<?> l) return !condition(l.get(0), all);
        if (m.get("Fn::Equals") instanceof List<?> l) return String.valueOf(value(l.get(0))).equals(String.valueOf(value(l.get(1))));
        if (m.get("Condition") instanceof String name) return condition(all.get(name), all);
        return fail("condition not understood: " + c);
    }

    private static Object value(Object o) {
        if (o instanceof Map<?, ?> m && m.get("Ref") instanceof String p) {
            assertTrue(parameters.containsKey(p), "unknown parameter " + p);
            return parameters.get(p);
        }
        if (o instanceof Map<?, ?> m && m.get("Fn::Join") instanceof List<?> l)
            return String.join((String) l.get(0), strings(value(l.get(1))));
        return o;
    }

    /** An {@code Fn::Sub} string with the parameters' values; pseudo parameters: partition aws, others kept. */
    private static String substitute(Object value) {
        if (value instanceof String s) return s;
        String text = (String) map(value).get("Fn::Sub");
        assertNotNull(text, "a string or !Sub: " + value);
        Matcher m = Pattern.compile("\\$\\{([A-Za-z0-9:]+)}").matcher(text);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String v = name.equals("AWS::Partition") ? "aws" : name.startsWith("AWS::") ? m.group() : String.valueOf(parameters.get(name));
            assertTrue(name.startsWith("AWS::") || parameters.containsKey(name), "unknown parameter " + name);
            m.appendReplacement(b, Matcher.quoteReplacement(v));
        }
        return m.appendTail(b).toString();
    }

    private static boolean isNoValue(Object o) {
        return o instanceof Map<?, ?> m && "AWS::NoValue".equals(m.get("Ref"));
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

    private static List<Object> asList(Object o) {
        assertTrue(o instanceof List, "expected a list, got " + o);
        return new ArrayList<>((List<?>) o);
    }

    private static List<String> strings(Object o) {
        if (o instanceof String s) return List.of(s);
        if (o instanceof List<?> l) return l.stream().map(String::valueOf).toList();
        return List.of();
    }

}
