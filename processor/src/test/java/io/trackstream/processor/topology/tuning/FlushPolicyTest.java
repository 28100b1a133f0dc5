package io.trackstream.processor.topology.tuning;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FlushPolicyTest {

    private static final long NEVER = Long.MIN_VALUE;

    private final FlushPolicy policy = new FlushPolicy(40, 20, 50);

    @Test
    void underLightLoadATickWithWorkAsksForACommit() {
        processed(12);
        assertThat(policy.commitAtTick(false, 1_000)).isTrue();
        // a flush that forwards pending parcels, with no new record since the last tick, still wants them visible
        assertThat(policy.commitAtTick(true, 1_020)).isTrue();
    }

    @Test
    void anIdleTickAsksForNothing() {
        assertThat(policy.commitAtTick(false, 1_000)).isFalse();
    }

    @Test
    void atMostOneCommitPerIntervalForAllTheTasksOfAThread() {
        processed(12);
        assertThat(policy.commitAtTick(true, 1_000)).isTrue();
        processed(3);
        // another task of the same thread ticks 5 ms later: the commit just asked for covers it
        assertThat(policy.commitAtTick(true, 1_005)).isFalse();
        // a full interval later, its forwarded records get their commit
        assertThat(policy.commitAtTick(false, 1_020)).isTrue();
    }

    @Test
    void underHeavyLoadOrWhileCatchingUpTheCommitIntervalDecides() {
        processed(40);
        assertThat(policy.commitAtTick(true, 1_000)).isFalse();
        processed(1);
        // the load is light again: the work left from the busy interval gets its commit
        assertThat(policy.commitAtTick(false, 1_020)).isTrue();
    }

    @Test
    void underLightLoadEveryTickFlushes() {
        processed(39);
        assertThat(policy.flushAtTick(NEVER, 1_000)).isTrue();
        assertThat(policy.flushAtTick(1_000, 1_020)).isTrue();
        assertThat(policy.flushAtTick(1_020, 1_040)).isTrue();
    }

    @Test
    void underHeavyLoadATaskFlushesOnlyOnceTheBusyIntervalHasPassed() {
        processed(500);
        assertThat(policy.flushAtTick(NEVER, 1_000)).as("first flush").isTrue();
        processed(500);
        assertThat(policy.flushAtTick(1_000, 1_020)).isFalse();
        processed(500);
        assertThat(policy.flushAtTick(1_000, 1_040)).isFalse();
        processed(500);
        assertThat(policy.flushAtTick(1_000, 1_060)).isTrue();
    }

    @Test
    void theLoadIsDecidedOncePerIntervalForAllTheTasksOfAThread() {
        processed(500);
        assertThat(policy.flushAtTick(NEVER, 1_000)).isTrue(); // opens a busy interval
        assertThat(policy.flushAtTick(990, 1_005)).as("another task, same busy interval").isFalse();
        // no record in the interval that follows: light again from its first tick on
        assertThat(policy.flushAtTick(990, 1_020)).isTrue();
    }

    @Test
    void aLateTickIsNotTakenForLightLoad() {
        assertThat(policy.flushAtTick(NEVER, 1_000)).isTrue();
        processed(5);
        // the thread was stuck for 100 ms (a long commit under load): its 5 records do not make the load light
        assertThat(policy.commitAtTick(true, 1_100)).isFalse();
        assertThat(policy.flushAtTick(1_090, 1_100)).isFalse();
        // on time again, and still few records: light
        processed(5);
        assertThat(policy.flushAtTick(1_090, 1_120)).isTrue();
        assertThat(policy.commitAtTick(false, 1_120)).isTrue();
    }

    @Test
    void theLoadIsCountedPerThread() throws InterruptedException {
        Thread other = new Thread(() -> processed(1_000));
        other.start();
        other.join();
        processed(5);
        assertThat(policy.commitAtTick(false, 1_000)).isTrue();
        assertThat(policy.flushAtTick(990, 1_000)).isTrue();
    }

    @Test
    void zeroMeansNeverLight() {
        FlushPolicy off = new FlushPolicy(0, 20, 50);
        off.processed();
        assertThat(off.commitAtTick(true, 1_000)).isFalse();
        assertThat(off.flushAtTick(990, 1_000)).isFalse();
        assertThat(off.flushAtTick(990, 1_040)).isTrue();
    }

    private void processed(int n) {
        for (int i = 0; i < n; i++) {
            policy.processed();
        }
    }
}
