package io.trackstream.topics;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The topics of DESIGN.md with their default partitions and cleanup policies, read from
 * {@code trackstream/topics.yml}. Used by whatever creates topics (the local stack, tests) and, for the default names,
 * by {@link TopicNames}, which every app binds from {@code trackstream.topics.*}.
 */
public record TopicCatalog(List<TopicSpec> topics) {

    private static final String RESOURCE = "trackstream/topics.yml";

    public static TopicCatalog defaults() {
        try (InputStream in = TopicCatalog.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            Map<String, List<Map<String, Object>>> doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
            return new TopicCatalog(doc.get("topics").stream().map(TopicCatalog::spec).toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Optional<TopicSpec> find(String name) {
        return topics.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    /** The default name of the topic configured as {@code trackstream.topics.<property>}. */
    public String nameOf(String property) {
        return topics.stream().filter(t -> property.equals(t.property())).findFirst().map(TopicSpec::name)
                .orElseThrow(() -> new IllegalArgumentException(RESOURCE + " has no topic with property " + property));
    }

    /** The same topics, each with {@code partitions} partitions (tests and small local runs). */
    public TopicCatalog withPartitions(int partitions) {
        return new TopicCatalog(topics.stream().map(t -> t.withPartitions(partitions)).toList());
    }

    private static TopicSpec spec(Map<String, Object> entry) {
        return new TopicSpec(
                (String) entry.get("name"),
                (String) entry.get("property"),
                ((Number) entry.get("partitions")).intValue(),
                (String) entry.get("cleanup.policy"),
                (String) entry.get("key"),
                (String) entry.get("value"));
    }
}
