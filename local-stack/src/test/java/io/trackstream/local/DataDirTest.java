package io.trackstream.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataDirTest {

    @TempDir
    Path tmp;

    @Test
    void aSecondStackOnAFolderInUseRefusesBeforeEmptyingAnythingAndNamesTheProcess() throws Exception {
        // Given a running stack's folder
        try (DataDir running = DataDir.lock(tmp.resolve("data"), false)) {
            Path dir = running.prepare();
            Files.writeString(dir.resolve("shipments.db"), "state of the running stack");

            // When a second stack is started on it
            assertThatThrownBy(() -> DataDir.lock(dir, false))
                    // Then it refuses, says which process holds the folder, and the running stack's data is intact
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("in use by a running local stack")
                    .hasMessageContaining("pid " + ProcessHandle.current().pid())
                    .hasMessageContaining("Nothing was emptied");
            assertThat(dir.resolve("shipments.db")).hasContent("state of the running stack");
        }

        // and once the first has stopped, the folder is free again
        try (DataDir next = DataDir.lock(tmp.resolve("data"), false)) {
            assertThat(next.prepare().resolve("shipments.db")).doesNotExist();
        }
    }

    @Test
    void aRunStartsFromAnEmptyFolderUnlessItKeepsTheData() throws Exception {
        Path dir = prepare(tmp.resolve("data"), false);
        Files.createDirectories(dir.resolve("broker/kraft-logs"));
        Files.writeString(dir.resolve("broker/kraft-logs/meta.properties"), "node.id=1");

        prepare(dir, true);
        assertThat(dir.resolve("broker/kraft-logs/meta.properties")).exists();

        prepare(dir, false);
        assertThat(dir.resolve("broker")).doesNotExist();
        assertThat(dir.resolve(DataDir.MARKER)).exists();
    }

    @Test
    void neverEmptiesAFolderThatIsNotOurs() throws Exception {
        Path foreign = Files.createDirectories(tmp.resolve("home"));
        Files.writeString(foreign.resolve("thesis.tex"), "\\documentclass{book}");

        assertThatThrownBy(() -> prepare(foreign, false)).hasMessageContaining("Refusing to empty").hasMessageContaining("--keep-data");
        assertThat(foreign.resolve("thesis.tex")).exists();
    }

    @Test
    void emptiesABrokerFolderOfAnEarlierLocalStack() throws Exception {
        Path earlier = Files.createDirectories(tmp.resolve("old/kraft-logs"));
        Files.writeString(earlier.resolve("meta.properties"), "node.id=1");

        prepare(tmp.resolve("old"), false);

        assertThat(tmp.resolve("old/kraft-logs")).doesNotExist();
    }

    /** Takes the folder, empties it unless kept, and lets it go (one run that ended). */
    private static Path prepare(Path dir, boolean keep) {
        try (DataDir data = DataDir.lock(dir, keep)) {
            return data.prepare();
        }
    }
}
