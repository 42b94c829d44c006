package dev.leptoid.forecast;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.HashMap;
import java.util.Map;

/**
 * Automatic ETS: fits every applicable model of the requested families and keeps the one with
 * the smallest AICc (R's {@code ets()}). Multiplicative models are skipped when the data has
 * values <= 0, seasonal ones without two full cycles; additive error with multiplicative season
 * is excluded (unstable, as R's {@code restrict = TRUE}).
 */
public record AutoEts(Ets fitter, Set<EtsSpec.Error> errors, Set<EtsSpec.Trend> trends, Set<EtsSpec.Season> seasons) {

    public AutoEts {
        errors = Set.copyOf(errors);
        trends = Set.copyOf(trends);
        seasons = Set.copyOf(seasons);
    }

    /** All 18 models of the taxonomy (15 after the restriction), fitted like R. */
    public static AutoEts all(Ets fitter) {
        return new AutoEts(fitter, EnumSet.allOf(EtsSpec.Error.class), EnumSet.allOf(EtsSpec.Trend.class),
                EnumSet.allOf(EtsSpec.Season.class));
    }

    /** Non-seasonal models with no or damped trend: what runs on seasonally adjusted data. */
    public static AutoEts nonSeasonalDamped(Ets fitter) {
        return new AutoEts(fitter, EnumSet.allOf(EtsSpec.Error.class), EnumSet.of(EtsSpec.Trend.N, EtsSpec.Trend.Ad),
                EnumSet.of(EtsSpec.Season.N));
    }

    /**
     * What leptoid fits to the data: no or damped trend, additive or multiplicative errors, and
     * additive or multiplicative seasons of {@code period} when it is a season (R's {@code ets()}
     * family without the undamped trend).
     */
    public static AutoEts dampedWithSeasons(Ets fitter) {
        return new AutoEts(fitter, EnumSet.allOf(EtsSpec.Error.class), EnumSet.of(EtsSpec.Trend.N, EtsSpec.Trend.Ad),
                EnumSet.allOf(EtsSpec.Season.class));
    }

    public List<EtsSpec> candidates(double[] y, int period) {
        List<EtsSpec> out = new ArrayList<>();
        for (EtsSpec.Error e : EtsSpec.Error.values())
            for (EtsSpec.Trend t : EtsSpec.Trend.values())
                for (EtsSpec.Season s : EtsSpec.Season.values()) {
                    if (!errors.contains(e) || !trends.contains(t) || !seasons.contains(s)) continue;
                    if (e == EtsSpec.Error.A && s == EtsSpec.Season.M) continue;
                    if (s != EtsSpec.Season.N && period < 2) continue;
                    EtsSpec spec = new EtsSpec(e, t, s, s == EtsSpec.Season.N ? 1 : period);
                    if (Ets.applicable(y, spec)) out.add(spec);
                }
        return out;
    }

    /** The fit with the smallest AICc, or empty when no model applies or converges. */
    public Optional<EtsFit> fit(double[] y, int period) {
        return fits(y, period).stream().findFirst();
    }

    /** Every model that applies and converges, by AICc (smallest first). */
    public List<EtsFit> fits(double[] y, int period) {
        List<EtsFit> out = new ArrayList<>();
        Map<String, EtsFit> additive = new HashMap<>();
        for (EtsSpec spec : candidates(y, period)) { // additive errors first: in fast mode they warm-start the multiplicative ones
            EtsFit start = additive.get("" + spec.trend() + spec.season());
            Optional<EtsFit> f = fitter.fit(y, spec, spec.error() == EtsSpec.Error.M && !fitter.optimizeInitialStates() ? start : null);
            if (f.isEmpty()) continue;
            if (spec.error() == EtsSpec.Error.A) additive.put("" + spec.trend() + spec.season(), f.get());
            out.add(f.get());
        }
        out.sort(Comparator.comparingDouble(EtsFit::aicc)); // stable: the first fitted wins a tie, as before
        return out;
    }
}
