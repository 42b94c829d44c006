package dev.leptoid.forecast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * R 4.2.2 / forecast 8.20 {@code ets()} on the short seasonal series of the R-datasets evaluation
 * (design groups, holdout and second holdout; m = 12 and 4) at the three origins of
 * {@code leptoid evaluate --origins 3} (tested: all three of the quarterly series, the last of the
 * monthly ones): every model of R's automatic set fitted alone and the one
 * {@code ets()} picks (fixture by tools/r/ets-choice-known-answers.R, 75 origins, 1,098 fits; 16 of them fall short of
 * R's log-likelihood by more than 0.25 with {@link Ets#exact()}, 64 before its extra starts).
 *
 * <p>(1) Our R-like fit of each model reaches R's log-likelihood within {@link #TOL}, except the
 * fits listed in {@link #SHORTFALLS} (found by this fixture, each within 5 of R's; see
 * docs/forecast.md). (2) Our automatic choice is at least as good as R's by R's own criterion:
 * its AICc is no more than 2 x {@link #TOL} above the AICc R reports for its choice (2 x 5 where
 * R's choice is one of the shortfalls: woolyrnq, where R's MNA beats our ANA by 4.3). (3) Where our
 * fits of R's choice and of ours agree with R's fits of them, and their AICc differ by more than
 * 2 x {@link #TOL}, we pick R's model. Where we pick another model, it is because we fit it (or R's
 * choice) better than R's optimiser does: R's Nelder-Mead starts with one simplex step for all
 * parameters, 10 % of the largest (the initial level), so what it finds depends on the data's
 * units (wineind_q: R picks MAdM at the last two origins in litres, our MAM in units of 10^4
 * litres, with our likelihood).
 */
class EtsChoiceKnownAnswerTest {

    /** Log-likelihood tolerance: a fit this close to R's is the same optimum. */
    static final double TOL = 0.5;

    /** Fits that fall short of R's optimum by 0.5-5 (other local optima of the likelihood). */
    static final Set<String> SHORTFALLS = Set.of("AirPassengers/ANA", "co2/AAdA", "nottem/AAA", "wineind/AAA",
            "wineind/AAdN", "wineind/MAA", "woolyrnq/MNA", "woolyrnq/MAA", "woolyrnq/MAdA", "VanKilled/MAA");

    record Row(String model, boolean chosen, double loglik, double aicc) {}

    record Origin(String group, String series, int period, int cut, List<Row> rows) {
        @Override public String toString() { return group + "/" + series + " at " + cut; }
    }

    static Stream<Origin> origins() throws IOException {
        Map<String, Origin> out = new LinkedHashMap<>();
        List<String> lines = read("/forecast/ets-choice-known-answers.csv");
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            Origin o = out.computeIfAbsent(f[0] + "|" + f[1] + "|" + f[3],
                    k -> new Origin(f[0], f[1], Integer.parseInt(f[2]), Integer.parseInt(f[3]), new ArrayList<>()));
            o.rows().add(new Row(f[4], f[5].equals("TRUE"), Double.parseDouble(f[6]), Double.parseDouble(f[7])));
        }
        Map<String, Integer> last = new LinkedHashMap<>();
        for (Origin o : out.values()) last.merge(o.group() + "/" + o.series(), o.cut(), Math::max);
        // every origin of the quarterly series, the last one of the monthly series (their 15 fits cost ~0.3 s)
        return out.values().stream().filter(o -> o.period() == 4 || o.cut() == last.get(o.group() + "/" + o.series()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("origins")
    void fitsReachRsLikelihoodAndTheChoiceFollows(Origin o) throws IOException {
        List<String> lines = read("/forecast/rdatasets/" + o.group() + "/" + o.series() + ".csv");
        double[] y = lines.subList(1, lines.size()).stream().mapToDouble(l -> Double.parseDouble(l.split(",")[1])).toArray();
        y = Arrays.copyOf(y, o.cut());
        Map<String, EtsFit> ours = new LinkedHashMap<>();
        Row rChoice = null;
        for (Row r : o.rows()) {
            EtsFit fit = Ets.exact().fit(y, EtsSpec.parse(r.model(), o.period())).orElseThrow(() -> new AssertionError(o + " " + r.model() + ": no fit"));
            ours.put(r.model(), fit);
            double tol = SHORTFALLS.contains(o.series() + "/" + r.model()) ? 5 : TOL;
            assertTrue(fit.logLik() >= r.loglik() - tol, o + " " + r.model() + ": loglik " + fit.logLik() + " vs R " + r.loglik());
            if (r.chosen()) rChoice = r;
        }
        EtsFit auto = AutoEts.all(Ets.exact()).fit(y, o.period()).orElseThrow();
        String code = code(auto.spec());
        double slack = 2 * (SHORTFALLS.contains(o.series() + "/" + rChoice.model()) ? 5 : TOL);
        assertTrue(auto.aicc() <= rChoice.aicc() + slack, o + ": our " + code + " AICc " + auto.aicc() + " vs R's " + rChoice.model() + " " + rChoice.aicc());
        Row rOfOurs = o.rows().stream().filter(r -> r.model().equals(code)).findFirst().orElseThrow();
        boolean agree = Math.abs(ours.get(rChoice.model()).logLik() - rChoice.loglik()) <= TOL
                && Math.abs(auto.logLik() - rOfOurs.loglik()) <= TOL;
        if (agree && Math.abs(rChoice.aicc() - rOfOurs.aicc()) > 2 * TOL) assertEquals(rChoice.model(), code, o + ": fits agree with R's");
    }

    static String code(EtsSpec s) { return "" + s.error() + s.trend() + s.season(); }

    private static List<String> read(String name) throws IOException {
        try (InputStream in = EtsChoiceKnownAnswerTest.class.getResourceAsStream(name)) {
            if (in == null) throw new IOException("fixture missing: " + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
        }
    }
}
