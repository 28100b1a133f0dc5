package io.trackstream.processor.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;

import io.trackstream.processor.ProcessorApplication;

/**
 * The processor app as its own JVM, so a test can kill it the hard way (SIGKILL: no shutdown hook, no commit, an
 * open transaction left behind) and start it again on the same state directory.
 */
public final class ProcessorProcess implements AutoCloseable {

    /** An app token with the OPERATE scope, so that the health endpoint shows the Streams state. */
    private static final String OPERATOR_TOKEN = "app_process_operator";

    private final Process process;
    private final int port;

    private ProcessorProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    public static ProcessorProcess start(Map<String, String> properties, int port, Path log) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:TieredStopAtLevel=1",
                "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"),
                "-cp", System.getProperty("java.class.path"),
                ProcessorApplication.class.getName(),
                "--server.port=" + port));
        properties.forEach((key, value) -> command.add("--" + key + "=" + value));
        if (properties.keySet().stream().noneMatch(key -> key.startsWith("trackstream.security.app-tokens"))) {
            command.addAll(List.of("--trackstream.security.app-tokens[0].token=" + OPERATOR_TOKEN,
                    "--trackstream.security.app-tokens[0].tenant=ops", "--trackstream.security.app-tokens[0].scopes=OPERATE"));
        }
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            // never outlive the test JVM, whatever happens to the test
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
            return new ProcessorProcess(process, port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until Kafka Streams reports RUNNING on the health endpoint. */
    public ProcessorProcess awaitRunning(Duration timeout) {
        HttpClient http = HttpClient.newHttpClient();
        Awaitility.await("processor on port " + port + " RUNNING").atMost(timeout).pollInterval(Duration.ofMillis(500))
                .ignoreExceptions()
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException("The processor process exited with " + process.exitValue());
                    }
                    HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                            .header("Authorization", "Bearer " + OPERATOR_TOKEN).build(),
                            HttpResponse.BodyHandlers.ofString());
                    return health.body().contains("\"RUNNING\"");
                });
        return this;
    }

    /** SIGKILL. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                    kill();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                kill();
            }
        }
    }
}
