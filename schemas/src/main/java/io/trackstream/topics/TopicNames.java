package io.trackstream.topics;

/**
 * The topic names of trackstream, one binding for every app: each binds {@code trackstream.topics.*} to this record
 * (kebab-case keys, e.g. {@code trackstream.topics.status-changes}). A name that is not configured is the catalogue's
 * ({@code trackstream/topics.yml}), so a topic's name is written in one place; a blank one is refused at start.
 */
public record TopicNames(
        String raw,
        String rejected,
        String registrations,
        String shipments,
        String statusChanges,
        String parcelChanges,
        String autoClose,
        String pollTargets,
        String notifierDeadLetters,
        String notifierReplay,
        String notifierShopVersions,
        String notifierRetry) {

    public TopicNames {
        raw = orDefault(raw, "raw");
        rejected = orDefault(rejected, "rejected");
        registrations = orDefault(registrations, "registrations");
        shipments = orDefault(shipments, "shipments");
        statusChanges = orDefault(statusChanges, "status-changes");
        parcelChanges = orDefault(parcelChanges, "parcel-changes");
        autoClose = orDefault(autoClose, "auto-close");
        pollTargets = orDefault(pollTargets, "poll-targets");
        notifierDeadLetters = orDefault(notifierDeadLetters, "notifier-dead-letters");
        notifierReplay = orDefault(notifierReplay, "notifier-replay");
        notifierShopVersions = orDefault(notifierShopVersions, "notifier-shop-versions");
        notifierRetry = orDefault(notifierRetry, "notifier-retry");
    }

    /** Every topic under its catalogue name. */
    public static TopicNames defaults() {
        return new TopicNames(null, null, null, null, null, null, null, null, null, null, null, null);
    }

    private static String orDefault(String configured, String property) {
        if (configured == null) {
            return Catalog.DEFAULTS.nameOf(property);
        }
        if (configured.isBlank()) {
            throw new IllegalArgumentException("trackstream.topics." + property + " must not be blank");
        }
        return configured;
    }

    /** Read once, when the first default is needed. */
    private static final class Catalog {
        static final TopicCatalog DEFAULTS = TopicCatalog.defaults();
    }
}
