package dev.leptoid.config;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Size for latency instead of a fixed utilization: the smallest capacity c with
 * P(wait &gt; {@code waitLimit}) &lt;= {@code probability} in an M/M/c queue (Erlang C), where each
 * instance is one server and the offered load is the forecast in Erlangs.
 *
 * <p>Erlang C needs the mean service time S. It is {@code serviceTime} when configured (needed
 * when the metrics give a direct utilization); otherwise the arrival-weighted mean service time
 * measured over the last hour of data (the model's {@code ServiceView.serviceTime()}).
 * When neither is known the policy falls back to the target utilization and never scales in.
 *
 * @param waitLimit the waiting-time limit, e.g. 100 ms
 * @param probability the largest acceptable share of requests waiting longer, e.g. 0.01
 * @param serviceTime the configured mean service time, or empty to use the measured one
 */
public record LatencyObjective(Duration waitLimit, double probability, Optional<Duration> serviceTime) {

    public LatencyObjective {
        if (waitLimit == null || waitLimit.isNegative()) throw new IllegalArgumentException("latency objective wait must not be negative");
        if (!(probability > 0 && probability < 1))
            throw new IllegalArgumentException("latency objective probability must be in (0, 1), got " + probability);
        if (serviceTime == null) serviceTime = Optional.empty();
        if (serviceTime.isPresent() && (serviceTime.get().isNegative() || serviceTime.get().isZero()))
            throw new IllegalArgumentException("latency objective service time must be positive");
    }

    public LatencyObjective(Duration waitLimit, double probability) { this(waitLimit, probability, Optional.empty()); }

    /** e.g. {@code P(wait > 100 ms) <= 1%}. */
    public String describe() {
        return String.format(Locale.ROOT, "P(wait > %d ms) <= %s%%", waitLimit.toMillis(),
                new BigDecimal(100 * probability).round(new MathContext(3)).stripTrailingZeros().toPlainString());
    }
}
