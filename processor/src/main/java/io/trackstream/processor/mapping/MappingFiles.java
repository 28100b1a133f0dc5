package io.trackstream.processor.mapping;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.core.io.support.ResourcePatternResolver;

/**
 * Finds every mapping table: {@code mappings/*.yml|yaml|json} on the classpath, plus the same in an optional
 * directory, so a carrier is added by adding a file (to the jar, or to the directory without a rebuild).
 */
public final class MappingFiles {

    public static final String CLASSPATH_LOCATION = "classpath*:mappings/";

    private MappingFiles() {
    }

    public static StatusMappings load(String extraDirectory) {
        ResourcePatternResolver resolver = new PathMatchingResourcePatternResolver();
        List<StatusMapping> tables = new ArrayList<>();
        List<String> locations = new ArrayList<>(List.of(CLASSPATH_LOCATION));
        if (extraDirectory != null && !extraDirectory.isBlank()) {
            locations.add("file:" + (extraDirectory.endsWith("/") ? extraDirectory : extraDirectory + "/"));
        }
        try {
            for (String location : locations) {
                for (String extension : List.of("*.yml", "*.yaml", "*.json")) {
                    for (Resource resource : resolver.getResources(location + extension)) {
                        tables.add(StatusMappingLoader.load(resource.getDescription(), resource.getInputStream()));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the mapping tables", e);
        }
        if (tables.isEmpty()) {
            throw new IllegalStateException("No mapping tables found under " + locations);
        }
        return StatusMappingLoader.combine(tables);
    }
}
