package io.trackstream.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The passthrough baseline runs with the processor's Kafka client settings, or the ratio (a) reports compares two
 * differently tuned clients: {@link Apps#PROCESSOR_CLIENT_SETTINGS} must say what the processor's application.yml says.
 */
class ProcessorClientSettingsTest {

    /** Set per run for both (--stream-threads) or enforced in code for both (exactly_once_v2). */
    private static final List<String> SET_FOR_BOTH = List.of("num.stream.threads", "processing.guarantee");

    @Test
    void thePassthroughRunsWithTheClientSettingsOfTheProcessorsApplicationYml() throws IOException {
        Map<String, String> processor = streamsProperties(Path.of("..", "processor", "src", "main", "resources", "application.yml"));
        SET_FOR_BOTH.forEach(processor::remove);

        assertThat(processor).containsEntry("compression.type", "lz4");
        assertThat(Apps.PROCESSOR_CLIENT_SETTINGS).isEqualTo(processor);
    }

    /** The {@code key: value} lines under {@code spring.kafka.streams.properties}, comments left out. */
    private static Map<String, String> streamsProperties(Path yml) throws IOException {
        Map<String, String> properties = new HashMap<>();
        int indent = -1;
        for (String line : Files.readAllLines(yml, StandardCharsets.UTF_8)) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            int depth = line.indexOf(trimmed);
            if (indent < 0) {
                if (trimmed.equals("properties:") && depth == 6) {
                    indent = depth + 2;
                }
                continue;
            }
            if (depth < indent) {
                break;
            }
            int colon = trimmed.indexOf(':');
            properties.put(trimmed.substring(0, colon), trimmed.substring(colon + 1).strip());
        }
        assertThat(properties).as("spring.kafka.streams.properties in " + yml).isNotEmpty();
        return properties;
    }
}
