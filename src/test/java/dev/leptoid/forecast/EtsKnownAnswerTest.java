package dev.leptoid.forecast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Known answers from R 4.2.2 / forecast 8.20 {@code ets()} on base-R data sets (WWWusage, Nile,
 * USAccDeaths, AirPassengers), made by tools/r/ets-known-answers.R, same model each time.
 *
 * <p>Two checks per case. (1) With R's fitted parameters and initial states our recursions give
 * R's log-likelihood, AICc and forecasts: likelihood within 1e-6 relative, point forecasts and
 * analytic 80% bounds within 1e-6 of the series' scale (standard deviation); simulated bounds
 * (multiplicative seasons, R and we both simulate) within 5% of the scale, and their point
 * forecasts within 0.5%: R reports for them an approximate expectation with a second-order
 * variance term (0.03% above the state recursion at h=4 for MAdM), we report the recursion's
 * point forecast, which R's final states reproduce exactly. From h = m on, R's additive
 * seasonal variance already adds the gamma term that Hyndman et al. (2008, table 6.1) add one
 * step later; we follow the book, so those bounds are compared within 1e-3 of the scale. (2) Our own fit is at least as good
 * as R's: AICc no more than 0.5 above R's. It is often lower: R's Nelder-Mead stalls on several
 * seasonal models (R itself gives the better likelihood at our parameters, see docs/forecast.md),
 * so fitted parameters are compared only where R's optimum is not beaten by more than 0.5.
 */
class EtsKnownAnswerTest {

    static Stream<RFixtures.Case> cases() throws IOException { return RFixtures.cases().stream(); }

    private static EtsFit rModel(RFixtures.Case c, EtsSpec spec) {
        int m = spec.period();
        double[] init = new double[2 + (spec.hasSeason() ? m : 0)];
        init[0] = c.get("init.l");
        init[1] = spec.hasTrend() ? c.get("init.b") : 0;
        for (int j = 0; j < (spec.hasSeason() ? m : 0); j++) init[2 + j] = c.get("init.s" + (j + 1));
        return Ets.evaluate(c.data(), spec, c.get("alpha"), nz(c.get("beta")), nz(c.get("gamma")), nz1(c.get("phi")), init);
    }

    private static double nz(double v) { return Double.isNaN(v) ? 0 : v; }

    private static double nz1(double v) { return Double.isNaN(v) ? 1 : v; }

    @ParameterizedTest(name = "{0}: our recursions at R's estimates reproduce R's likelihood and forecasts")
    @MethodSource("cases")
    void recursionsAtRsEstimatesReproduceR(RFixtures.Case c) {
        EtsSpec spec = EtsSpec.parse(c.code(), c.period());
        EtsFit fit = rModel(c, spec);
        assertEquals(c.get("loglik"), fit.logLik(), 1e-6 * Math.abs(c.get("loglik")), "log-likelihood");
        assertEquals(c.get("aicc"), fit.aicc(), 1e-6 * Math.abs(c.get("aicc")), "AICc");
        assertEquals(c.get("sigma2"), fit.sigma2(), 1e-6 * c.get("sigma2"), "sigma2");
        Forecast f = fit.forecast(12, 80);
        double scale = Stats.sd(c.data(), 0, c.data().length);
        double[] mean = c.seq("mean", 12), lower = c.seq("lower", 12), upper = c.seq("upper", 12);
        for (int k = 0; k < 12; k++) {
            double boundTol = spec.season() == EtsSpec.Season.M ? 0.05 * scale : k + 1 < spec.period() ? 1e-6 * scale : 1e-3 * scale;
            double meanTol = spec.season() == EtsSpec.Season.M ? 5e-3 * Math.abs(mean[k]) : 1e-6 * scale;
            assertEquals(mean[k], f.meanAt(k), meanTol, "mean at h=" + (k + 1));
            assertEquals(lower[k], f.lowerAt(k), boundTol, "lower at h=" + (k + 1));
            assertEquals(upper[k], f.upperAt(k), boundTol, "upper at h=" + (k + 1));
        }
    }

    @ParameterizedTest(name = "{0}: our fit is at least as good as R's")
    @MethodSource("cases")
    void ourFitIsAtLeastAsGoodAsRs(RFixtures.Case c) {
        EtsSpec spec = EtsSpec.parse(c.code(), c.period());
        EtsFit fit = Ets.exact().fit(c.data(), spec).orElseThrow();
        assertTrue(fit.aicc() <= c.get("aicc") + 0.5, "AICc " + fit.aicc() + " vs R " + c.get("aicc"));
        if (fit.aicc() >= c.get("aicc") - 0.5) { // same optimum: same parameters and forecasts
            assertEquals(c.get("alpha"), fit.alpha(), 0.02, "alpha");
            if (spec.damped()) assertEquals(c.get("phi"), fit.phi(), 0.02, "phi");
            double scale = Stats.sd(c.data(), 0, c.data().length);
            double[] mean = c.seq("mean", 12);
            Forecast f = fit.forecast(12, 80);
            for (int k = 0; k < 12; k++) assertEquals(mean[k], f.meanAt(k), 0.02 * scale, "mean at h=" + (k + 1));
        }
    }

    @Test
    void automaticSelectionPicksRsModelOnNonSeasonalSeries() throws IOException {
        for (RFixtures.Case c : RFixtures.cases()) {
            if (!c.model().startsWith("auto:") || c.period() > 1) continue;
            EtsFit fit = AutoEts.all(Ets.exact()).fit(c.data(), c.period()).orElseThrow();
            assertEquals(c.code(), code(fit.spec()), c.series());
        }
    }

    @Test
    void automaticSelectionOnSeasonalSeriesIsAtLeastAsGoodAsRsChoice() throws IOException {
        int seen = 0;
        for (RFixtures.Case c : RFixtures.cases()) {
            if (!c.model().startsWith("auto:") || c.period() == 1) continue;
            EtsFit fit = AutoEts.all(Ets.exact()).fit(c.data(), c.period()).orElseThrow();
            assertTrue(fit.spec().hasSeason(), c.series() + ": " + fit.spec());
            assertTrue(fit.aicc() <= c.get("aicc") + 0.5, c.series() + ": " + fit + " vs R's " + c.code() + " AICc " + c.get("aicc"));
            seen++;
        }
        assertEquals(2, seen, "USAccDeaths and AirPassengers");
    }

    private static String code(EtsSpec s) { return "" + s.error() + s.trend() + s.season(); }
}
