package dev.leptoid.forecast;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The forecaster leptoid uses. Gaps are filled (never zero), seasonal periods are inferred
 * from the step ({@link #inferPeriods}: a day, a week, a year; each kept when the history holds
 * more than two full cycles), and the forecast is made by the configured {@link Method}; the
 * default {@link Method#AUTO} fits seasonal ETS to seasons of at most {@link #MAX_ETS_PERIOD}
 * steps (as R's {@code ets()}), forecasts longer seasons that are strong in the data by ETS on
 * the MSTL-adjusted series, lets an autoregression ({@link Ar}) compete with ETS when a step of a
 * day or more implies no season, and falls back to seasonal naive / naive when no model can be
 * fitted. The forecast's method says what was chosen and why. Deterministic.
 */
public final class AutoForecaster implements Forecaster {

    /** Fewest usable points for any forecast. */
    public static final int MIN_POINTS = 10;

    /** Seasonal strength from which a season is modelled (R's {@code nsdiffs()} uses the same 0.64). */
    public static final double STRONG_SEASON = 0.64;

    /** Longest season ETS models directly (R's {@code ets()} refuses longer ones); longer ones go through STL. */
    public static final int MAX_ETS_PERIOD = 24;

    /** How a forecast is made. */
    public enum Method {
        /** Last value. */
        NAIVE("naive"),
        /** Value one (shortest) season earlier. */
        SEASONAL_NAIVE("snaive"),
        /** AutoETS (no or damped trend; a season when one is at most {@link #MAX_ETS_PERIOD} steps) on the data. */
        ETS("ets"),
        /** An autoregression AR(p) with a mean, order by AICc ({@link Ar}). */
        AR("ar"),
        /**
         * ARIMA(p,d,q)(P,D,Q)[m] as R's {@code auto.arima()} chooses it ({@link Arima}), with the
         * shortest period of at most {@link #MAX_ETS_PERIOD} steps (none otherwise).
         */
        ARIMA("arima"),
        /** AutoETS on the MSTL-adjusted data, seasonal part projected forward (R's stlf). */
        STL_ETS("stl-ets"),
        /** The mean of ETS and STL_ETS (ETS alone without a season). */
        COMBINATION("ets+stl"),
        /**
         * The Theta method ({@link Theta}, R's {@code thetaf()}): SES with drift, on the data divided
         * by a classical multiplicative season when a test finds the shortest usable period.
         */
        THETA("theta"),
        /**
         * Seasons of at most {@link #MAX_ETS_PERIOD} steps: ETS, or the combination when its AICc is
         * smaller; on series up to {@link Options#crossValidateUpTo()} points that choice, AR or
         * their mean by refitted errors at past origins (time-series cross-validation); longer seasons: STL_ETS on those at least {@link #STRONG_SEASON} strong, ETS when
         * there are none; no season implied by a step of a day or more: ETS, AR or their mean by
         * refitted errors at past origins (up to {@link Options#crossValidateUpTo()} points; longer:
         * ETS or AR by their errors 1..h steps ahead on the history); sub-daily data without a usable
         * season: the same refitted choice up to that many points, ETS beyond.
         */
        AUTO("auto");

        private final String label;

        Method(String label) { this.label = label; }

        public String label() { return label; }

        public static Optional<Method> byLabel(String label) {
            for (Method m : values()) if (m.label.equals(label)) return Optional.of(m);
            return Optional.empty();
        }
    }

    /**
     * @param method how to forecast
     * @param periods seasonal periods in steps; empty = inferred from the step ({@link #inferPeriods})
     * @param maxLinearGap interior gaps up to this many steps are interpolated linearly
     * @param exactUpTo ETS models of a short season (at most {@link #MAX_ETS_PERIOD} steps) on
     *                  series up to this length get R-like fits (initial states optimised by
     *                  Nelder-Mead, three restarts); default 500: monthly and quarterly data are
     *                  forecast like R's {@code ets()} (co2 0.240 -> 0.224 MASE, fdeaths 0.803 ->
     *                  0.657) at about 0.2 s instead of 6 ms per forecast (docs/benchmarks.md);
     *                  every other fit is the fast one (states profiled out, about 1 ms per model)
     * @param analyticIntervals ETS intervals from the model's variance formula instead of its
     *                          multi-step errors on the history ({@link EmpiricalIntervals}, the default)
     * @param crossValidateUpTo with a short season, series up to this length choose among the AICc
     *                          choice, AR(p) and their mean by time-series cross-validation; default 500
     *                          (the R-like fits' line: each origin refits one ETS model); 0 = AICc only
     */
    public record Options(Method method, List<Integer> periods, int maxLinearGap, int exactUpTo, boolean analyticIntervals,
                          int crossValidateUpTo) {
        public Options {
            periods = List.copyOf(periods);
        }

        public static Options defaults() { return new Options(Method.AUTO, List.of(), 12, 500, false, 500); }

        public Options withMethod(Method m) { return new Options(m, periods, maxLinearGap, exactUpTo, analyticIntervals, crossValidateUpTo); }

        public Options withPeriods(List<Integer> p) { return new Options(method, p, maxLinearGap, exactUpTo, analyticIntervals, crossValidateUpTo); }

        public Options withAnalyticIntervals(boolean a) { return new Options(method, periods, maxLinearGap, exactUpTo, a, crossValidateUpTo); }

        public Options withCrossValidateUpTo(int n) { return new Options(method, periods, maxLinearGap, exactUpTo, analyticIntervals, n); }
    }

    private final Options options;

    public AutoForecaster() { this(Options.defaults()); }

    public AutoForecaster(Options options) { this.options = options; }

    public static AutoForecaster defaults() { return new AutoForecaster(); }

    public Options options() { return options; }

    /**
     * Seasonal periods (in steps) a step implies, shortest first: a day and a week when the step
     * divides them into whole numbers > 1 (5 minutes: 288 and 2,016; an hour: 24 and 168); for
     * steps of a day or more, also a year of 365.25 days rounded to whole steps when that is > 1
     * (a day: 7 and 365; a month of 28-31 days: 12; a quarter: 4; a week: 52). A period is only
     * used when the history holds more than two of its cycles.
     */
    public static List<Integer> inferPeriods(long stepSeconds) {
        List<Integer> out = new ArrayList<>();
        for (long cycle : new long[] {86_400L, 604_800L})
            if (stepSeconds > 0 && cycle % stepSeconds == 0 && cycle / stepSeconds > 1) out.add((int) (cycle / stepSeconds));
        if (stepSeconds >= 86_400L) {
            long year = Math.round(365.25 * 86_400 / stepSeconds);
            if (year > 1) out.add((int) year);
        }
        return out;
    }

    @Override
    public ForecastResult forecast(double[] history, long stepSeconds, int horizon, double level) {
        return fit(history, stepSeconds, horizon, level).result();
    }

    /** The forecast and the chosen model, with its bounds' half-widths, to carry forward ({@link Refits}). */
    @Override
    public Fitted fit(double[] history, long stepSeconds, int horizon, double level) {
        if (horizon < 1) throw new IllegalArgumentException("horizon must be >= 1, got " + horizon);
        if (!(level > 0 && level < 100)) throw new IllegalArgumentException("level must be in (0, 100), got " + level);
        List<Integer> periods = options.periods().isEmpty() ? inferPeriods(stepSeconds) : options.periods();
        int shortest = periods.stream().mapToInt(Integer::intValue).min().orElse(1);
        GapFreeHistory filled = GapFreeHistory.of(history, options.maxLinearGap(), shortest);
        double[] y = filled.values();
        if (y.length < MIN_POINTS)
            return Fitted.only(new InsufficientHistory("only " + y.length + " usable points; every model needs at least " + MIN_POINTS));
        List<Integer> usable = periods.stream().filter(p -> p >= 2 && y.length > 2 * p).toList();
        int h = horizon + filled.trailingGaps();
        Chosen c = switch (options.method()) {
            case NAIVE -> lastValue(y, h, level);
            case SEASONAL_NAIVE -> usable.isEmpty() ? lastValue(y, h, level) : lastCycle(y, usable.get(0), h, level);
            case ETS -> ets(y, usable, h, level).orElseGet(() -> lastValue(y, h, level));
            case AR -> arCandidate(y, h, level).map(a -> a.chosen(options.analyticIntervals())).orElseGet(() -> lastValue(y, h, level));
            case ARIMA -> arimaCandidate(y, etsPeriod(usable), h, level).map(a -> a.chosen(options.analyticIntervals()))
                    .orElseGet(() -> lastValue(y, h, level));
            case STL_ETS -> stlEts(y, usable, h, level).or(() -> ets(y, List.of(), h, level)).orElseGet(() -> lastValue(y, h, level));
            case COMBINATION -> combination(y, usable, h, level).orElseGet(() -> lastValue(y, h, level));
            case THETA -> theta(y, usable.isEmpty() ? 1 : usable.get(0), h, level).orElseGet(() -> lastValue(y, h, level));
            case AUTO -> auto(y, usable, periods.isEmpty() && stepSeconds >= 86_400L, h, level);
        };
        Forecast f = c.forecast();
        double[] down = new double[h], up = new double[h];
        for (int k = 0; k < h; k++) {
            double scale = c.relative() ? f.meanAt(k) : 1;
            down[k] = (f.meanAt(k) - f.lowerAt(k)) / scale;
            up[k] = (f.upperAt(k) - f.meanAt(k)) / scale;
        }
        boolean nonNegative = Stats.min(y) >= 0;
        if (nonNegative) f = nonNegative(f);
        f = filled.trailingGaps() == 0 ? f : drop(f, filled.trailingGaps());
        return new Fitted(f, c.model(), down, up, c.relative(), nonNegative, filled.trailingGaps());
    }

    /** A forecast with the model that made it; {@code relative}: its bounds scale with the mean (relative errors). */
    private record Chosen(Forecast forecast, Fitted.Model model, boolean relative) {
        Chosen describedAs(String how) { return new Chosen(forecast.describedAs(how), model, relative); }
    }

    private static Chosen lastValue(double[] y, int h, double level) {
        return new Chosen(naive(y, h, level), Fitted.LastValues.of(y, 1), false);
    }

    private static Chosen lastCycle(double[] y, int m, int h, double level) {
        return new Chosen(seasonalNaive(y, m, h, level), Fitted.LastValues.of(y, m), false);
    }

    /** Counts, rates, utilisation: a history that never went below zero is not forecast below it. */
    private static Forecast nonNegative(Forecast f) {
        double[] mu = f.mean(), lo = f.lower(), hi = f.upper();
        for (int k = 0; k < mu.length; k++) {
            mu[k] = Math.max(mu[k], 0);
            lo[k] = Math.max(lo[k], 0);
            hi[k] = Math.max(hi[k], mu[k]);
        }
        return new Forecast(mu, lo, hi, f.level(), f.method());
    }

    /**
     * The automatic choice. Seasons longer than {@link #MAX_ETS_PERIOD} go through the
     * seasonal-strength gate: the MSTL decomposition measures each season's strength (Wang,
     * Smith and Hyndman, 2006), and seasons at least {@link #STRONG_SEASON} strong (the threshold
     * of R's {@code nsdiffs()} heuristic) are forecast by STL + ETS; a season that explains little
     * of the variation only adds the noise of its estimate. When a season is short (at most
     * {@link #MAX_ETS_PERIOD} steps) the choice is R's {@code ets()}: seasonal and non-seasonal
     * ETS models by AICc; the best is replaced by the mean of it and STL + ETS on the strong
     * seasons when that mean's AICc (one-step errors, the parameters of both counted) is smaller.
     * STL + ETS alone is not offered there: its seasonal component is estimated from the same data
     * and moves from cycle to cycle, more freedom than the {@code period - 1} parameters AICc can
     * charge it, so its in-sample score flatters it (docs/forecast.md, R datasets). On series up to
     * {@link Options#crossValidateUpTo()} points the AICc choice then competes with AR and with the
     * mean of the two by their refitted errors at past origins ({@link #crossValidated}).
     *
     * <p>{@code seasonless}: the step is a day or more and implies no season (yearly data). Then
     * an autoregression ({@link Ar}) competes with ETS: cycles that are not seasons (R's lynx: MASE
     * 3.07 -> 1.02). On series up to {@link Options#crossValidateUpTo()} points ETS, AR and their
     * mean are refitted at past origins one step apart back to half the data and the one whose
     * forecasts 1..h ahead were closest is used ({@link #crossValidated}); models fitted on the whole
     * history flatter their own past forecasts, AR's most (holdout4's 28 yearly series: mean MASE
     * 4.085 -> 3.786, 19 better and 7 worse, Wilcoxon p = 0.049; docs/forecast.md). Longer series,
     * or too few origins: their errors 1..h steps ahead on the history ({@link #best}). Not on
     * sub-daily data, whose level wanders: on NAB, AR chosen that way raised the mean MASE from
     * 0.547 to 0.659. Sub-daily data without a usable season (under two cycles of the day: a new
     * service's first day) meet AR only through the refitted errors, up to the same 500 points: the
     * shapes holdout's 43 one-day windows, 1.130 -> 1.018, 24 better and 6 worse, Wilcoxon p = 0.001.
     */
    private Chosen auto(double[] y, List<Integer> periods, boolean seasonless, int h, double level) {
        int etsPeriod = etsPeriod(periods);
        if (periods.isEmpty()) {
            List<Candidate> models = new ArrayList<>();
            etsCandidate(y, 1, h, level).ifPresent(models::add);
            boolean refitted = y.length <= options.crossValidateUpTo();
            Optional<Candidate> ar = seasonless || refitted ? arCandidate(y, h, level) : Optional.empty();
            ar.ifPresent(models::add);
            StringBuilder why = new StringBuilder();
            if (models.size() == 2 && refitted) { // ETS, AR and their mean, refitted
                Candidate c = crossValidated(models.get(0), List.of(models.get(1)), List.of(new int[] {0, 1}), y, 1, h, why);
                if (!why.isEmpty()) return c.chosen(options.analyticIntervals()).describedAs(c.label() + " {" + why.substring(2) + "}");
            }
            if (!seasonless) ar.ifPresent(models::remove); // sub-daily: AR only by refitted errors (its past ones flatter it)
            return best(models, h, why).map(c -> c.chosen(options.analyticIntervals())
                    .describedAs(c.label() + (why.isEmpty() ? "" : " {" + why + "}"))).orElseGet(() -> lastValue(y, h, level));
        }
        Mstl.Decomposition d = new Mstl(periods, false).decompose(y);
        List<Integer> strong = new ArrayList<>();
        StringBuilder why = new StringBuilder(" {season strength");
        for (int i = 0; i < d.periods().size(); i++) {
            why.append(String.format(Locale.ROOT, " %d: %.2f", d.periods().get(i), d.strength(i)));
            if (d.strength(i) >= STRONG_SEASON) strong.add(d.periods().get(i));
        }
        why.append(strong.isEmpty() ? ", none >= " + STRONG_SEASON : "");
        Optional<Candidate> stl = strong.isEmpty() ? Optional.empty()
                : stlCandidate(y, strong.equals(d.periods()) ? d : new Mstl(strong, false).decompose(y), h, level);
        Optional<Candidate> chosen;
        boolean strongLong = strong.stream().anyMatch(p -> p > MAX_ETS_PERIOD);
        if (etsPeriod == 1 || strongLong) { // long seasons only, or a strong one seasonal ETS cannot model: the gate decides
            if (etsPeriod > 1) why.append("; a season over ").append(MAX_ETS_PERIOD).append(" steps is strong: STL");
            chosen = stl.or(() -> etsCandidate(y, 1, h, level));
        } else {
            List<EtsFit> etsFits = etsFits(y, etsPeriod);
            Optional<Candidate> ets = etsFits.stream().findFirst().map(f -> etsCandidate(f, tail(y), etsPeriod, h, level));
            List<Candidate> all = new ArrayList<>();
            ets.ifPresent(all::add);
            if (ets.isPresent() && stl.isPresent()) all.add(Candidate.mean(ets.get(), stl.get()));
            if (ets.isEmpty()) stl.ifPresent(all::add);
            all.sort(Comparator.comparingDouble(Candidate::aicc));
            chosen = all.stream().findFirst();
            why.append("; AICc");
            for (Candidate c : all) why.append(String.format(Locale.ROOT, " %s %.1f", c.label(), c.aicc()));
            if (chosen.isPresent() && y.length <= options.crossValidateUpTo()) {
                Optional<Candidate> ar = arCandidate(y, h, level);
                if (ar.isPresent()) {
                    List<Candidate> others = new ArrayList<>(List.of(ar.get()));
                    List<int[]> means = List.of(new int[] {0, 1}); // the AICc choice and AR
                    for (EtsFit f : etsFits.subList(Math.min(1, etsFits.size()), etsFits.size())) // ETS models AICc cannot tell from the best one
                        if (f.aicc() <= etsFits.get(0).aicc() + AICC_TIE) others.add(etsCandidate(f, tail(y), etsPeriod, h, level));
                    chosen = Optional.of(crossValidated(chosen.get(), others, means, y, etsPeriod, h, why));
                }
            }
        }
        return chosen.map(c -> c.chosen(options.analyticIntervals()).describedAs(c.label() + why + "}"))
                .orElseGet(() -> lastCycle(y, periods.get(0), h, level));
    }

    /**
     * Of ETS and AR, the one whose forecasts from past origins of the data were closer, averaged
     * over horizons 1..h ({@link EmpiricalIntervals#pastError}, the same origins for both): AR
     * wins one-step errors on long mean-reverting histories whose level wanders (AR(36) on 5-minute
     * CPU, docs/forecast.md) but not a day ahead; with too few origins, the AICc of the one-step
     * errors on the points both forecast from full states. Appends the scores to {@code why}.
     */
    private static Optional<Candidate> best(List<Candidate> all, int h, StringBuilder why) {
        if (all.size() < 2) return all.stream().findFirst();
        double[] y = all.get(0).y();
        int from = all.stream().mapToInt(Candidate::firstOrigin).max().orElse(0);
        List<Map.Entry<Candidate, Double>> scored = new ArrayList<>();
        for (Candidate c : all) scored.add(Map.entry(c, EmpiricalIntervals.pastError(c.past(), y, from, h)));
        if (scored.stream().allMatch(e -> Double.isFinite(e.getValue()))) {
            why.append("mean error 1-").append(h).append(" steps ahead on the history");
        } else {
            scored.clear();
            int first = Ar.maxOrder(y.length), n = y.length - first;
            for (Candidate c : all) {
                double[] f = c.fitted().get();
                double sse = 0;
                for (int t = first; t < y.length; t++) sse += (y[t] - f[t]) * (y[t] - f[t]);
                double aicc = Ets.aicc(n * Math.log(Math.max(sse, 1e-300)), c.parameters(), n);
                scored.add(Map.entry(c, Double.isFinite(aicc) ? aicc : Double.POSITIVE_INFINITY));
            }
            why.append("AICc of one-step errors");
        }
        scored.sort(Map.Entry.comparingByValue());
        for (Map.Entry<Candidate, Double> c : scored) why.append(String.format(Locale.ROOT, " %s %.4g", c.getKey().label(), c.getValue()));
        return Optional.of(scored.get(0).getKey());
    }

    /**
     * Time-series cross-validation (Hyndman and Athanasopoulos, <i>Forecasting: principles and
     * practice</i>, 5.10) among the AICc choice, the {@code others} (AR, the ETS models AICc cannot tell
     * from it) and the {@code means} (pairs of indices into [aicc, others...]; the AICc choice and AR):
     * each model refitted to the data before each origin -- the ETS model's spec and the decomposition's periods kept,
     * their parameters refitted by the fast fit; the autoregression's order chosen again -- and
     * each candidate's forecasts 1..h steps ahead (the mean's: the mean of the two) scored by their
     * mean absolute error, scaled per origin by the in-sample seasonal naive error before it (MASE,
     * so that each origin counts alike on growing data). Origins are one season apart (each
     * forecast starts at the same phase as the real one), the last {@code h} steps before the end,
     * back to where half the data remain before the origin (fits on much less than the real one
     * would see are not what is being chosen), at most {@link #CV_ORIGINS} (cost). The first
     * candidate (the AICc choice) is kept unless another one scores lower, when it cannot be refitted
     * at every origin, and when fewer than two origins fit (three cycles and {@link #MIN_POINTS} before each).
     */
    private static Candidate crossValidated(Candidate aicc, List<Candidate> others, List<int[]> means, double[] y, int period, int h,
                                            StringBuilder why) {
        int n = y.length, minTrain = Math.max(Math.max(3 * period, MIN_POINTS), n / 2);
        List<Integer> origins = new ArrayList<>();
        for (int t = n - h; t >= minTrain && origins.size() < CV_ORIGINS; t -= period) origins.add(t);
        if (origins.size() < 2) return aicc;
        List<Candidate> bases = new ArrayList<>(List.of(aicc));
        bases.addAll(others);
        List<Candidate> all = new ArrayList<>(bases);
        for (int[] pair : means) all.add(Candidate.mean(bases.get(pair[0]), bases.get(pair[1]), true));
        double[] score = new double[all.size()]; // each base refitted once per origin; a mean scores the mean of its two refits
        for (int t : origins) {
            double[] x = Arrays.copyOf(y, t);
            double[][] fc = new double[bases.size()][];
            for (int i = 0; i < bases.size(); i++) {
                Optional<double[]> f = bases.get(i).refit().forecast(x, h);
                if (i == 0 && f.isEmpty()) return aicc; // an AICc choice that cannot be refitted is kept, not judged
                fc[i] = f.orElseGet(() -> {
                    double[] nan = new double[h];
                    Arrays.fill(nan, Double.NaN);
                    return nan;
                });
            }
            double scale = 0;
            for (int j = period; j < t; j++) scale += Math.abs(y[j] - y[j - period]);
            scale = Math.max(scale / (t - period), 1e-12) * h * origins.size();
            for (int k = 0; k < h; k++) {
                for (int i = 0; i < bases.size(); i++) score[i] += Math.abs(y[t + k] - fc[i][k]) / scale;
                for (int j = 0; j < means.size(); j++) {
                    int[] pair = means.get(j);
                    score[bases.size() + j] += Math.abs(y[t + k] - (fc[pair[0]][k] + fc[pair[1]][k]) / 2) / scale;
                }
            }
        }
        int best = 0;
        for (int i = 1; i < all.size(); i++) if (score[i] < score[best]) best = i; // NaN (not refitted) never wins
        why.append("; mean error 1-").append(h).append(" steps ahead from ").append(origins.size()).append(" origins, refitted");
        for (int i = 0; i < all.size(); i++) why.append(String.format(Locale.ROOT, " %s %.4g", all.get(i).label(), score[i]));
        return all.get(best);
    }

    /**
     * ETS models whose AICc is within this of the smallest also compete in {@link #crossValidated}:
     * a difference under 2 is no evidence for either (Burnham and Anderson 2002, 2.6), and a
     * better fit of one of them can move the AICc choice between them.
     */
    static final double AICC_TIE = 2;

    /** Most origins {@link #crossValidated} refits the candidates at (cost: a fast fit of one ETS model and an AR fit each). */
    static final int CV_ORIGINS = 20;

    private Optional<Chosen> combination(double[] y, List<Integer> periods, int h, double level) {
        Optional<Candidate> ets = etsCandidate(y, etsPeriod(periods), h, level);
        Optional<Candidate> stl = periods.isEmpty() ? Optional.empty() : stlCandidate(y, new Mstl(periods, false).decompose(y), h, level);
        Optional<Candidate> both = ets.isPresent() && stl.isPresent() ? Optional.of(Candidate.mean(ets.get(), stl.get())) : ets.or(() -> stl);
        return both.map(c -> c.chosen(options.analyticIntervals()));
    }

    /** The shortest period ETS models directly (at most {@link #MAX_ETS_PERIOD}), or 1 when there is none. */
    static int etsPeriod(List<Integer> periods) {
        return periods.stream().filter(p -> p <= MAX_ETS_PERIOD).mapToInt(Integer::intValue).min().orElse(1);
    }

    /** R-like fits for the seasonal ETS models of series up to {@link Options#exactUpTo()} points, fast fits otherwise. */
    private Ets fitter(int n, int period) { return period > 1 && n <= options.exactUpTo() ? Ets.exact() : Ets.fast(); }

    /**
     * ETS is fitted to at most the last {@link #ETS_WINDOW} points: its forecasts depend on the
     * recent states and a few smoothing parameters, which that many points pin down; older data
     * only add cost (a 7-day minute history is 10,080 points, each likelihood evaluation one pass).
     * Seasonal decomposition still uses the whole history.
     */
    static final int ETS_WINDOW = 4032;

    private static double[] tail(double[] x) {
        return x.length <= ETS_WINDOW ? x : Arrays.copyOfRange(x, x.length - ETS_WINDOW, x.length);
    }

    private Optional<Chosen> ets(double[] y, List<Integer> periods, int h, double level) {
        return etsCandidate(y, etsPeriod(periods), h, level).map(c -> c.chosen(options.analyticIntervals()));
    }

    /**
     * AutoETS on the data. With a season of {@code period} > 1 steps R's {@code ets()} set (trend
     * none, additive or damped; additive or multiplicative season); without one no or damped trend:
     * an undamped trend extrapolates the noise of 5-minute utilisation (NAB mean MASE 0.547 -> 0.637,
     * R's ets blew up on c6585a the same way), while with a short season (monthly, quarterly, daily
     * data) it is what R's {@code ets()} picks for co2, JohnsonJohnson and UKgas (docs/forecast.md).
     * There, too, the empirical intervals of multiplicative-error models come from relative errors:
     * such data grow (EuStockMarkets fourfold), and absolute errors made at the old level covered
     * 24 % instead of 80 % (on NAB, where levels wander but do not grow, relative errors made the
     * intervals too wide: coverage 0.86-0.88 at 12 and 288 steps).
     */
    private Optional<Candidate> etsCandidate(double[] all, int period, int h, double level) {
        double[] y = tail(all);
        return etsFits(all, period).stream().findFirst().map(fit -> etsCandidate(fit, y, period, h, level));
    }

    /** Every ETS model fitted to the data's last {@link #ETS_WINDOW} points, by AICc. */
    private List<EtsFit> etsFits(double[] all, int period) {
        double[] y = tail(all);
        Ets fitter = fitter(y.length, period);
        return (period > 1 ? AutoEts.all(fitter) : AutoEts.nonSeasonalDamped(fitter)).fits(y, period);
    }

    private static Candidate etsCandidate(EtsFit fit, double[] y, int period, int h, double level) {
        return new Candidate(fit.spec().toString(),
                fit.forecast(h, level), EmpiricalIntervals.of(fit, y, List.of(), List.of(), period > 1),
                EmpiricalIntervals.firstOrigin(fit, List.of()), y, () -> fit.filteredStates(y)[3], fit.spec().parameterCount(), fit.aicc(),
                new Fitted.Smoothing(fit, null), (x, steps) -> Ets.fast().fit(x, fit.spec()).map(f -> f.pointForecast(steps)));
    }

    /** AR(p) on the data ({@link Ar}); its past forecasts give the empirical intervals. */
    private Optional<Candidate> arCandidate(double[] all, int h, double level) {
        double[] y = tail(all);
        return Ar.fit(y).map(ar -> new Candidate(ar.label(), ar.forecast(y, h, level), ar.past(y, h),
                Math.max(0, ar.order() - 1), y, () -> ar.fitted(y), ar.parameterCount(), ar.aicc(), new Fitted.Filtered(ar.state(y)),
                (x, steps) -> Ar.fit(x).map(a -> a.state(x).forecast(steps))));
    }

    /**
     * ARIMA as R's {@code auto.arima()} chooses it ({@link Arima}) on the data's last
     * {@link #ETS_WINDOW} points, with a season of {@code period} steps (1: none); its past
     * forecasts (from the filtered state at each origin) give the empirical intervals. Refitted at
     * past origins with its orders kept, by conditional sum of squares (R's fit for the search of
     * series over 150 points; the final fit is by exact likelihood). Not part of the automatic
     * choice: offered to the cross-validation, alone and in the mean with the AICc choice of ETS,
     * it made the design groups and the holdouts worse (docs/forecast.md, *ARIMA*).
     */
    private Optional<Candidate> arimaCandidate(double[] all, int period, int h, double level) {
        double[] y = tail(all);
        return Arima.auto(y, period).map(a -> new Candidate(a.label(), a.forecast(y, h, level), a.past(y, h), a.firstOrigin(), y,
                () -> a.fitted(y), a.spec().parameterCount(), a.aicc(), new Fitted.Filtered(a.state(y)),
                (x, steps) -> Arima.fit(x, a.spec(), Arima.Method.CSS).map(b -> b.pointForecast(x, steps))));
    }

    /**
     * The Theta method on the data's last {@link #ETS_WINDOW} points, with the season of
     * {@code period} steps when its test finds one. Its SES is the fast fit: for ETS(A,N,N) the
     * profiled initial level is exact, so it reaches R's optimum too ({@code ThetaTest}). Not part
     * of the automatic choice: offered to the cross-validation, alone and in the mean of ETS, AR and
     * Theta, it improved the first two holdouts and made the design quarterly group and the third,
     * fresh holdout worse (docs/forecast.md, *A third holdout*).
     */
    private Optional<Chosen> theta(double[] all, int period, int h, double level) {
        double[] y = tail(all);
        return Theta.fit(y, period, Ets.fast()).map(th -> {
            Forecast analytic = th.forecast(h, level);
            if (options.analyticIntervals()) return new Chosen(analytic, th.model(), false);
            return new Chosen(EmpiricalIntervals.apply(analytic, th.past(), y, 1), th.model(), false);
        });
    }

    private Optional<Chosen> stlEts(double[] y, List<Integer> periods, int h, double level) {
        if (periods.isEmpty()) return Optional.empty();
        return stlCandidate(y, new Mstl(periods, false).decompose(y), h, level).map(c -> c.chosen(options.analyticIntervals()));
    }

    /**
     * Non-seasonal AutoETS on the MSTL-adjusted data, each season's cycle projected forward
     * (R's {@code stlf()}). Its AICc is on the data's scale: the data's one-step errors are those
     * of the adjusted series (the season is added to both), so the ETS likelihood is the data's;
     * each seasonal component is counted as {@code period - 1} parameters, as the initial states
     * of a seasonal ETS model are.
     */
    private Optional<Candidate> stlCandidate(double[] y, Mstl.Decomposition d, int h, double level) {
        if (d.periods().isEmpty()) return Optional.empty();
        double[] z = tail(d.adjusted());
        Optional<EtsFit> fit = AutoEts.nonSeasonalDamped(Ets.fast()).fit(z, 1);
        if (fit.isEmpty()) return Optional.empty();
        Forecast a = fit.get().forecast(h, level);
        double[] s = d.projectSeasonal(h);
        double[] mu = a.mean(), lo = a.lower(), hi = a.upper();
        for (int k = 0; k < h; k++) { mu[k] += s[k]; lo[k] += s[k]; hi[k] += s[k]; }
        String label = a.method() + "+STL" + d.periods();
        double[] yt = tail(y);
        List<double[]> seasonals = d.seasonals().stream().map(AutoForecaster::tail).toList();
        Supplier<double[]> fitted = () -> {
            double[] f = fit.get().filteredStates(z)[3];
            for (double[] c : seasonals) for (int t = 0; t < f.length; t++) f[t] += c[t];
            return f;
        };
        int params = fit.get().spec().parameterCount();
        for (int p : d.periods()) params += p - 1;
        return Optional.of(new Candidate(label, new Forecast(mu, lo, hi, level, label),
                EmpiricalIntervals.of(fit.get(), z, d.periods(), seasonals),
                EmpiricalIntervals.firstOrigin(fit.get(), d.periods()), yt, fitted, params,
                Ets.aicc(-2 * fit.get().logLik(), params, yt.length), new Fitted.Smoothing(fit.get(), s),
                (x, steps) -> {
                    Mstl.Decomposition dx = new Mstl(d.periods(), false).decompose(x);
                    return Ets.fast().fit(tail(dx.adjusted()), fit.get().spec()).map(f -> {
                        double[] m = f.pointForecast(steps), sx = dx.projectSeasonal(steps);
                        for (int j = 0; j < steps; j++) m[j] += sx[j];
                        return m;
                    });
                }));
    }

    /**
     * One model the automatic choice considers: its forecast with analytic bounds, its forecasts
     * from past origins (for the empirical intervals), the data {@code y} it saw with its one-step
     * forecasts of them ({@code fitted}), its AICc, and the model to carry forward.
     */
    private record Candidate(String label, Forecast analytic, EmpiricalIntervals.PastForecasts past, int firstOrigin,
                             double[] y, Supplier<double[]> fitted, int parameters, double aicc, Fitted.Model model,
                             Refit refit) {

        Chosen chosen(boolean analyticIntervals) {
            if (analyticIntervals) return new Chosen(analytic.describedAs(label), model, false);
            return new Chosen(EmpiricalIntervals.apply(analytic, past, y, firstOrigin).describedAs(label), model,
                    EmpiricalIntervals.relative(analytic, past));
        }

        /**
         * The mean of two forecasts of the same data (the classic combination of the M
         * competitions), scored by the AICc of its one-step errors with the parameters of both.
         */
        static Candidate mean(Candidate a, Candidate b) { return mean(a, b, false); }

        /**
         * As {@link #mean(Candidate, Candidate)}; with {@code relativeLikeA} the combination's past
         * errors are relative when {@code a}'s are (a multiplicative-error ETS model on growing data:
         * absolute errors made at the old level covered AirPassengers' last 36 months 33 % instead
         * of 58 % with the mean of ETS(M,A,M) and AR).
         */
        static Candidate mean(Candidate a, Candidate b, boolean relativeLikeA) {
            int h = a.analytic.horizon();
            double[] mu = new double[h], lo = new double[h], hi = new double[h];
            for (int k = 0; k < h; k++) {
                mu[k] = (a.analytic.meanAt(k) + b.analytic.meanAt(k)) / 2;
                lo[k] = (a.analytic.lowerAt(k) + b.analytic.lowerAt(k)) / 2;
                hi[k] = (a.analytic.upperAt(k) + b.analytic.upperAt(k)) / 2;
            }
            double[] fitted = new double[a.y.length], fa = a.fitted.get(), fb = b.fitted.get();
            for (int t = 0; t < fitted.length; t++) fitted[t] = (fa[t] + fb[t]) / 2;
            String label = "mean(" + a.label + ", " + b.label + ")";
            int k = a.parameters + b.parameters;
            return new Candidate(label, new Forecast(mu, lo, hi, a.analytic.level(), label),
                    new EmpiricalIntervals.PastForecasts() {
                        @Override public double at(int t, int j) { return (a.past.at(t, j) + b.past.at(t, j)) / 2; }

                        @Override public boolean relative() { return relativeLikeA && a.past.relative(); }
                    }, Math.max(a.firstOrigin, b.firstOrigin),
                    a.y, () -> fitted, k, Ets.aicc(Ets.likelihood(a.y, fitted), k, a.y.length), new Fitted.Mean(a.model, b.model),
                    (x, steps) -> a.refit.forecast(x, steps).flatMap(ra -> b.refit.forecast(x, steps).map(rb -> {
                        double[] m = new double[steps];
                        for (int j = 0; j < steps; j++) m[j] = (ra[j] + rb[j]) / 2;
                        return m;
                    })));
        }
    }

    /** A candidate's model structure (ETS spec, AR order selection, decomposition) refitted to a prefix of the data: its point forecasts. */
    private interface Refit {
        Optional<double[]> forecast(double[] prefix, int h);
    }

    static Forecast naive(double[] y, int h, double level) {
        int n = y.length;
        double ss = 0;
        for (int t = 1; t < n; t++) ss += (y[t] - y[t - 1]) * (y[t] - y[t - 1]);
        double sd = Math.sqrt(ss / (n - 1));
        double z = Stats.normalQuantile(0.5 + level / 200.0);
        double[] mu = new double[h], lo = new double[h], hi = new double[h];
        for (int k = 0; k < h; k++) {
            mu[k] = y[n - 1];
            lo[k] = mu[k] - z * sd * Math.sqrt(k + 1);
            hi[k] = mu[k] + z * sd * Math.sqrt(k + 1);
        }
        return new Forecast(mu, lo, hi, level, "naive");
    }

    static Forecast seasonalNaive(double[] y, int m, int h, double level) {
        int n = y.length;
        double ss = 0;
        for (int t = m; t < n; t++) ss += (y[t] - y[t - m]) * (y[t] - y[t - m]);
        double sd = Math.sqrt(ss / (n - m));
        double z = Stats.normalQuantile(0.5 + level / 200.0);
        double[] mu = new double[h], lo = new double[h], hi = new double[h];
        for (int k = 0; k < h; k++) {
            mu[k] = y[n - m + (k % m)];
            double w = z * sd * Math.sqrt(k / m + 1);
            lo[k] = mu[k] - w;
            hi[k] = mu[k] + w;
        }
        return new Forecast(mu, lo, hi, level, "snaive[" + m + "]");
    }

    static Forecast drop(Forecast f, int k) {
        int h = f.horizon();
        return new Forecast(Arrays.copyOfRange(f.mean(), k, h), Arrays.copyOfRange(f.lower(), k, h),
                Arrays.copyOfRange(f.upper(), k, h), f.level(), f.method());
    }
}
