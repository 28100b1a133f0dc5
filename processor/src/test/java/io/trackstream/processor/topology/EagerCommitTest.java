package io.trackstream.processor.topology;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EagerCommitTest {

    @Test
    void underLightLoadEveryTickWithWorkAsksForACommit() {
        EagerCommit eager = new EagerCommit(100);
        for (int i = 0; i < 12; i++) {
            eager.processed();
        }
        assertThat(eager.dueAtTick(false)).isTrue();
        // a flush that forwards pending parcels, with no new record since the last tick, still wants them visible
        assertThat(eager.dueAtTick(true)).isTrue();
    }

    @Test
    void anIdleTickAsksForNothing() {
        EagerCommit eager = new EagerCommit(100);
        assertThat(eager.dueAtTick(false)).isFalse();
    }

    @Test
    void underHeavyLoadTheCommitIntervalDecides() {
        EagerCommit eager = new EagerCommit(100);
        for (int i = 0; i < 100; i++) {
            eager.processed();
        }
        assertThat(eager.dueAtTick(true)).isFalse();
        // the count starts again at each tick
        eager.processed();
        assertThat(eager.dueAtTick(false)).isTrue();
    }

    @Test
    void zeroTurnsItOff() {
        EagerCommit eager = new EagerCommit(0);
        eager.processed();
        assertThat(eager.dueAtTick(true)).isFalse();
    }
}
