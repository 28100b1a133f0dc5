package io.trackstream.local;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The metric names a Grafana dashboard asks Prometheus for: from every {@code expr} anywhere in the dashboard JSON
 * (panels, panels nested in rows, library panels inlined), and from the templating variables' {@code label_values(…)}
 * and {@code query_result(…)} queries. In PromQL, a metric name is an identifier that is not a function or aggregation
 * (followed by a parenthesis), not a keyword, not a label (inside {@code {…}} or {@code by/without/on/ignoring(…)}),
 * not part of a string, a duration or a number, and not a Grafana variable ({@code $x}, {@code ${x}}, {@code [[x]]}).
 * {@code {__name__="x"}} names {@code x}.
 */
final class PromQlMetricNames {

    private static final Pattern GRAFANA_VARIABLE = Pattern.compile("\\$\\{[^}]*}|\\[\\[[^]]*]]|\\$\\w+");
    private static final Pattern NAME_MATCHER = Pattern.compile("__name__\\s*=\\s*\"([A-Za-z_:][A-Za-z0-9_:]*)\"");
    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`");
    private static final Pattern LABEL_MATCHERS = Pattern.compile("\\{[^}]*}");
    private static final Pattern RANGE = Pattern.compile("\\[[^]]*]");
    private static final Pattern GROUPING = Pattern.compile("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![A-Za-z0-9_:.])[A-Za-z_:][A-Za-z0-9_:]*");
    private static final Set<String> KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right", "offset",
            "bool", "and", "or", "unless", "atan2", "inf", "nan", "Inf", "NaN", "start", "end");

    private PromQlMetricNames() {
    }

    static Set<String> ofDashboard(JsonNode dashboard) {
        Set<String> names = new LinkedHashSet<>();
        collect(dashboard, names);
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            JsonNode query = variable.path("query");
            String text = query.isTextual() ? query.asText() : query.path("query").asText("");
            names.addAll(ofVariableQuery(text));
        }
        return names;
    }

    /** The metric names the {@code expr} of every rule (alerting or recording) of a Prometheus rules file queries. */
    @SuppressWarnings("unchecked")
    static Set<String> ofRules(Map<String, Object> rulesFile) {
        Set<String> names = new LinkedHashSet<>();
        for (Map<String, Object> group : (List<Map<String, Object>>) rulesFile.get("groups")) {
            for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
                names.addAll(of(String.valueOf(rule.get("expr"))));
            }
        }
        return names;
    }

    private static void collect(JsonNode node, Set<String> names) {
        if (node.isObject()) {
            node.properties().forEach(field -> {
                if (field.getKey().equals("expr") && field.getValue().isTextual()) {
                    names.addAll(of(field.getValue().asText()));
                } else {
                    collect(field.getValue(), names);
                }
            });
        } else if (node.isArray()) {
            node.forEach(element -> collect(element, names));
        }
    }

    /** {@code label_values(selector, label)} and {@code query_result(expr)} name metrics; other variable queries do not. */
    static Set<String> ofVariableQuery(String query) {
        String q = query.strip();
        Matcher labelValues = Pattern.compile("^label_values\\s*\\((.*),\\s*[A-Za-z_][A-Za-z0-9_]*\\s*\\)$", Pattern.DOTALL).matcher(q);
        if (labelValues.matches()) {
            return of(labelValues.group(1));
        }
        Matcher queryResult = Pattern.compile("^query_result\\s*\\((.*)\\)$", Pattern.DOTALL).matcher(q);
        return queryResult.matches() ? of(queryResult.group(1)) : Set.of();
    }

    static Set<String> of(String expr) {
        Set<String> names = new LinkedHashSet<>();
        String e = GRAFANA_VARIABLE.matcher(expr).replaceAll(" 0 ");
        Matcher byName = NAME_MATCHER.matcher(e);
        while (byName.find()) {
            names.add(byName.group(1));
        }
        e = STRING.matcher(e).replaceAll(" ");
        e = LABEL_MATCHERS.matcher(e).replaceAll(" ");
        e = RANGE.matcher(e).replaceAll(" ");
        e = GROUPING.matcher(e).replaceAll(" ");
        Matcher identifier = IDENTIFIER.matcher(e);
        while (identifier.find()) {
            String name = identifier.group();
            if (KEYWORDS.contains(name) || followedByParenthesis(e, identifier.end())) {
                continue;
            }
            names.add(name);
        }
        return names;
    }

    private static boolean followedByParenthesis(String text, int from) {
        int i = from;
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        return i < text.length() && text.charAt(i) == '(';
    }
}
