package dev.leptoid.lambda;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import dev.leptoid.app.Part;
import dev.leptoid.config.EnvironmentConfig;
import dev.leptoid.config.EnvironmentConfig.Mode;
import dev.leptoid.config.Names;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What one invocation asks for: the environment to run and, optionally, a mode that overrides
 * the environment's configured one and a {@link Part} of the environment's services (an environment
 * too big for one invocation is split across several schedules, each with its part in its input):
 * {@code "services": ["api", "web"]} or {@code "shard": "2/4"}. Without either, the run covers every
 * service. Two shapes are accepted:
 * <ul>
 *   <li>EventBridge Scheduler input: {@code {"environment": "production", "mode": "dry-run"}};</li>
 *   <li>a classic EventBridge scheduled event ({@code "detail-type": "Scheduled Event"}) with the same
 *       fields in {@code detail}.</li>
 * </ul>
 * Parsed with Jackson's streaming API (no reflection). Unknown fields in the leptoid part, a field
 * given twice (Jackson's strict duplicate detection, at any depth) and anything after the object are
 * errors, so a typo ("enviroment") or a second {@code environment} never silently runs something else.
 */
public record ScheduleInput(String environment, Optional<Mode> mode, Part part) {

    private static final JsonFactory JSON = JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    private static final Set<String> FIELDS = Set.of("environment", "mode", "services", "shard");
    private static final String EXPECTED = "expected environment and optional mode, services or shard";
    /** Fields of the EventBridge envelope around {@code detail}. */
    private static final Set<String> ENVELOPE = Set.of("version", "id", "detail-type", "source", "account", "time",
            "region", "resources", "detail");

    public ScheduleInput {
        Names.requireNode("environment", environment);
        Objects.requireNonNull(part, "part");
    }

    /** The whole environment. */
    public ScheduleInput(String environment, Optional<Mode> mode) {
        this(environment, mode, Part.WHOLE);
    }

    /**
     * The part of {@code env} this input asks for, services in their configured order: all of them, the
     * named ones, or the shard's. An unknown service is a {@link BadEventException} naming it.
     */
    public EnvironmentConfig select(EnvironmentConfig env) {
        try {
            return part.select(env);
        } catch (IllegalArgumentException e) {
            throw new BadEventException("event: " + e.getMessage());
        }
    }

    public static ScheduleInput parse(byte[] json) {
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) throw new BadEventException("event: must be a JSON object");
            Fields f = new Fields();
            boolean detail = false;
            boolean envelope = false;
            boolean top = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken t = p.nextToken();
                if (field.equals("detail")) {
                    if (t != JsonToken.START_OBJECT) throw new BadEventException("event.detail: must be a JSON object");
                    detail = true;
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String inner = p.currentName();
                        JsonToken it = p.nextToken();
                        if (!FIELDS.contains(inner))
                            throw new BadEventException("event.detail: unknown field '" + Names.printable(inner) + "' (" + EXPECTED + ")");
                        f.read(p, it, inner, "event.detail." + inner);
                    }
                } else if (FIELDS.contains(field)) {
                    top = true;
                    f.read(p, t, field, "event." + field);
                } else if (ENVELOPE.contains(field)) {
                    envelope = true;
                    p.skipChildren();
                } else {
                    throw new BadEventException("event: unknown field '" + Names.printable(field)
                            + "' (" + EXPECTED + ", or a scheduled event with them in detail)");
                }
            }
            if (p.nextToken() != null)
                throw new BadEventException("event: content after the JSON object at line " + p.currentTokenLocation().getLineNr()
                        + " column " + p.currentTokenLocation().getColumnNr() + " (an event is one JSON object)");
            if (top && (detail || envelope))
                throw new BadEventException("event: environment, mode, services and shard belong in detail of a scheduled event, not beside it");
            if (envelope && !detail)
                throw new BadEventException("event.detail: missing; a scheduled event needs detail.environment");
            String where = detail ? "event.detail" : "event";
            String environment = f.environment;
            String mode = f.mode;
            if (environment == null) throw new BadEventException(where + ".environment: missing");
            if (!Names.isValidNode(environment))
                throw new BadEventException(where + ".environment: '" + Names.printable(environment)
                        + "' is not an environment name (A-Z a-z 0-9 _ -)");
            Optional<Mode> m;
            try {
                m = mode == null ? Optional.empty() : Optional.of(Mode.parse(mode));
            } catch (IllegalArgumentException e) {
                throw new BadEventException(where + ".mode: " + e.getMessage());
            }
            Optional<Part.Shard> shard;
            try {
                shard = f.shard == null ? Optional.empty() : Optional.of(Part.Shard.parse(f.shard));
            } catch (IllegalArgumentException e) {
                throw new BadEventException(where + ".shard: " + e.getMessage());
            }
            if (f.services != null && shard.isPresent())
                throw new BadEventException(where + ": services and shard exclude each other (give one)");
            return new ScheduleInput(environment, m, new Part(f.services == null ? List.of() : f.services, shard));
        } catch (JsonParseException e) {
            if (e.getOriginalMessage().startsWith("Duplicate field") && e.getProcessor() instanceof JsonParser p)
                throw new BadEventException("event" + Names.printable(p.getParsingContext().pathAsPointer().toString()
                        .replace('/', '.')) + ": given twice (each field may appear once)");
            throw new BadEventException("event: not valid JSON at line " + e.getLocation().getLineNr() + " column "
                    + e.getLocation().getColumnNr() + " (" + Names.printable(e.getOriginalMessage()) + ")");
        } catch (IOException e) {
            throw new BadEventException("event: cannot be read (" + Names.printable(e.getMessage()) + ")");
        }
    }

    /** The leptoid fields of one object, as read. */
    private static final class Fields {
        String environment;
        String mode;
        List<String> services;
        String shard;

        void read(JsonParser p, JsonToken t, String field, String where) throws IOException {
            switch (field) {
                case "environment" -> environment = string(p, t, where);
                case "mode" -> mode = string(p, t, where);
                case "shard" -> shard = string(p, t, where);
                default -> services = names(p, t, where);
            }
        }
    }

    /** A non-empty array of distinct service names. */
    private static List<String> names(JsonParser p, JsonToken t, String where) throws IOException {
        if (t != JsonToken.START_ARRAY) {
            p.skipChildren();
            throw new BadEventException(where + ": must be an array of service names");
        }
        List<String> out = new ArrayList<>();
        for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
            String name = string(p, e, where + "[" + out.size() + "]");
            if (!Names.isValidNode(name))
                throw new BadEventException(where + "[" + out.size() + "]: '" + Names.printable(name) + "' is not a service name (A-Z a-z 0-9 _ -)");
            if (out.contains(name)) throw new BadEventException(where + ": '" + name + "' given twice");
            out.add(name);
        }
        if (out.isEmpty()) throw new BadEventException(where + ": empty (name at least one service, or leave it out for all)");
        return out;
    }

    private static String string(JsonParser p, JsonToken t, String where) throws IOException {
        if (t != JsonToken.VALUE_STRING) {
            p.skipChildren();
            throw new BadEventException(where + ": must be a string");
        }
        return p.getText();
    }
}
