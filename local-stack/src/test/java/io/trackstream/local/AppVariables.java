package io.trackstream.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The environment variables an app reads: a variable Spring does not read is silently ignored, so a typo would leave
 * a default (an empty secret, a localhost URL) in place. A variable is read when it is a placeholder of the app's
 * application.yml, or the relaxed binding of a key the app's docs (or docs/conventions.md) document, such as
 * {@code TRACKSTREAM_NOTIFIER_TENANTS_ATHENS_CARRIYO_BASEURL} for {@code trackstream.notifier.tenants.<tenant>.carriyo.base-url}.
 * Used by every deployment description's test (docker-compose, Kubernetes).
 */
final class AppVariables {

    /** Read by the JVM or Spring itself rather than through an application.yml placeholder. */
    private static final Set<String> PLATFORM_VARIABLES = Set.of("JAVA_TOOL_OPTIONS", "SPRING_APPLICATION_JSON");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(:[^}]*)?}");
    private static final Pattern DOCUMENTED_KEY = Pattern.compile("`(trackstream\\.[a-z0-9.<>\\[\\]/|-]+)`");

    private final Set<String> placeholders = new HashSet<>();
    private final List<Pattern> documented = new ArrayList<>();

    AppVariables(Path root, String app) {
        try {
            Matcher m = PLACEHOLDER.matcher(Files.readString(root.resolve(app).resolve("src/main/resources/application.yml")));
            while (m.find()) {
                placeholders.add(m.group(1));
            }
            for (Path doc : List.of(root.resolve("docs/" + app + ".md"), root.resolve("docs/conventions.md"))) {
                Matcher key = DOCUMENTED_KEY.matcher(Files.readString(doc));
                while (key.find()) {
                    documented.add(relaxedBinding(key.group(1)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    boolean reads(String variable) {
        return PLATFORM_VARIABLES.contains(variable) || placeholders.contains(variable)
                || documented.stream().anyMatch(p -> p.matcher(variable).matches());
    }

    /** The environment variable form of a documented key: {@code <x>} any word, {@code [n]} an index, dashes dropped. */
    static Pattern relaxedBinding(String key) {
        String k = key.replaceAll("\\.$", "");
        StringBuilder regex = new StringBuilder();
        for (String part : k.split("\\.")) {
            if (!regex.isEmpty()) {
                regex.append('_');
            }
            Matcher indexed = Pattern.compile("^(.*)\\[[a-z]+]$").matcher(part);
            if (part.matches("<[a-z-]+>")) {
                regex.append("[A-Z0-9]+");
            } else if (indexed.matches()) {
                regex.append(Pattern.quote(indexed.group(1).replace("-", "").toUpperCase())).append("_\\d+");
            } else {
                // token/tenant/scopes or token|tenant|scopes: any of them
                List<String> alternatives = new ArrayList<>();
                for (String alternative : part.split("[/|]")) {
                    alternatives.add(Pattern.quote(alternative.replace("-", "").toUpperCase()));
                }
                regex.append('(').append(String.join("|", alternatives)).append(')');
            }
        }
        return Pattern.compile(regex.toString());
    }
}
