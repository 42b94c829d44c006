package dev.leptoid.forecast;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the fixtures written by tools/r/ets-known-answers.R. */
final class RFixtures {

    /** One model R fitted to one series: every key of the fixture file. */
    record Case(String series, String model, int period, double[] data, Map<String, Double> values) {
        double get(String key) { return values.getOrDefault(key, Double.NaN); }

        double[] seq(String prefix, int h) {
            double[] out = new double[h];
            for (int i = 0; i < h; i++) out[i] = get(prefix + "." + (i + 1));
            return out;
        }

        /** The model code, e.g. AAdN (auto cases carry R's choice after "auto:ETS"). */
        String code() { return model.startsWith("auto:ETS") ? model.substring(8) : model; }

        @Override public String toString() { return series + " " + model; }
    }

    private RFixtures() {}

    static List<Case> cases() throws IOException {
        List<String> lines = read("ets-known-answers.csv");
        Map<String, Map<String, Double>> byModel = new LinkedHashMap<>();
        Map<String, Integer> periods = new LinkedHashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.replace("\"", "").split(",");
            double v = f[3].equals("NA") ? Double.NaN : Double.parseDouble(f[3]);
            if (f[1].isEmpty()) {
                periods.put(f[0], (int) v);
                continue;
            }
            byModel.computeIfAbsent(f[0] + "|" + f[1], k -> new LinkedHashMap<>()).put(f[2], v);
        }
        List<Case> out = new ArrayList<>();
        for (var e : byModel.entrySet()) {
            String[] k = e.getKey().split("\\|");
            out.add(new Case(k[0], k[1], periods.get(k[0]), data(k[0]), e.getValue()));
        }
        return out;
    }

    /**
     * The keys a known-answer script under tools/r wrote for one series, in a {@code series,key,value} file
     * with a header (e.g. ar-known-answers.csv, theta-known-answers.csv).
     */
    static Map<String, Double> keys(String file, String series) throws IOException {
        List<String> lines = read(file);
        Map<String, Double> out = new LinkedHashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            if (f[0].equals(series)) out.put(f[1], Double.parseDouble(f[2]));
        }
        return out;
    }

    static double[] data(String series) throws IOException {
        List<String> lines = read(series + ".csv");
        return lines.subList(1, lines.size()).stream().mapToDouble(Double::parseDouble).toArray();
    }

    private static List<String> read(String name) throws IOException {
        try (InputStream in = RFixtures.class.getResourceAsStream("/forecast/" + name)) {
            if (in == null) throw new IOException("fixture missing: " + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
        }
    }
}
