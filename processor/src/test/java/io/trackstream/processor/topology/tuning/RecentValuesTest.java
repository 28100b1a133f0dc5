package io.trackstream.processor.topology.tuning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

class RecentValuesTest {

    @SuppressWarnings("unchecked")
    private final KeyValueStore<String, String> store = mock(KeyValueStore.class);

    @Test
    void aValueReadFromTheStoreIsDecodedOnceWhileItIsRecent() {
        // Given a value in the store
        when(store.get("elta:ZU1GR")).thenReturn("in transit");
        RecentValues<String> values = new RecentValues<>(store, 10, v -> 1);

        // When it is read twice
        String first = values.get("elta:ZU1GR");
        String second = values.get("elta:ZU1GR");

        // Then the store was asked once and both reads see the same object
        assertThat(first).isEqualTo("in transit");
        assertThat(second).isSameAs(first);
        verify(store, times(1)).get("elta:ZU1GR");
    }

    @Test
    void aWrittenValueGoesToTheStoreAndIsReadBackWithoutIt() {
        RecentValues<String> values = new RecentValues<>(store, 10, v -> 1);

        values.put("elta:ZU1GR", "delivered");

        verify(store).put("elta:ZU1GR", "delivered");
        assertThat(values.get("elta:ZU1GR")).isEqualTo("delivered");
        verify(store, never()).get("elta:ZU1GR");
    }

    @Test
    void aDeletedOrNullValueIsForgottenAndDeletedFromTheStore() {
        RecentValues<String> values = new RecentValues<>(store, 10, v -> 1);
        values.put("elta:ZU1GR", "delivered");
        values.put("elta:ZU2GR", "in transit");

        values.delete("elta:ZU1GR");
        values.put("elta:ZU2GR", null);

        verify(store).delete("elta:ZU1GR");
        verify(store).delete("elta:ZU2GR");
        assertThat(values.get("elta:ZU1GR")).isNull();
        assertThat(values.get("elta:ZU2GR")).isNull();
        assertThat(values.size()).isZero();
    }

    @Test
    void beyondItsCapacityTheLeastRecentlyUsedValueIsReadFromTheStoreAgain() {
        // Given three values written to a cache of two, the first read again before the third
        RecentValues<String> values = new RecentValues<>(store, 2, v -> 1);
        values.put("a", "1");
        values.put("b", "2");
        values.get("a");
        values.put("c", "3");
        when(store.get("b")).thenReturn("2");

        // Then b, the least recently used, went out, and a and c stayed
        assertThat(values.size()).isEqualTo(2);
        assertThat(values.get("a")).isEqualTo("1");
        verify(store, never()).get("a");
        assertThat(values.get("b")).isEqualTo("2");
        verify(store).get("b");
    }

    @Test
    void afterClearEveryValueIsReadFromTheStore() {
        // Given a value the task wrote, and a store that was restored to something else (a revived task)
        RecentValues<String> values = new RecentValues<>(store, 10, v -> 1);
        values.put("elta:ZU1GR", "delivered");
        when(store.get("elta:ZU1GR")).thenReturn("out for delivery");

        values.clear();

        assertThat(values.get("elta:ZU1GR")).isEqualTo("out for delivery");
    }

    @Test
    void aCapacityBelowOneIsRefused() {
        assertThatThrownBy(() -> new RecentValues<>(store, 0, v -> 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
