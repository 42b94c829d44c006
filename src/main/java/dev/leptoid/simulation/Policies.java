package dev.leptoid.simulation;

import dev.leptoid.config.ForecastSettings;
import dev.leptoid.config.PolicySettings;
import dev.leptoid.forecast.Forecaster;
import dev.leptoid.publication.MetricSink;

import java.time.Duration;
import java.util.List;

/** Makes the policies a backtest compares, by name, each for one target utilization. */
public final class Policies {

    public static final List<String> NAMES = List.of("leptoid", "target-tracking", "leptoid-2012", "static-peak");
    /** Replayed only when asked for: leptoid with a reactive guard between runs ({@link ReactiveGuard}). */
    public static final String GUARDED = "leptoid+guard";
    /** Replayed only when asked for: leptoid without the read-back of earlier runs' recommendations. */
    public static final String WITHOUT_READ_BACK = LeptoidPipeline.WITHOUT_READ_BACK;

    private final Forecaster forecaster;
    private final PolicySettings settings;
    private final ForecastSettings forecast;
    private final Duration lookback;

    /**
     * @param settings leptoid's policy (its utilization limit is replaced by each swept target)
     * @param forecast how leptoid forecasts (its refit interval)
     */
    public Policies(Forecaster forecaster, PolicySettings settings, ForecastSettings forecast, Duration lookback) {
        this.forecaster = forecaster;
        this.settings = settings;
        this.forecast = forecast;
        this.lookback = lookback;
    }

    /** @param measured the replayed minutes after the history (static-peak is sized on their peak) */
    public ReplayPolicy make(String name, double target, Workload measured) {
        return switch (name) {
            case "leptoid" -> new LeptoidPipeline(forecaster, settings.withLimit(target), forecast, lookback);
            case "target-tracking" -> new TargetTracking(target);
            case "leptoid-2012" -> new Leptoid2012(forecaster, target, minutes(settings.runInterval()),
                    minutes(settings.leadTime()), minutes(lookback));
            case "static-peak" -> new StaticPeak(peak(measured), target);
            case GUARDED -> new ReactiveGuard(make("leptoid", target, measured), target);
            case WITHOUT_READ_BACK -> new LeptoidPipeline(forecaster, settings.withLimit(target), forecast, lookback,
                    MetricSink.DISCARD, (what, tags, data, t, within) -> null, false);
            default -> throw new IllegalArgumentException("unknown policy '" + name + "' (known: " + String.join(", ", NAMES)
                    + ", " + GUARDED + ", " + WITHOUT_READ_BACK + ")");
        };
    }

    private static int minutes(Duration d) { return (int) Math.max(1, d.toSeconds() / Workload.MINUTE); }

    static double peak(Workload w) {
        double p = 0;
        for (int i = 0; i < w.size(); i++) if (!Double.isNaN(w.load(i))) p = Math.max(p, w.load(i));
        return p;
    }
}
