package dev.leptoid.publication;

import java.util.List;

/**
 * How a batch of points becomes bytes on Carbon's wire: one small encoder per protocol
 * ({@link CarbonPlaintext}, {@link CarbonPickle}), as Dropwizard's metrics-graphite separates
 * {@code Graphite} from {@code PickledGraphite}. {@link CarbonPublisher} keeps the connection and
 * the batching and asks the encoder only for bytes.
 */
sealed interface CarbonEncoder permits CarbonPlaintext, CarbonPickle {

    /** The end (exclusive) of the batch that starts at {@code from}: at most {@code batchSize} points that fit one message. */
    default int batchEnd(List<CarbonPublisher.Point> points, int from, int batchSize) {
        return Math.min(points.size(), from + batchSize);
    }

    /** The bytes for {@code points[from, to)}. */
    byte[] encode(List<CarbonPublisher.Point> points, int from, int to);
}
