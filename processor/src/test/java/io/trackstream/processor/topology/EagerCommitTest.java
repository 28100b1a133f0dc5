package io.trackstream.processor.topology;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EagerCommitTest {

    private final EagerCommit eager = new EagerCommit(100, 50);

    @Test
    void underLightLoadATickWithWorkAsksForACommit() {
        processed(12);
        assertThat(eager.dueAtTick(false, 1_000)).isTrue();
        // a flush that forwards pending parcels, with no new record since the last tick, still wants them visible
        assertThat(eager.dueAtTick(true, 1_050)).isTrue();
    }

    @Test
    void anIdleTickAsksForNothing() {
        assertThat(eager.dueAtTick(false, 1_000)).isFalse();
    }

    @Test
    void atMostOneCommitPerIntervalForAllTheTasksOfAThread() {
        processed(12);
        assertThat(eager.dueAtTick(true, 1_000)).isTrue();
        processed(3);
        // another task of the same thread ticks 10 ms later: the commit just asked for covers it
        assertThat(eager.dueAtTick(true, 1_010)).isFalse();
        // a full interval later, its forwarded records get their commit
        assertThat(eager.dueAtTick(false, 1_050)).isTrue();
    }

    @Test
    void underHeavyLoadOrWhileCatchingUpTheCommitIntervalDecides() {
        processed(100);
        assertThat(eager.dueAtTick(true, 1_000)).isFalse();
        processed(1);
        assertThat(eager.dueAtTick(false, 1_050)).isTrue();
    }

    @Test
    void theLoadIsCountedPerThread() throws InterruptedException {
        Thread other = new Thread(() -> processed(1_000));
        other.start();
        other.join();
        processed(5);
        assertThat(eager.dueAtTick(false, 1_000)).isTrue();
    }

    @Test
    void zeroTurnsItOff() {
        EagerCommit off = new EagerCommit(0, 50);
        off.processed();
        assertThat(off.dueAtTick(true, 1_000)).isFalse();
    }

    private void processed(int n) {
        for (int i = 0; i < n; i++) {
            eager.processed();
        }
    }
}
