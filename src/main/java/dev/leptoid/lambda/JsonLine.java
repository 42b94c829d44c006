package dev.leptoid.lambda;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

/**
 * One log line of the function's own as a JSON object, like every other line it writes under
 * Lambda's JSON log format: {@code {"level":"INFO","event":"...","message":"..."}}.
 */
final class JsonLine {

    private JsonLine() {}

    static String info(String event, String message) {
        JsonStringEncoder e = JsonStringEncoder.getInstance();
        return "{\"level\":\"INFO\",\"event\":\"" + new String(e.quoteAsString(event)) + "\",\"message\":\""
                + new String(e.quoteAsString(message)) + "\"}";
    }
}
