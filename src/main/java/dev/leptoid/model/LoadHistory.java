package dev.leptoid.model;

import dev.leptoid.config.MetricsConfig;
import dev.leptoid.config.Names;
import dev.leptoid.config.ServiceConfig;
import dev.leptoid.source.MetricSource;
import dev.leptoid.source.Series;
import dev.leptoid.source.SourceException;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.CRC32;

/**
 * A service's offered load over the whole look-back, read cheaply: the long history from the
 * offered load leptoid itself published ({@code <prefix>.<env>.<service>.history.<version>.offered_load},
 * one series per service), and the per-instance series only for the recent window the safety rules
 * need ({@link #recentWindow(ServiceConfig, Duration)}). So a run reads a few points per instance, not the whole look-back.
 *
 * <ul>
 *   <li>Over the recent window the load is always recomputed from the per-instance series: the stored
 *       history never stands in for data the safety rules need (staleness, coverage, stabilization,
 *       the latest load, the measured service time).</li>
 *   <li>Bootstrap and repair: a step of the older part that the history holds neither as a value nor
 *       as {@code history.<version>.unknown} (load computed, and found unknown) is missing; from the
 *       first missing step on, the load is recomputed from the per-instance series in the same read
 *       as the recent window, and {@link Reading#update()} is what the caller publishes so the next
 *       run does not read it again. Missing steps at the oldest end of the look-back (as long as the recent
 *       window, at most half the older part) are left alone: they soon leave the window, and a store
 *       whose retention is exactly the look-back loses them anyway.</li>
 *   <li>{@code <version>} is a hash of the metrics configuration that gives the load its meaning
 *       (templates, units, instance node, step): a changed template or unit starts a new history,
 *       bootstrapped from the per-instance data, rather than mixing two.</li>
 * </ul>
 */
public final class LoadHistory {

    /** Node before the version in the history's path. */
    public static final String NODE = "history";
    /** The history's two series under its base: the load, and the steps whose load was computed and found unknown. */
    public static final String VALUE = "offered_load", UNKNOWN = "unknown";

    /**
     * What a run sees of a service.
     *
     * @param view the per-instance view over the window read ({@link #recentWindow}, longer when repairing),
     *             its offered load replaced by the load over the whole look-back
     * @param update the load to publish as history, named by the history's base path ({@link #base}): from
     *               the first step read per instance to the newest; NaN steps are published as {@code unknown}
     * @param repaired steps of the older part filled from the per-instance series in this run (0: none)
     * @param limited why the look-back read was shorter than configured (Graphite serves the step only over a shorter
     *                span), null when it was not
     */
    public record Reading(ServiceView view, Series update, int repaired, String limited) {}

    private final MetricSource source;
    private final ServiceLoadReader reader;
    private final String prefix;
    /**
     * Per history base: how many steps back Graphite was last found to serve at the step, after a read further
     * back came back from a coarser archive. Kept for {@link #RECHECK} (in a warm Lambda container, or a long-lived
     * process), so the runs in between do not ask again for what came back coarse; then the whole look-back is tried again
     * (a fixed storage schema is seen within the hour).
     */
    private final Map<String, Served> served = new ConcurrentHashMap<>();

    /** {@code steps} back are served at the step; {@code series} came back at {@code storedStep} seconds from further back. */
    private record Served(int steps, String series, long storedStep, Instant found) {}

    /** How long a shortened look-back is kept before the whole one is tried again. */
    static final Duration RECHECK = Duration.ofHours(1);

    public LoadHistory(MetricSource source, String prefix) {
        this.source = source;
        this.reader = new ServiceLoadReader(source);
        this.prefix = prefix;
    }

    /** {@code <prefix>.<env>.<service>.history.<version>}: the history's series are {@link #VALUE} and {@link #UNKNOWN}, read in one request. */
    public static String base(String prefix, String environment, String service, MetricsConfig m) {
        return Names.path(prefix, environment, service, NODE, version(m));
    }

    /** "v" and 8 hex digits of a hash of what gives the load its meaning (everything but the look-back). */
    public static String version(MetricsConfig m) {
        String key = String.join("|", m.arrivalRate().orElse(""), m.arrivalRateUnit().name(), m.serviceTime().orElse(""),
                m.serviceTimeUnit().name(), m.utilization().orElse(""), m.utilizationUnit().name(),
                Integer.toString(m.instanceNode()), Long.toString(m.step().toSeconds()));
        CRC32 crc = new CRC32();
        crc.update(key.getBytes(StandardCharsets.UTF_8));
        return String.format("v%08x", crc.getValue());
    }

    /**
     * The recent window read per instance every run: the longest of the windows the decision looks at
     * ({@code serviceTimeWindow}, over which the measured service time is averaged; stabilization +
     * staleness + run interval), plus the steps the reader's gap, stop and warm-up rules look back over.
     */
    public static Duration recentWindow(ServiceConfig service, Duration serviceTimeWindow) {
        var p = service.policy();
        Duration rules = p.stabilization().plus(p.maxStaleness()).plus(p.runInterval());
        Duration longest = rules.compareTo(serviceTimeWindow) > 0 ? rules : serviceTimeWindow;
        int margin = ServiceLoadReader.MAX_INTERPOLATED + ServiceLoadReader.STOPPED_AFTER_STEPS + ServiceLoadReader.WARMING_UP_STEPS;
        return longest.plus(service.metrics().step().multipliedBy(margin));
    }

    /** The service's load over the look-back before {@code now}; per-instance data over the last {@code recentWindow}. */
    public Reading read(String environment, ServiceConfig service, Instant now, Duration recentWindow) throws SourceException {
        return read(environment, service, now, recentWindow, null);
    }

    /**
     * {@link #read(String, ServiceConfig, Instant, Duration)} knowing every instance the service's group lists
     * ({@code listed}, null when unknown): an instance it no longer lists has left, and the end of its data is final.
     */
    public Reading read(String environment, ServiceConfig service, Instant now, Duration recentWindow, Set<String> listed)
            throws SourceException {
        MetricsConfig m = service.metrics();
        long step = m.step().toSeconds();
        int full = (int) (m.lookback().toSeconds() / step);
        int recent = (int) Math.min(full, Math.ceilDiv(recentWindow.toSeconds(), step));
        String base = base(prefix, environment, service.name(), m);
        Served known = served.get(base);
        if (known != null && !now.isBefore(known.found().plus(RECHECK))) known = null;
        AtStep<Reading> at = atStep(known == null ? full : Math.min(full, known.steps()), recent,
                steps -> read(environment, service, base, now, steps, recent, listed));
        int n = at.steps();
        Reading r = at.value();
        if (n == full) return r;
        if (at.coarser() != null)
            served.put(base, known = new Served(n, at.coarser().series(), at.coarser().storedStep(), now));
        String note = "Graphite serves " + known.series() + " at the " + step + "s step only over the last ~" + days(n * step)
                + " (further back it answers from a coarser archive, " + known.storedStep() + "s): forecasting from "
                + days(n * step) + " instead of the " + days(full * step) + " look-back; give the service's series a finest"
                + " archive at " + step + "s covering the look-back (storage-schemas.conf, and whisper-resize for existing"
                + " files: docs/deploy.md)";
        List<String> problems = new ArrayList<>(r.view().problems());
        problems.add(note);
        ServiceView v = r.view();
        return new Reading(new ServiceView(v.instances(), v.offeredLoad(), v.serviceTime(), v.details(), problems),
                r.update(), r.repaired(), note);
    }

    /** One read over the newest {@code steps} steps. */
    @FunctionalInterface
    public interface Span<T> {
        T read(int steps) throws SourceException;
    }

    /** What {@link #atStep} read, over how many steps, and the last read that came back coarser on the way (null: none). */
    public record AtStep<T>(T value, int steps, CoarserStepException coarser) {}

    /**
     * {@code read} over {@code steps}, halved while Graphite answers from a coarser archive (the read reached past
     * the finest archive's retention), never below {@code recent}. Coarse even at {@code recent}: that exception
     * (the configured step is finer than the data is stored). A run's read and {@code leptoid inspect} both shorten
     * their look-back this way.
     */
    public static <T> AtStep<T> atStep(int steps, int recent, Span<T> read) throws SourceException {
        CoarserStepException coarser = null;
        int n = steps;
        while (true) {
            try {
                return new AtStep<>(read.read(n), n, coarser);
            } catch (CoarserStepException e) {
                if (n <= recent) throw e;
                coarser = e;
                n = Math.max(recent, n / 2);
            }
        }
    }

    /** "3.5 d" or "18 h". */
    private static String days(long seconds) {
        return seconds >= 86_400 ? String.format(Locale.ROOT, "%.3g d", seconds / 86_400.0)
                : String.format(Locale.ROOT, "%.3g h", seconds / 3_600.0);
    }

    /** One read over the newest {@code n} steps, of which the newest {@code recent} per instance; {@code base}: {@link #base}. */
    private Reading read(String environment, ServiceConfig service, String base, Instant now, int n, int recent, Set<String> listed)
            throws SourceException {
        MetricsConfig m = service.metrics();
        long step = m.step().toSeconds();
        long until = Math.floorDiv(now.getEpochSecond(), step) * step;
        long from = until - n * step;
        int older = n - recent;
        String where = environment + "." + service.name();
        double[] stored = ServiceLoadReader.nans(n);
        int readFrom = older;
        int grace = Math.min(recent, older / 2); // oldest steps not worth repairing
        if (older > 0) {
            List<Series> found = source.fetch(base + ".{" + VALUE + "," + UNKNOWN + "}", Instant.ofEpochSecond(from),
                    Instant.ofEpochSecond(until), Duration.ofSeconds(step));
            double[] value = one(found, base + "." + VALUE, from, step, n, where);
            double[] unknown = one(found, base + "." + UNKNOWN, from, step, n, where);
            for (int i = 0; i < older; i++) {
                stored[i] = value[i];
                if (i >= grace && Double.isNaN(value[i]) && Double.isNaN(unknown[i]) && readFrom == older) readFrom = i;
            }
        }
        long start = from + readFrom * step;
        ServiceView v = reader.read(environment, service, start, until, listed);
        double[] load = stored;
        Series computed = v.offeredLoad();
        for (int i = readFrom; i < n; i++) {
            long j = (from + i * step - computed.start()) / step;
            load[i] = from + i * step < computed.start() || j >= computed.size() ? Double.NaN : computed.valueAt((int) j);
        }
        Series update = new Series(base, start, step, Arrays.copyOfRange(load, readFrom, n));
        Series whole = Gaps.trimLeading(new Series(computed.name(), from, step, load));
        List<String> problems = new ArrayList<>(v.problems());
        int repaired = older - readFrom;
        if (repaired > 0)
            problems.add("offered-load history " + base + ": " + repaired + " older step(s) missing, filled from the per-instance series");
        return new Reading(new ServiceView(v.instances(), whole, v.serviceTime(), v.details(), problems), update, repaired, null);
    }

    /** The one series named {@code path} among {@code found}, on the grid (all NaN when there is none). */
    private static double[] one(List<Series> found, String path, long from, long step, int n, String where) throws SourceException {
        List<Series> named = found.stream().filter(s -> s.name().equals(path)).toList();
        if (named.size() > 1)
            throw new SourceException("Graphite returned " + named.size() + " series for " + path + ": refusing to guess which is right");
        return named.isEmpty() ? ServiceLoadReader.nans(n) : ServiceLoadReader.onGrid(named.get(0), from, step, n, where);
    }
}
