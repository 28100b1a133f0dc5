package io.trackstream.local.summary;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Reads the Prometheus text exposition format ({@code /actuator/prometheus}): one sample per line,
 * {@code name{label="value",…} value [timestamp]}, comments and blank lines skipped, label values unescaped.
 */
public final class PrometheusText {

    /** One sample line. */
    public record Sample(String name, Map<String, String> labels, double value) {
    }

    private PrometheusText() {
    }

    public static List<Sample> parse(String text) {
        List<Sample> samples = new ArrayList<>();
        for (String line : text.split("\n")) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            Sample sample = parseLine(l);
            if (sample != null) {
                samples.add(sample);
            }
        }
        return samples;
    }

    /** The names of every sample (so {@code x_bucket}, {@code x_count}, {@code x_sum} for a histogram {@code x}). */
    public static Set<String> names(List<Sample> samples) {
        Set<String> names = new LinkedHashSet<>();
        samples.forEach(s -> names.add(s.name()));
        return names;
    }

    public static double sum(List<Sample> samples, String name) {
        return sum(samples, name, labels -> true);
    }

    public static double sum(List<Sample> samples, String name, Predicate<Map<String, String>> labels) {
        return samples.stream().filter(s -> s.name().equals(name) && labels.test(s.labels())).mapToDouble(Sample::value).sum();
    }

    /** The sum of {@code name} per value of {@code label}. */
    public static Map<String, Double> sumBy(List<Sample> samples, String name, String label) {
        Map<String, Double> sums = new LinkedHashMap<>();
        samples.stream().filter(s -> s.name().equals(name))
                .forEach(s -> sums.merge(s.labels().getOrDefault(label, ""), s.value(), Double::sum));
        return sums;
    }

    private static Sample parseLine(String line) {
        int i = 0;
        while (i < line.length() && line.charAt(i) != '{' && !Character.isWhitespace(line.charAt(i))) {
            i++;
        }
        String name = line.substring(0, i);
        Map<String, String> labels = new LinkedHashMap<>();
        if (i < line.length() && line.charAt(i) == '{') {
            i = labels(line, i + 1, labels);
            if (i < 0) {
                return null;
            }
        }
        String[] rest = line.substring(i).strip().split("\\s+");
        if (name.isEmpty() || rest.length == 0 || rest[0].isEmpty()) {
            return null;
        }
        try {
            return new Sample(name, labels, value(rest[0]));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Parses {@code a="x",b="y"}} from {@code i}; returns the index after the closing brace, or -1 if malformed. */
    private static int labels(String line, int i, Map<String, String> labels) {
        while (i < line.length()) {
            char c = line.charAt(i);
            if (c == '}') {
                return i + 1;
            }
            if (c == ',' || Character.isWhitespace(c)) {
                i++;
                continue;
            }
            int eq = line.indexOf('=', i);
            if (eq < 0 || eq + 1 >= line.length() || line.charAt(eq + 1) != '"') {
                return -1;
            }
            String label = line.substring(i, eq).strip();
            StringBuilder value = new StringBuilder();
            int j = eq + 2;
            for (; j < line.length() && line.charAt(j) != '"'; j++) {
                char v = line.charAt(j);
                if (v == '\\' && j + 1 < line.length()) {
                    char escaped = line.charAt(++j);
                    value.append(escaped == 'n' ? '\n' : escaped);
                } else {
                    value.append(v);
                }
            }
            if (j >= line.length()) {
                return -1;
            }
            labels.put(label, value.toString());
            i = j + 1;
        }
        return -1;
    }

    private static double value(String text) {
        return switch (text) {
            case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> Double.parseDouble(text);
        };
    }
}
