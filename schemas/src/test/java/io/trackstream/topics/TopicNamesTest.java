package io.trackstream.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class TopicNamesTest {

    private final TopicCatalog catalog = TopicCatalog.defaults();

    @Test
    void everyDefaultIsTheCatalogueNameOfItsProperty() throws Exception {
        TopicNames defaults = TopicNames.defaults();

        for (RecordComponent component : TopicNames.class.getRecordComponents()) {
            String property = kebab(component.getName());
            TopicSpec spec = catalog.topics().stream().filter(t -> property.equals(t.property())).findFirst()
                    .orElseThrow(() -> new AssertionError("no catalogue topic has property " + property));
            assertThat(component.getAccessor().invoke(defaults)).as(property).isEqualTo(spec.name());
        }
    }

    @Test
    void everyCatalogueTopicIsBoundOnce() {
        List<String> properties = Arrays.stream(TopicNames.class.getRecordComponents()).map(c -> kebab(c.getName())).toList();

        assertThat(catalog.topics()).extracting(TopicSpec::property).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(properties);
    }

    @Test
    void anAppRenamesATopicWithItsKebabCaseKeyAndKeepsTheOtherDefaults() {
        TopicNames names = bind(Map.of("trackstream.topics.status-changes", "acme.status-changes.v2"));

        assertThat(names.statusChanges()).isEqualTo("acme.status-changes.v2");
        assertThat(names.raw()).isEqualTo("tracking.raw.v1");
        assertThat(names.notifierShopVersions()).isEqualTo("orders.notifier.shop-versions.v1");
        assertThat(bind(Map.of())).isEqualTo(TopicNames.defaults());
    }

    @Test
    void aBlankNameIsRefusedNamingTheKey() {
        assertThatThrownBy(() -> bind(Map.of("trackstream.topics.poll-targets", " ")))
                .isInstanceOf(BindException.class)
                .rootCause().hasMessage("trackstream.topics.poll-targets must not be blank");
    }

    /** As each app binds it: one line over its environment. */
    private static TopicNames bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate("trackstream.topics", TopicNames.class);
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase();
    }
}
