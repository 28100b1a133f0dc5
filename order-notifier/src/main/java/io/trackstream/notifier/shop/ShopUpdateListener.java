package io.trackstream.notifier.shop;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.listener.MessageListener;

import io.trackstream.avro.ParcelStatusChanged;
import io.trackstream.avro.ShipmentStatusChanged;
import io.trackstream.notifier.listener.AvroValueDecoder;
import io.trackstream.notifier.listener.NotifyingListener;
import io.trackstream.notifier.listener.TargetGate;
import io.trackstream.notifier.metrics.NotifierMetrics;
import io.trackstream.notifier.order.AvroOrderConverter;
import io.trackstream.notifier.order.LabelChange;
import io.trackstream.notifier.order.ShipmentChange;
import io.trackstream.notifier.outcome.Target;
import io.trackstream.serde.AvroSerdeConfig;
import io.trackstream.serde.ConfluentWireFormat;
import io.trackstream.serde.SchemaRegistryClient;
import io.trackstream.serde.SchemaRegistryClients;

/**
 * What the shop platform is told comes from two topics: status changes ({@code shipments.status-changes.v1}) and
 * label changes that left the shipment's status as it was ({@code shipments.parcel-changes.v1}). One container
 * consumes both, so the same partition of each (same key, same partition count) goes to the same consumer, and
 * replayed dead letters of either kind arrive on the notifier's replay topic. Each record goes to the listener of its
 * kind, told by its value's writer schema (a replayed record no longer says which topic it came from). A value whose
 * schema cannot be looked up goes to the status-change listener, whose decoder reports it as it does today.
 */
public final class ShopUpdateListener implements MessageListener<String, byte[]> {

    private static final String PARCEL_CHANGE = ParcelStatusChanged.getClassSchema().getFullName();

    private final SchemaRegistryClient registry;
    private final NotifyingListener<ShipmentStatusChanged, ShipmentChange> statusChanges;
    private final NotifyingListener<ParcelStatusChanged, LabelChange> labelChanges;
    private final Map<Integer, Boolean> isLabelChangeBySchemaId = new ConcurrentHashMap<>();

    public ShopUpdateListener(SchemaRegistryClient registry,
            NotifyingListener<ShipmentStatusChanged, ShipmentChange> statusChanges,
            NotifyingListener<ParcelStatusChanged, LabelChange> labelChanges) {
        this.registry = registry;
        this.statusChanges = statusChanges;
        this.labelChanges = labelChanges;
    }

    /** Both listeners of the shop platform, decoding with the registry at {@code schemaRegistryUrl}. */
    public static ShopUpdateListener of(String schemaRegistryUrl, StatusChangeNotifier notifier, TargetGate gate,
            NotifierMetrics metrics) {
        return new ShopUpdateListener(
                SchemaRegistryClients.fromConfig(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, schemaRegistryUrl)),
                new NotifyingListener<>(Target.SHOP, new AvroValueDecoder<>(ShipmentStatusChanged.class, schemaRegistryUrl, Target.SHOP),
                        AvroOrderConverter::shipmentChange, ShipmentChange::tenant, notifier::notify, gate, metrics),
                new NotifyingListener<>(Target.SHOP, new AvroValueDecoder<>(ParcelStatusChanged.class, schemaRegistryUrl, Target.SHOP),
                        AvroOrderConverter::labelChange, change -> change.shipment().tenant(), notifier::notifyLabels,
                        gate, metrics));
    }

    /** The tenant of a record of either kind (null when it cannot be read): for aiming a replay. */
    public String tenantOf(ConsumerRecord<String, byte[]> record) {
        return isLabelChange(record.value()) ? labelChanges.tenantOf(record) : statusChanges.tenantOf(record);
    }

    @Override
    public void onMessage(ConsumerRecord<String, byte[]> record) {
        (isLabelChange(record.value()) ? labelChanges : statusChanges).onMessage(record);
    }

    private boolean isLabelChange(byte[] value) {
        if (value == null || value.length < ConfluentWireFormat.HEADER_SIZE || value[0] != ConfluentWireFormat.MAGIC_BYTE) {
            return false;
        }
        int schemaId = ByteBuffer.wrap(value, 1, Integer.BYTES).getInt();
        Boolean known = isLabelChangeBySchemaId.get(schemaId);
        if (known != null) {
            return known;
        }
        try {
            boolean labelChange = PARCEL_CHANGE.equals(registry.getSchemaById(schemaId).getFullName());
            isLabelChangeBySchemaId.put(schemaId, labelChange);
            return labelChange;
        } catch (RuntimeException unknownOrUnreachable) {
            return false;
        }
    }
}
