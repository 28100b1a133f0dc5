package io.trackstream.testkit.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One trackstream app (a Spring Boot executable jar) run as its own process, as in production: configured through
 * {@code SPRING_APPLICATION_JSON} (so secrets stay off the command line), its output in a log file, healthy when
 * {@code /actuator/health} says UP, stopped with SIGTERM (Spring's graceful shutdown) or killed with SIGKILL.
 */
public final class AppProcess implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AppProcess.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String name;
    private final Path jar;
    private final int port;
    private final Map<String, Object> properties;
    private final Path logFile;
    private final String heap;
    private final List<String> jvmOptions;
    private Process process;

    /** With JVM options for a quick start (serial GC, C1 only): right for a local stack, wrong for a benchmark. */
    public AppProcess(String name, Path jar, int port, Map<String, Object> properties, Path logDir, String heap) {
        this(name, jar, port, properties, logDir, heap, List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
    }

    /** @param jvmOptions options placed before {@code -jar} (GC, JIT, JFR), besides {@code -Xmx<heap>} */
    public AppProcess(String name, Path jar, int port, Map<String, Object> properties, Path logDir, String heap,
                      List<String> jvmOptions) {
        this.name = name;
        this.jar = jar;
        this.port = port;
        this.properties = properties;
        this.logFile = logDir.resolve(name + ".log");
        this.heap = heap;
        this.jvmOptions = List.copyOf(jvmOptions);
    }

    public AppProcess start() {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(name + " is not built: " + jar + " is missing (run mvn -DskipTests package)");
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-Xmx" + heap));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toString(), "--server.port=" + port));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(logFile.toFile());
        try {
            Files.createDirectories(logFile.getParent());
            builder.environment().put("SPRING_APPLICATION_JSON", JSON.writeValueAsString(properties));
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + name, e);
        }
        log.info("Started {} (pid {}) on port {}, log {}", name, process.pid(), port, logFile);
        return this;
    }

    /** Waits until the app reports UP, or fails with the tail of its log. */
    public void awaitHealthy(Duration timeout) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest health = HttpRequest.newBuilder(URI.create(url("/actuator/health"))).timeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + ":\n" + logTail());
            }
            try {
                HttpResponse<String> response = http.send(health, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200 && response.body().contains("\"UP\"")) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for " + name, e);
            }
            pause();
        }
        throw new IllegalStateException(name + " did not become healthy within " + timeout + ":\n" + logTail());
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    public String name() {
        return name;
    }

    /** The OS process id (for RSS, profilers); -1 before start. */
    public long pid() {
        return process == null ? -1 : process.pid();
    }

    public Path logFile() {
        return logFile;
    }

    public int port() {
        return port;
    }

    public boolean alive() {
        return process != null && process.isAlive();
    }

    /** SIGKILL: no shutdown hook, no commit, no flush. */
    public void kill() {
        if (process != null) {
            process.destroyForcibly();
            waitFor(Duration.ofSeconds(30));
        }
    }

    @Override
    public void close() {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        if (!waitFor(Duration.ofSeconds(30))) {
            log.warn("{} did not stop within 30 s; killing it", name);
            process.destroyForcibly();
            waitFor(Duration.ofSeconds(10));
        }
    }

    /** Stops every app at once, each as {@link #close()} does, and waits until each has stopped (or was killed). */
    public static void closeAll(Collection<AppProcess> apps) {
        List<Thread> threads = apps.stream().map(app -> new Thread(app::close, "stop-" + app.name())).toList();
        threads.forEach(Thread::start);
        for (Thread thread : threads) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                apps.forEach(AppProcess::kill);
                return;
            }
        }
    }

    private boolean waitFor(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(logFile);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static void pause() {
        try {
            Thread.sleep(500); // polling a health endpoint at a human pace
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
