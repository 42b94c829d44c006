package dev.leptoid.simulation;

import dev.leptoid.config.PolicySettings;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;

/**
 * The backtest as one self-contained HTML page with inline SVG: per trace, the offered load
 * with each policy's capacity (at its cost-at-the-SLO target) and leptoid's forecast band; the
 * cost/breach curve of each policy across targets; and the tables. No script, no external file.
 */
public final class Report {

    static final String[] COLORS = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#8c564b", "#e377c2"};
    static final int W = 900, H = 260, PAD = 50, MAX_POINTS = 1500;

    private final double breach;
    private final PolicySettings settings;

    public Report(double breach, PolicySettings settings) {
        this.breach = breach;
        this.settings = settings;
    }

    /** Writes {@code dir/index.html}; returns its path. */
    public Path write(Path dir, List<Workload> workloads, List<Backtest.Outcome> outcomes, Duration history) throws IOException {
        Files.createDirectories(dir);
        Path page = dir.resolve("index.html");
        Files.writeString(page, html(workloads, outcomes, history), StandardCharsets.UTF_8);
        return page;
    }

    String html(List<Workload> workloads, List<Backtest.Outcome> outcomes, Duration history) {
        StringBuilder b = new StringBuilder();
        b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>leptoid backtest</title>\n<style>")
                .append("body{font-family:sans-serif;max-width:960px;margin:auto;color:#222}table{border-collapse:collapse;margin:8px 0}")
                .append("td,th{border:1px solid #ccc;padding:2px 8px;text-align:right}th{background:#f4f4f4}td.l{text-align:left}")
                .append("svg{background:#fff;border:1px solid #ddd}.k{font-size:12px}</style></head><body>\n");
        b.append("<h1>leptoid backtest</h1>\n<p>Each trace is replayed minute by minute against a simulated Auto Scaling group ")
                .append(String.format(Locale.ROOT, "(launch + warm-up %d min; leptoid runs every %d min, sizing on the p%.0f forecast). ",
                        settings.leadTime().toMinutes(), settings.runInterval().toMinutes(), settings.quantile()))
                .append(String.format(Locale.ROOT, "A minute breaches the SLO when the utilization of the in-service instances is above %.2f; ", breach))
                .append("the cost at the SLO is the least instance-hours among the targets whose breach minutes are at most 0.1 % of the minutes. ")
                .append(esc(String.format(Locale.ROOT, "The first %.1f days of each trace are history (replayed, not measured).",
                        history.toMinutes() / 1440.0))).append("</p>\n");
        for (Workload w : workloads) {
            List<Backtest.Outcome> mine = outcomes.stream().filter(o -> o.trace().equals(w.name())).toList();
            if (mine.isEmpty()) continue;
            List<String> policies = new ArrayList<>(new LinkedHashSet<>(mine.stream().map(Backtest.Outcome::policy).toList()));
            b.append("<h2>").append(esc(w.name())).append("</h2>\n");
            b.append("<h3>Cost at the SLO</h3>\n<table><tr><th>policy</th><th>instance-hours</th><th>target</th><th>breach minutes</th>")
                    .append("<th>against target tracking (share of the possible saving: perfect foresight is the floor)</th></tr>\n");
            CostAtSlo tt = policies.contains("target-tracking") ? CostAtSlo.of(w.name(), "target-tracking", mine) : null;
            CostAtSlo floor = policies.contains(PerfectForesight.NAME) ? CostAtSlo.of(w.name(), PerfectForesight.NAME, mine) : null;
            List<Backtest.Outcome> shown = new ArrayList<>();
            for (String p : policies) {
                CostAtSlo c = CostAtSlo.of(w.name(), p, mine);
                b.append("<tr><td class=l>").append(esc(p)).append("</td>");
                if (c.reachable()) {
                    Backtest.Outcome o = c.best().get();
                    shown.add(o);
                    b.append(String.format(Locale.ROOT, "<td>%.1f</td><td>%.2f</td><td>%d</td><td class=l>%s</td></tr>%n", o.instanceHours(),
                            o.target(), o.breachMinutes(), esc(c.againstBaseline(tt, floor))));
                } else {
                    shown.add(leastBreaching(mine, p));
                    b.append("<td colspan=4 class=l>SLO not reachable at any target</td></tr>\n");
                }
            }
            b.append("</table>\n");
            breaches(b, shown);
            b.append("<h3>Load and capacity</h3>\n<p class=k>Offered load (Erlangs, black) and the in-service capacity of each ")
                    .append("policy at its cost-at-the-SLO target (or, where the SLO is not reachable, its target with the fewest breach minutes); ")
                    .append("shaded: leptoid's forecast interval for the minute one lead time after each run.</p>\n");
            b.append(loadPlot(shown, policies));
            b.append("<h3>Cost and breaches across targets</h3>\n<p class=k>One line per policy, one point per target: ")
                    .append("instance-hours (x) against breach minutes (y); the dashed line is the SLO's 0.1 %.</p>\n");
            b.append(costPlot(mine, policies));
            b.append("<h3>All runs</h3>\n<table><tr><th>policy</th><th>target</th><th>instance-hours</th><th>breach minutes</th>")
                    .append("<th>minutes</th><th>actions</th><th>forecast MASE</th></tr>\n");
            for (Backtest.Outcome o : mine)
                b.append(String.format(Locale.ROOT, "<tr><td class=l>%s</td><td>%.2f</td><td>%.1f</td><td>%d</td><td>%d</td><td>%d</td><td>%s</td></tr>%n",
                        esc(o.policy()), o.target(), o.instanceHours(), o.breachMinutes(), o.minutes(), o.actions(),
                        Double.isNaN(o.forecastMase()) ? "-" : String.format(Locale.ROOT, "%.2f", o.forecastMase())));
            b.append("</table>\n");
        }
        return b.append("</body></html>\n").toString();
    }

    /** leptoid's breach minutes at its shown target: when, how much, isolated or not, and what the forecast said. */
    private void breaches(StringBuilder b, List<Backtest.Outcome> shown) {
        Backtest.Outcome lep = shown.stream().filter(o -> o != null && o.policy().equals("leptoid")).findFirst().orElse(null);
        if (lep == null || lep.breachMinutes() == 0) return;
        Breaches br = Breaches.of(lep, breach);
        b.append(String.format(Locale.ROOT, "<h3>Where leptoid breached (target %.2f)</h3>%n<p class=k>", lep.target()))
                .append(esc(br.summary())).append(".</p>\n<table><tr><th>minute</th><th>offered load</th><th>in service</th>")
                .append("<th>isolated</th><th>forecast upper a lead time earlier</th></tr>\n");
        for (Breaches.Minute m : br.minutes().subList(0, Math.min(50, br.minutes().size())))
            b.append(String.format(Locale.ROOT, "<tr><td class=l>%s</td><td>%.2f</td><td>%d</td><td>%s</td><td>%s</td></tr>%n",
                    Instant.ofEpochSecond(m.time()), m.load(), m.inService(), m.isolated() ? "yes" : "no",
                    Double.isNaN(m.forecastUpper()) ? "-" : String.format(Locale.ROOT, "%.2f%s", m.forecastUpper(),
                            m.foreseen() ? " (covered)" : "")));
        b.append("</table>\n");
    }

    private static Backtest.Outcome leastBreaching(List<Backtest.Outcome> mine, String policy) {
        Backtest.Outcome best = null;
        for (Backtest.Outcome o : mine)
            if (o.policy().equals(policy) && (best == null || o.breachMinutes() < best.breachMinutes())) best = o;
        return best;
    }

    /** Load, each shown outcome's in-service capacity, leptoid's forecast band; bucketed to at most MAX_POINTS columns. */
    String loadPlot(List<Backtest.Outcome> shown, List<String> policies) {
        Backtest.Outcome first = shown.get(0);
        int n = first.minutes();
        int bucket = Math.max(1, (n + MAX_POINTS - 1) / MAX_POINTS);
        double top = 0;
        for (Backtest.Outcome o : shown)
            for (int i = 0; i < n; i++) top = Math.max(top, Math.max(finite(o.load()[i]), o.inService()[i]));
        top = top <= 0 ? 1 : top * 1.05;
        StringBuilder b = new StringBuilder(svgOpen());
        axes(b, top, "Erlangs / instances", first.start(), first.start() + n * Workload.MINUTE);
        Backtest.Outcome lep = shown.stream().filter(o -> o.policy().equals("leptoid")).findFirst().orElse(null);
        if (lep != null && !lep.predictions().isEmpty()) {
            List<ReplayPolicy.Prediction> ps = lep.predictions();
            int step = Math.max(1, ps.size() / MAX_POINTS);
            StringBuilder upper = new StringBuilder(), lower = new StringBuilder();
            for (int k = 0; k < ps.size(); k += step) {
                ReplayPolicy.Prediction p = ps.get(k);
                double x = x(p.time(), first.start(), n);
                upper.append(pt(x, y(p.upper(), top)));
                lower.insert(0, pt(x, y(Math.max(0, p.lower()), top)));
            }
            b.append("<polygon fill=\"#1f77b4\" fill-opacity=\"0.18\" stroke=\"none\" points=\"").append(upper).append(lower).append("\"/>\n");
        }
        StringBuilder load = new StringBuilder();
        for (int i = 0; i < n; i += bucket) {
            double m = Double.NaN;
            for (int k = i; k < Math.min(n, i + bucket); k++) if (!Double.isNaN(first.load()[k])) m = Double.isNaN(m) ? first.load()[k] : Math.max(m, first.load()[k]);
            if (!Double.isNaN(m)) load.append(pt(x(first.start() + i * Workload.MINUTE, first.start(), n), y(m, top)));
        }
        b.append("<polyline fill=\"none\" stroke=\"#000\" stroke-width=\"1\" points=\"").append(load).append("\"/>\n");
        for (int s = 0; s < shown.size(); s++) {
            Backtest.Outcome o = shown.get(s);
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < n; i += bucket) {
                int m = Integer.MAX_VALUE;
                for (int k = i; k < Math.min(n, i + bucket); k++) m = Math.min(m, o.inService()[k]);
                line.append(pt(x(o.start() + i * Workload.MINUTE, o.start(), n), y(m, top)));
            }
            b.append("<polyline fill=\"none\" stroke=\"").append(color(policies, o.policy())).append("\" stroke-width=\"1.2\" points=\"")
                    .append(line).append("\"/>\n");
        }
        legend(b, shown.stream().map(o -> String.format(Locale.ROOT, "%s @ %.2f", o.policy(), o.target())).toList(),
                shown.stream().map(o -> color(policies, o.policy())).toList(), true);
        return b.append("</svg>\n").toString();
    }

    /** Instance-hours against breach minutes, one polyline per policy across its targets. */
    String costPlot(List<Backtest.Outcome> mine, List<String> policies) {
        double xLo = Double.MAX_VALUE, xHi = 0, yHi = 1;
        for (Backtest.Outcome o : mine) {
            xLo = Math.min(xLo, o.instanceHours());
            xHi = Math.max(xHi, o.instanceHours());
            yHi = Math.max(yHi, o.breachMinutes());
        }
        if (xHi <= xLo) xHi = xLo + 1;
        double span = xHi - xLo;
        xLo = Math.max(0, xLo - span * 0.05);
        xHi = xHi + span * 0.05;
        yHi = yHi * 1.05;
        StringBuilder b = new StringBuilder(svgOpen());
        b.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#888\"/>%n", PAD, H - PAD, W - 10, H - PAD));
        b.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"10\" x2=\"%d\" y2=\"%d\" stroke=\"#888\"/>%n", PAD, PAD, H - PAD));
        b.append(text(PAD, H - PAD + 28, String.format(Locale.ROOT, "instance-hours %.0f .. %.0f", xLo, xHi)));
        b.append(text(4, 20, String.format(Locale.ROOT, "breach min (max %.0f)", yHi)));
        double slo = CostAtSlo.MAX_BREACH_FRACTION * mine.get(0).minutes();
        double ys = H - PAD - (H - PAD - 10) * slo / yHi;
        b.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#888\" stroke-dasharray=\"4 3\"/>%n", PAD, ys, W - 10, ys));
        for (String p : policies) {
            StringBuilder line = new StringBuilder();
            for (Backtest.Outcome o : mine) {
                if (!o.policy().equals(p)) continue;
                double x = PAD + (W - 10 - PAD) * (o.instanceHours() - xLo) / (xHi - xLo);
                double y = H - PAD - (H - PAD - 10) * o.breachMinutes() / yHi;
                line.append(pt(x, y));
                b.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2.5\" fill=\"%s\"><title>%s target %.2f: %.1f h, %d breach min</title></circle>%n",
                        x, y, color(policies, p), esc(p), o.target(), o.instanceHours(), o.breachMinutes()));
            }
            b.append("<polyline fill=\"none\" stroke=\"").append(color(policies, p)).append("\" points=\"").append(line).append("\"/>\n");
        }
        legend(b, policies, policies.stream().map(p -> color(policies, p)).toList(), false);
        return b.append("</svg>\n").toString();
    }

    private static String svgOpen() {
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + W + "\" height=\"" + H + "\" viewBox=\"0 0 " + W + " " + H + "\">\n";
    }

    private static void axes(StringBuilder b, double top, String unit, long from, long to) {
        b.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#888\"/>%n", PAD, H - PAD, W - 10, H - PAD));
        b.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"10\" x2=\"%d\" y2=\"%d\" stroke=\"#888\"/>%n", PAD, PAD, H - PAD));
        b.append(text(4, 20, String.format(Locale.ROOT, "%.0f", top))).append(text(4, H - PAD, "0"));
        b.append(text(PAD, H - PAD + 28, esc(unit + ", " + Instant.ofEpochSecond(from) + " .. " + Instant.ofEpochSecond(to))));
    }

    private static void legend(StringBuilder b, List<String> labels, List<String> colors, boolean withLoad) {
        int x = PAD + 10;
        int yy = H - 8;
        if (withLoad) {
            b.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"4\" fill=\"#000\"/>", x, yy - 6)).append(text(x + 16, yy, "offered load"));
            x += 110;
        }
        for (int i = 0; i < labels.size(); i++) {
            b.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"4\" fill=\"%s\"/>", x, yy - 6, colors.get(i)))
                    .append(text(x + 16, yy, esc(labels.get(i))));
            x += 16 + 8 * labels.get(i).length() + 14;
        }
        b.append('\n');
    }

    private static String text(double x, double y, String s) {
        return String.format(Locale.ROOT, "<text x=\"%.0f\" y=\"%.0f\" class=\"k\" font-size=\"12\">%s</text>", x, y, s);
    }

    private static double x(long t, long start, int n) {
        return PAD + (W - 10 - PAD) * (double) (t - start) / ((double) n * Workload.MINUTE);
    }

    private static double y(double v, double top) { return H - PAD - (H - PAD - 10) * v / top; }

    private static String pt(double x, double y) { return String.format(Locale.ROOT, "%.1f,%.1f ", x, y); }

    private static double finite(double v) { return Double.isFinite(v) ? v : 0; }

    static String color(List<String> policies, String p) { return COLORS[Math.max(0, policies.indexOf(p)) % COLORS.length]; }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
