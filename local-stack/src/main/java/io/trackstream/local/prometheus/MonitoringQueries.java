package io.trackstream.local.prometheus;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The PromQL an operator relies on: every {@code expr} of the Grafana dashboard (panels, panels nested in rows) and of
 * every alert rule, made ready to be evaluated as they are here. Grafana's built-in variables get values that fit a
 * freshly started Prometheus ({@code $__rate_interval} one minute), and a threshold the query ends with
 * ({@code > 0}, {@code == 1}, {@code > 0.05}, also before {@code and}/{@code or}/{@code unless}) is dropped: a panel
 * or alert that filters its series is still wrong if the series behind the filter do not exist.
 */
public final class MonitoringQueries {

    /** Values of Grafana's built-in variables, for a Prometheus that has scraped a few minutes. */
    static final Map<String, String> GRAFANA_VARIABLES = Map.of(
            "__rate_interval", "1m", "__interval", "15s", "interval", "1m", "__range", "1h",
            "__range_s", "3600", "__interval_ms", "15000", "__range_ms", "3600000");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{(\\w+)(?::\\w+)?}|\\[\\[(\\w+)]]|\\$(\\w+)");
    private static final Pattern THRESHOLD = Pattern.compile(
            "\\s*(?:==|!=|>=|<=|>|<)\\s*(?:bool\\s+)?-?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][-+]?\\d+)?\\s*(?=$|\\band\\b|\\bor\\b|\\bunless\\b)");

    /** A query as written, where it comes from, and the expression to evaluate. */
    public record Query(String source, String written, String evaluated) {
    }

    private MonitoringQueries() {
    }

    /** Every {@code expr} of the dashboard, titled by its panel. */
    public static List<Query> ofDashboard(JsonNode dashboard) {
        List<Query> queries = new ArrayList<>();
        collect(dashboard, "dashboard", queries);
        return queries;
    }

    /** The {@code expr} of every rule of a Prometheus rules file. */
    @SuppressWarnings("unchecked")
    public static List<Query> ofRules(Map<String, Object> rulesFile) {
        List<Query> queries = new ArrayList<>();
        for (Map<String, Object> group : (List<Map<String, Object>>) rulesFile.get("groups")) {
            for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
                String name = String.valueOf(rule.containsKey("alert") ? rule.get("alert") : rule.get("record"));
                String expr = String.valueOf(rule.get("expr")).strip();
                queries.add(new Query("alert " + name, expr, evaluable(expr)));
            }
        }
        return queries;
    }

    private static void collect(JsonNode node, String panel, List<Query> queries) {
        if (node.isObject()) {
            String title = node.has("title") && node.has("type") ? "panel \"" + node.get("title").asText() + "\"" : panel;
            node.properties().forEach(field -> {
                if (field.getKey().equals("expr") && field.getValue().isTextual()) {
                    String expr = field.getValue().asText().strip();
                    queries.add(new Query(title, expr, evaluable(expr)));
                } else {
                    collect(field.getValue(), title, queries);
                }
            });
        } else if (node.isArray()) {
            node.forEach(element -> collect(element, panel, queries));
        }
    }

    /** Grafana's variables replaced, trailing thresholds dropped. */
    static String evaluable(String expr) {
        Matcher variable = VARIABLE.matcher(expr);
        StringBuilder substituted = new StringBuilder();
        while (variable.find()) {
            String name = variable.group(1) != null ? variable.group(1) : variable.group(2) != null ? variable.group(2) : variable.group(3);
            String value = GRAFANA_VARIABLES.get(name);
            if (value == null) {
                throw new IllegalArgumentException("No value for the dashboard variable $" + name + " in: " + expr);
            }
            variable.appendReplacement(substituted, Matcher.quoteReplacement(value));
        }
        variable.appendTail(substituted);
        return THRESHOLD.matcher(substituted.toString().replaceAll("\\s+", " ").strip()).replaceAll(" ").strip().replaceAll("\\s+", " ");
    }
}
