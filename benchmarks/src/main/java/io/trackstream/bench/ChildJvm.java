package io.trackstream.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A benchmark worker (the passthrough baseline, the ingest load client) in its own JVM from this very jar, with the
 * same heap and GC as the apps, so a baseline runs under the same conditions as what it is compared with.
 */
final class ChildJvm implements AutoCloseable {

    private final Process process;
    final Path log;

    private ChildJvm(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    static ChildJvm start(String heap, Path log, String worker, List<String> args) {
        return start(heap, List.of(), log, worker, args);
    }

    static ChildJvm start(String heap, List<String> extraJvm, Path log, String worker, List<String> args) {
        String java = ProcessHandle.current().info().command().orElse("java");
        // run as `java -jar benchmarks-...-exec.jar`: the class path is that jar
        String jar = System.getProperty("java.class.path");
        List<String> command = new ArrayList<>(List.of(java, "-Xmx" + heap));
        command.addAll(Apps.jvmOptions(extraJvm));
        command.addAll(List.of("-jar", jar, "worker", worker));
        command.addAll(args);
        try {
            log.getParent().toFile().mkdirs();
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
            return new ChildJvm(process, log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    /** Waits for the worker to finish on its own; false on timeout. */
    boolean await(long seconds) throws InterruptedException {
        return process.waitFor(seconds, TimeUnit.SECONDS);
    }

    int exitValue() {
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
