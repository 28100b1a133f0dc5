package io.trackstream.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The run's data folder. A run starts fresh by default: the folder is emptied first, so the demo's shipments start
 * their lives again against an empty broker, registry and processor state. {@code --keep-data} resumes instead. To
 * never wipe a folder the user did not give us for this, only a folder carrying our marker file (or an empty one, or
 * a broker folder written by an earlier local stack) is emptied. A running stack holds a lock on a file in the folder
 * for its whole life, with its process id in it: a second stack on the same folder refuses before touching anything
 * and says which process holds it.
 */
public final class DataDir implements AutoCloseable {

    static final String MARKER = ".trackstream-local-stack";
    static final String LOCK = ".trackstream-local-stack.lock";

    private final Path folder;
    private final boolean keep;
    private final FileChannel channel;
    private final FileLock lock;

    private DataDir(Path folder, boolean keep, FileChannel channel, FileLock lock) {
        this.folder = folder;
        this.keep = keep;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the folder for this run without changing its content: refuses a folder that is not ours (unless
     * {@code keep}) and one another running stack holds, naming that stack's process.
     */
    public static DataDir lock(Path dir, boolean keep) {
        Path folder = dir.toAbsolutePath().normalize();
        try {
            if (Files.isDirectory(folder) && !keep && !ours(folder)) {
                throw new IllegalArgumentException("Refusing to empty " + folder + ": it is not empty and not a local-stack data folder (no "
                        + MARKER + " file). Choose another --data-dir, or pass --keep-data to use it as it is.");
            }
            Files.createDirectories(folder);
            Path lockFile = folder.resolve(LOCK);
            FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock = tryLock(channel);
            if (lock == null) {
                String holder = Files.readString(lockFile, StandardCharsets.UTF_8).strip();
                channel.close();
                throw new IllegalStateException("The data folder " + folder + " is in use by a running local stack ("
                        + (holder.isEmpty() ? "process unknown" : holder.replace('\n', ',').replace(",", ", ")) + "). Nothing was emptied. "
                        + "Stop that one first (Ctrl-C in its terminal), or start this one with another --data-dir, --base-port and --kafka-port.");
            }
            channel.truncate(0);
            ProcessHandle self = ProcessHandle.current();
            String holder = "pid " + self.pid() + "\nstarted " + Instant.now() + "\ncommand "
                    + self.info().commandLine().orElse("java (local stack)");
            channel.write(ByteBuffer.wrap(holder.getBytes(StandardCharsets.UTF_8)), 0);
            channel.force(false);
            return new DataDir(folder, keep, channel, lock);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot lock the data folder " + folder, e);
        }
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null; // held by this very process (another run in the same JVM)
        }
    }

    /** Empties the folder (unless {@code keep}) but for the lock, marks it as ours, and returns its absolute path. */
    public Path prepare() {
        try {
            if (!keep) {
                try (Stream<Path> content = Files.walk(folder)) {
                    content.sorted(Comparator.reverseOrder())
                            .filter(p -> !p.equals(folder) && !p.equals(folder.resolve(LOCK)))
                            .forEach(DataDir::delete);
                }
            }
            Path marker = folder.resolve(MARKER);
            if (!Files.exists(marker)) {
                Files.writeString(marker, "Data of the trackstream local stack (run-local.sh); emptied at each start unless --keep-data.\n");
            }
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare the data folder " + folder, e);
        }
    }

    public Path path() {
        return folder;
    }

    /** Releases the folder for the next run. */
    @Override
    public void close() {
        try {
            if (lock.isValid()) {
                lock.release();
            }
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot release the lock of " + folder, e);
        }
    }

    private static boolean ours(Path folder) throws IOException {
        if (Files.exists(folder.resolve(MARKER)) || Files.exists(folder.resolve(LOCK))
                || Files.exists(folder.resolve("kraft-logs").resolve("meta.properties"))) {
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
