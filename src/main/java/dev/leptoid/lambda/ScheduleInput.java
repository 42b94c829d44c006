package dev.leptoid.lambda;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import dev.leptoid.config.EnvironmentConfig.Mode;
import dev.leptoid.config.Names;

import java.io.IOException;
import java.util.Optional;
import java.util.Set;

/**
 * What one invocation asks for: the environment to run and, optionally, a mode that overrides
 * the environment's configured one. Two shapes are accepted:
 * <ul>
 *   <li>EventBridge Scheduler input: {@code {"environment": "production", "mode": "dry-run"}};</li>
 *   <li>a classic EventBridge scheduled event ({@code "detail-type": "Scheduled Event"}) with the same
 *       fields in {@code detail}.</li>
 * </ul>
 * Parsed with Jackson's streaming API (no reflection). Unknown fields in the leptoid part, a field
 * given twice (Jackson's strict duplicate detection, at any depth) and anything after the object are
 * errors, so a typo ("enviroment") or a second {@code environment} never silently runs something else.
 */
public record ScheduleInput(String environment, Optional<Mode> mode) {

    private static final JsonFactory JSON = JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    private static final Set<String> FIELDS = Set.of("environment", "mode");
    /** Fields of the EventBridge envelope around {@code detail}. */
    private static final Set<String> ENVELOPE = Set.of("version", "id", "detail-type", "source", "account", "time",
            "region", "resources", "detail");

    public ScheduleInput {
        Names.requireNode("environment", environment);
    }

    public static ScheduleInput parse(byte[] json) {
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) throw new BadEventException("event: must be a JSON object");
            String environment = null;
            String mode = null;
            boolean detail = false;
            boolean envelope = false;
            boolean top = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken t = p.nextToken();
                if (field.equals("detail")) {
                    if (t != JsonToken.START_OBJECT) throw new BadEventException("event.detail: must be a JSON object");
                    detail = true;
                    String[] inner = fields(p, "event.detail");
                    environment = inner[0];
                    mode = inner[1];
                } else if (FIELDS.contains(field)) {
                    top = true;
                    String v = string(p, t, "event." + field);
                    if (field.equals("environment")) environment = v;
                    else mode = v;
                } else if (ENVELOPE.contains(field)) {
                    envelope = true;
                    p.skipChildren();
                } else {
                    throw new BadEventException("event: unknown field '" + Names.printable(field)
                            + "' (expected environment and optional mode, or a scheduled event with them in detail)");
                }
            }
            if (p.nextToken() != null)
                throw new BadEventException("event: content after the JSON object at line " + p.currentTokenLocation().getLineNr()
                        + " column " + p.currentTokenLocation().getColumnNr() + " (an event is one JSON object)");
            if (top && (detail || envelope))
                throw new BadEventException("event: environment/mode belong in detail of a scheduled event, not beside it");
            if (envelope && !detail)
                throw new BadEventException("event.detail: missing; a scheduled event needs detail.environment");
            String where = detail ? "event.detail" : "event";
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
            return new ScheduleInput(environment, m);
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

    /** Reads {environment, mode} from the object the parser is at. */
    private static String[] fields(JsonParser p, String where) throws IOException {
        String[] out = new String[2];
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken t = p.nextToken();
            if (!FIELDS.contains(field))
                throw new BadEventException(where + ": unknown field '" + Names.printable(field) + "' (expected environment and optional mode)");
            out[field.equals("environment") ? 0 : 1] = string(p, t, where + "." + field);
        }
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
