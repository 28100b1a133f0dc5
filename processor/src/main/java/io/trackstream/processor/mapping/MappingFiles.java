package io.trackstream.processor.mapping;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

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
        return reloading(extraDirectory).get();
    }

    /**
     * The tables again at every call, for reloads while the app runs: the jar's are read once here (they cannot
     * change while it runs, and scanning a large jar every check interval would cost CPU for nothing), the
     * directory's at each call. A call throws, as {@link #load} does, when the tables do not load.
     */
    public static Supplier<StatusMappings> reloading(String extraDirectory) {
        List<StatusMapping> bundled = List.copyOf(read(CLASSPATH_LOCATION));
        Optional<String> location = directory(extraDirectory);
        return () -> {
            List<StatusMapping> tables = new ArrayList<>(bundled);
            location.ifPresent(l -> tables.addAll(read(l)));
            return combine(tables, extraDirectory);
        };
    }

    private static Optional<String> directory(String extraDirectory) {
        if (extraDirectory == null || extraDirectory.isBlank()) {
            return Optional.empty();
        }
        return Optional.of("file:" + (extraDirectory.endsWith("/") ? extraDirectory : extraDirectory + "/"));
    }

    private static List<StatusMapping> read(String location) {
        ResourcePatternResolver resolver = new PathMatchingResourcePatternResolver();
        List<StatusMapping> tables = new ArrayList<>();
        try {
            for (String extension : List.of("*.yml", "*.yaml", "*.json")) {
                for (Resource resource : resolver.getResources(location + extension)) {
                    tables.add(StatusMappingLoader.load(resource.getDescription(), resource.getInputStream()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the mapping tables", e);
        }
        return tables;
    }

    private static StatusMappings combine(List<StatusMapping> tables, String extraDirectory) {
        if (tables.isEmpty()) {
            throw new IllegalStateException("No mapping tables found under " + CLASSPATH_LOCATION
                    + (extraDirectory == null || extraDirectory.isBlank() ? "" : " and " + extraDirectory));
        }
        return StatusMappingLoader.combine(tables);
    }
}
