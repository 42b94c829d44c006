package dev.leptoid.publication;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Carbon's pickle protocol: a 4-byte big-endian length, then a Python pickle (protocol 2) of
 * {@code [(path, (timestamp, value)), ...]}. Only plain opcodes (no globals), which carbon's
 * safe unpickler accepts.
 */
record CarbonPickle() implements CarbonEncoder {

    /** carbon-cache's default PICKLE_RECEIVER_MAX_LENGTH (2^20 bytes); a message must stay below it. */
    static final int MAX_MESSAGE = 1 << 20;

    /** At most {@code batchSize} points, and fewer when their message would pass half of {@link #MAX_MESSAGE}. */
    @Override
    public int batchEnd(List<CarbonPublisher.Point> points, int from, int batchSize) {
        int end = Math.min(points.size(), from + batchSize);
        int bytes = 16;
        for (int k = from; k < end; k++) {
            bytes += size(points.get(k));
            if (bytes > MAX_MESSAGE / 2 && k > from) return k;
        }
        return end;
    }

    @Override
    public byte[] encode(List<CarbonPublisher.Point> points, int from, int to) {
        return message(points, from, to);
    }

    /** The framed message (length header included) for {@code points[from, to)}. */
    static byte[] message(List<CarbonPublisher.Point> points, int from, int to) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 + (to - from) * 96);
        out.write(0); out.write(0); out.write(0); out.write(0); // length, patched below
        out.write(0x80); out.write(2);        // PROTO 2
        out.write(']');                        // EMPTY_LIST
        if (to > from) out.write('(');         // MARK
        for (int i = from; i < to; i++) {
            CarbonPublisher.Point p = points.get(i);
            byte[] path = p.path().getBytes(StandardCharsets.UTF_8);
            out.write('X');                    // BINUNICODE
            le32(out, path.length);
            out.writeBytes(path);
            long t = p.epochSeconds();
            if (t >= Integer.MIN_VALUE && t <= Integer.MAX_VALUE) {
                out.write('J');                // BININT
                le32(out, (int) t);
            } else {
                out.write(0x8a);               // LONG1, 8 bytes little-endian two's complement
                out.write(8);
                for (int b = 0; b < 8; b++) out.write((int) (t >>> (8 * b)) & 0xff);
            }
            out.write('G');                    // BINFLOAT, big-endian IEEE 754
            long bits = Double.doubleToLongBits(p.value());
            for (int b = 7; b >= 0; b--) out.write((int) (bits >>> (8 * b)) & 0xff);
            out.write(0x86);                   // TUPLE2 (timestamp, value)
            out.write(0x86);                   // TUPLE2 (path, (timestamp, value))
        }
        if (to > from) out.write('e');         // APPENDS
        out.write('.');                        // STOP
        byte[] bytes = out.toByteArray();
        int n = bytes.length - 4;
        bytes[0] = (byte) (n >>> 24);
        bytes[1] = (byte) (n >>> 16);
        bytes[2] = (byte) (n >>> 8);
        bytes[3] = (byte) n;
        return bytes;
    }

    /** Bytes one point adds to a message (used to keep messages below {@link #MAX_MESSAGE}). */
    static int size(CarbonPublisher.Point p) {
        return 1 + 4 + p.path().length() * 3 + 13 + 9 + 2;
    }

    private static void le32(ByteArrayOutputStream out, int v) {
        out.write(v & 0xff);
        out.write((v >>> 8) & 0xff);
        out.write((v >>> 16) & 0xff);
        out.write((v >>> 24) & 0xff);
    }
}
