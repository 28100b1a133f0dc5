package io.trackstream.processor.topology;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AssemblyDeadlinesTest {

    @Test
    void aTickSeesOnlyTheAssembliesStartedByItsCutoffOldestFirst() {
        AssemblyDeadlines deadlines = new AssemblyDeadlines();
        deadlines.add("s-late", 3_000);
        deadlines.add("s-early", 1_000);
        deadlines.add("s-middle", 2_000);

        assertThat(deadlines.startedBy(2_000)).containsExactly("s-early", "s-middle");
        assertThat(deadlines.startedBy(999)).isEmpty();
    }

    @Test
    void aRestartedAssemblyMovesToItsNewStartAndARemovedOneIsGone() {
        AssemblyDeadlines deadlines = new AssemblyDeadlines();
        deadlines.add("s-1", 1_000);
        deadlines.add("s-2", 1_500);
        deadlines.add("s-1", 5_000);
        deadlines.remove("s-2");

        assertThat(deadlines.startedBy(4_000)).isEmpty();
        assertThat(deadlines.startedBy(5_000)).containsExactly("s-1");
        assertThat(deadlines.contains("s-2")).isFalse();
        assertThat(deadlines.size()).isEqualTo(1);
    }
}
