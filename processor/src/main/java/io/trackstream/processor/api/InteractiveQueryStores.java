package io.trackstream.processor.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import io.trackstream.avro.Parcel;
import io.trackstream.avro.Shipment;
import io.trackstream.avro.ShipmentRegistration;
import io.trackstream.processor.config.ProcessorStreams;
import io.trackstream.processor.topology.OrderIndex;
import io.trackstream.processor.topology.ParcelClaims;
import io.trackstream.processor.topology.TopologyNames;
import io.trackstream.web.ApiException;

/**
 * {@link ShipmentStores} on Kafka Streams' interactive queries. Ownership comes from
 * {@code queryMetadataForKey}; while the stores migrate (start-up, rebalance) a question gets 503 with
 * Retry-After rather than a wrong "not found". A key is looked up in its own partition's store only: a partition
 * this instance has just been given and still restores has no store yet, which Kafka Streams reports for that
 * partition (503) but silently leaves out of a lookup over all local stores (a false 404).
 */
public class InteractiveQueryStores implements ShipmentStores {

    private final ProcessorStreams processor;
    private final HostInfo self;

    /** @param applicationServer this instance's {@code application.server} (host:port), blank when it runs alone */
    public InteractiveQueryStores(ProcessorStreams processor, String applicationServer) {
        this.processor = processor;
        this.self = applicationServer == null || applicationServer.isBlank() ? null : HostInfo.buildFromEndpoint(applicationServer.trim());
    }

    @Override
    public Optional<Instance> ownerOfShipment(String shipmentId) {
        return remoteOwner(TopologyNames.SHIPMENTS_STORE, shipmentId);
    }

    @Override
    public Optional<Instance> ownerOfParcel(String parcelKey) {
        return remoteOwner(TopologyNames.PARCELS_STORE, parcelKey);
    }

    @Override
    public List<Instance> otherInstances() {
        KafkaStreams streams = streams();
        List<Instance> others = new ArrayList<>();
        for (StreamsMetadata metadata : streams.metadataForAllStreamsClients()) {
            if (!metadata.hostInfo().equals(self) && metadata.stateStoreNames().contains(TopologyNames.SHIPMENTS_STORE)) {
                others.add(new Instance(metadata.host(), metadata.port()));
            }
        }
        return others;
    }

    @Override
    public Optional<Shipment> localShipment(String shipmentId) {
        return query(() -> Optional.ofNullable(this.<Shipment>storeOf(TopologyNames.SHIPMENTS_STORE, shipmentId).get(shipmentId)));
    }

    @Override
    public List<Shipment> localShipmentsOfOrder(String tenant, String orderId) {
        return query(() -> {
            ReadOnlyKeyValueStore<String, String> index = store(TopologyNames.SHIPMENTS_BY_ORDER_STORE);
            ReadOnlyKeyValueStore<String, Shipment> shipments = store(TopologyNames.SHIPMENTS_STORE);
            List<Shipment> found = new ArrayList<>();
            try (KeyValueIterator<String, String> ids = index.prefixScan(OrderIndex.prefix(tenant, orderId), Serdes.String().serializer())) {
                while (ids.hasNext()) {
                    KeyValue<String, String> entry = ids.next();
                    Shipment shipment = shipments.get(entry.value);
                    if (shipment != null && tenant.equals(shipment.getTenant()) && orderId.equals(shipment.getOrderId())) {
                        found.add(shipment);
                    }
                }
            }
            return found;
        });
    }

    @Override
    public Optional<OwnedParcel> localParcel(String parcelKey) {
        return query(() -> {
            // Both stores belong to one processor, so to the same task and partition.
            Parcel parcel = this.<Parcel>storeOf(TopologyNames.PARCELS_STORE, parcelKey).get(parcelKey);
            if (parcel == null) {
                return Optional.empty();
            }
            ParcelClaims claims = this.<ParcelClaims>storeOf(TopologyNames.PARCEL_ASSIGNMENTS_STORE, parcelKey).get(parcelKey);
            return Optional.of(new OwnedParcel(parcel, claims == null ? List.of() : claims.shipments()));
        });
    }

    private Optional<Instance> remoteOwner(String store, String key) {
        KafkaStreams streams = streams();
        KeyQueryMetadata metadata = streams.queryMetadataForKey(store, key, Serdes.String().serializer());
        if (metadata == null || KeyQueryMetadata.NOT_AVAILABLE.equals(metadata)) {
            if (self == null) {
                return Optional.empty(); // a single instance without application.server owns everything
            }
            throw unavailable();
        }
        HostInfo owner = metadata.activeHost();
        if (self == null || owner.equals(self)) {
            return Optional.empty();
        }
        return Optional.of(new Instance(owner.host(), owner.port()));
    }

    private <T> ReadOnlyKeyValueStore<String, T> store(String name) {
        return streams().store(StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.<String, T>keyValueStore()));
    }

    /**
     * The store of the partition that holds {@code key}; throws InvalidStateStoreException while it is not queryable
     * here. A single instance without {@code application.server} has no key metadata (Kafka Streams builds it from
     * the advertised hosts) and holds every partition: it looks in all its stores.
     */
    private <T> ReadOnlyKeyValueStore<String, T> storeOf(String name, String key) {
        if (self == null) {
            return store(name);
        }
        KafkaStreams streams = streams();
        KeyQueryMetadata metadata = streams.queryMetadataForKey(name, key, Serdes.String().serializer());
        if (metadata == null || KeyQueryMetadata.NOT_AVAILABLE.equals(metadata)) {
            throw new InvalidStateStoreException("No metadata for " + name + " yet");
        }
        return streams.store(StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.<String, T>keyValueStore())
                .withPartition(metadata.partition()));
    }

    private <T> T query(java.util.function.Supplier<T> question) {
        try {
            return question.get();
        } catch (InvalidStateStoreException e) {
            throw unavailable();
        }
    }

    private KafkaStreams streams() {
        KafkaStreams streams = processor.streams();
        if (streams == null || !streams.state().isRunningOrRebalancing()) {
            throw unavailable();
        }
        return streams;
    }

    private static ApiException unavailable() {
        return ApiException.unavailable("state_unavailable", "Shipment state is being restored; try again shortly", 1);
    }
}
