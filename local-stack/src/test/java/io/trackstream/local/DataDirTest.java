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
    void aRunStartsFromAnEmptyFolderUnlessItKeepsTheData() throws Exception {
        Path dir = DataDir.prepare(tmp.resolve("data"), false);
        Files.createDirectories(dir.resolve("kafka/kraft-logs"));
        Files.writeString(dir.resolve("kafka/kraft-logs/meta.properties"), "node.id=1");

        DataDir.prepare(dir, true);
        assertThat(dir.resolve("kafka/kraft-logs/meta.properties")).exists();

        DataDir.prepare(dir, false);
        assertThat(dir.resolve("kafka")).doesNotExist();
        assertThat(dir.resolve(DataDir.MARKER)).exists();
    }

    @Test
    void neverEmptiesAFolderThatIsNotOurs() throws Exception {
        Path foreign = Files.createDirectories(tmp.resolve("home"));
        Files.writeString(foreign.resolve("thesis.tex"), "\\documentclass{book}");

        assertThatThrownBy(() -> DataDir.prepare(foreign, false)).hasMessageContaining("Refusing to empty").hasMessageContaining("--keep-data");
        assertThat(foreign.resolve("thesis.tex")).exists();
    }

    @Test
    void emptiesABrokerFolderOfAnEarlierLocalStack() throws Exception {
        Path earlier = Files.createDirectories(tmp.resolve("old/kraft-logs"));
        Files.writeString(earlier.resolve("meta.properties"), "node.id=1");

        DataDir.prepare(tmp.resolve("old"), false);

        assertThat(tmp.resolve("old/kraft-logs")).doesNotExist();
    }
}
