package io.trackstream.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The run's data folder. A run starts fresh by default: the folder is emptied first, so the demo's shipments start
 * their lives again against an empty broker, registry and processor state. {@code --keep-data} resumes instead. To
 * never wipe a folder the user did not give us for this, only a folder carrying our marker file (or an empty one, or
 * a broker folder written by an earlier local stack) is emptied.
 */
public final class DataDir {

    static final String MARKER = ".trackstream-local-stack";

    private DataDir() {
    }

    /** Creates the folder (emptied unless {@code keep}) and returns its absolute path. */
    public static Path prepare(Path dir, boolean keep) {
        Path folder = dir.toAbsolutePath().normalize();
        try {
            if (Files.isDirectory(folder) && !keep) {
                if (!ours(folder)) {
                    throw new IllegalArgumentException("Refusing to empty " + folder + ": it is not empty and not a local-stack data folder (no "
                            + MARKER + " file). Choose another --data-dir, or pass --keep-data to use it as it is.");
                }
                try (Stream<Path> content = Files.walk(folder)) {
                    content.sorted(Comparator.reverseOrder()).filter(p -> !p.equals(folder)).forEach(DataDir::delete);
                }
            }
            Files.createDirectories(folder);
            Path marker = folder.resolve(MARKER);
            if (!Files.exists(marker)) {
                Files.writeString(marker, "Data of the trackstream local stack (run-local.sh); emptied at each start unless --keep-data.\n");
            }
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare the data folder " + folder, e);
        }
    }

    private static boolean ours(Path folder) throws IOException {
        if (Files.exists(folder.resolve(MARKER)) || Files.exists(folder.resolve("kraft-logs").resolve("meta.properties"))) {
            return true;
        }
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.findAny().isEmpty();
        }
    }

    private static void delete(Path path) {
        try {
            Files.delete(path);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete " + path, e);
        }
    }
}
