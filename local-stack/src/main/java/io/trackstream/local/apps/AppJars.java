package io.trackstream.local.apps;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/** Finds the executable jar of an app as Maven builds it: {@code <module>/target/<module>-<version>-exec.jar}. */
public final class AppJars {

    private AppJars() {
    }

    /** The newest exec jar of the app under {@code repository}. */
    public static Path find(Path repository, App app) {
        Path target = repository.resolve(app.module()).resolve("target");
        return newest(target, app.module()).orElseThrow(() -> new IllegalStateException(
                app.module() + " is not built: no " + target.resolve(app.module() + "-*-exec.jar")
                        + ". Build the apps first: mvn -B -DskipTests package (run-local.sh does)."));
    }

    private static Optional<Path> newest(Path target, String module) {
        if (!Files.isDirectory(target)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(f -> {
                String name = f.getFileName().toString();
                return name.startsWith(module + "-") && name.endsWith("-exec.jar");
            }).max(Comparator.comparing(AppJars::modified));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static FileTime modified(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }
}
