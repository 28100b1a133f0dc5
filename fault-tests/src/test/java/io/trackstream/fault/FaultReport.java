package io.trackstream.fault;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code fault-tests/target/fault-report.md}: one row of figures per scenario. The first row written in a test JVM
 * starts the file afresh, so a run's report holds that run's scenarios, whichever classes ran.
 */
final class FaultReport {

    private static final Logger log = LoggerFactory.getLogger(FaultReport.class);
    static final Path FILE = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().resolve("target/fault-report.md");
    private static boolean started;

    private FaultReport() {
    }

    static synchronized void row(String scenario, String figures) {
        log.info("Fault scenario '{}': {}", scenario, figures);
        try {
            if (!started) {
                Files.createDirectories(FILE.getParent());
                Files.writeString(FILE, "# Fault suite report\n\n| scenario | figures |\n|---|---|\n", StandardCharsets.UTF_8);
                started = true;
            }
            Files.writeString(FILE, "| " + scenario + " | " + figures + " |\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + FILE, e);
        }
    }
}
