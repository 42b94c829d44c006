package dev.leptoid.publication;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** Carbon's plaintext protocol: one {@code path value epoch\n} line per point. */
record CarbonPlaintext() implements CarbonEncoder {

    /** One line. Values as Java prints them; Carbon parses them with Python's float(). */
    static String line(String path, double value, long epochSeconds) {
        String v = value == Math.rint(value) && Math.abs(value) < 1e15
                ? Long.toString((long) value) : Double.toString(value);
        return path + " " + v + " " + epochSeconds + "\n";
    }

    @Override
    public byte[] encode(List<CarbonPublisher.Point> points, int from, int to) {
        StringBuilder b = new StringBuilder((to - from) * 80);
        for (int k = from; k < to; k++) {
            CarbonPublisher.Point p = points.get(k);
            b.append(line(p.path(), p.value(), p.epochSeconds()));
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }
}
