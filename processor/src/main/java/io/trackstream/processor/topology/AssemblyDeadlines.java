package io.trackstream.processor.topology;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The shipments of one task that are assembling, ordered by when their assembly started, so that a tick visits
 * only the overdue ones: while a backlog is caught up thousands of shipments can be waiting at once.
 */
final class AssemblyDeadlines {

    private record Started(long sinceMs, String shipmentId) implements Comparable<Started> {
        @Override
        public int compareTo(Started other) {
            int bySince = Long.compare(sinceMs, other.sinceMs);
            return bySince != 0 ? bySince : shipmentId.compareTo(other.shipmentId);
        }
    }

    private final Map<String, Long> sinceById = new HashMap<>();
    private final TreeSet<Started> bySince = new TreeSet<>();

    boolean contains(String shipmentId) {
        return sinceById.containsKey(shipmentId);
    }

    void add(String shipmentId, long sinceMs) {
        Long previous = sinceById.put(shipmentId, sinceMs);
        if (previous != null) {
            bySince.remove(new Started(previous, shipmentId));
        }
        bySince.add(new Started(sinceMs, shipmentId));
    }

    void remove(String shipmentId) {
        Long previous = sinceById.remove(shipmentId);
        if (previous != null) {
            bySince.remove(new Started(previous, shipmentId));
        }
    }

    /** The shipments whose assembly started at or before {@code cutoffMs}, oldest first (a copy). */
    List<String> startedBy(long cutoffMs) {
        List<String> due = new ArrayList<>();
        for (Started started : bySince) {
            if (started.sinceMs() > cutoffMs) {
                break;
            }
            due.add(started.shipmentId());
        }
        return due;
    }

    int size() {
        return sinceById.size();
    }

    void clear() {
        sinceById.clear();
        bySince.clear();
    }
}
