package io.trackstream.notifier.listener;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.listener.MessageListener;

import io.trackstream.avro.ShipmentStatusChanged;
import io.trackstream.notifier.metrics.NotifierMetrics;
import io.trackstream.notifier.order.AvroOrderConverter;
import io.trackstream.notifier.outcome.Target;
import io.trackstream.notifier.shop.StatusChangeNotifier;

/**
 * Consumes {@code shipments.status-changes.v1}. Same contract as {@link AutoCloseListener}: return when the shop
 * platform has the change (or the tenant does not use it), throw otherwise.
 */
public class StatusChangeListener implements MessageListener<String, byte[]> {

    private final AvroValueDecoder<ShipmentStatusChanged> decoder;
    private final StatusChangeNotifier notifier;
    private final NotifierMetrics metrics;

    public StatusChangeListener(AvroValueDecoder<ShipmentStatusChanged> decoder, StatusChangeNotifier notifier,
            NotifierMetrics metrics) {
        this.decoder = decoder;
        this.notifier = notifier;
        this.metrics = metrics;
    }

    @Override
    public void onMessage(ConsumerRecord<String, byte[]> record) {
        if (DeliveryAttempts.of(record) > 1) {
            metrics.retry(Target.SHOP);
        }
        if (record.value() == null) {
            metrics.skipped(Target.SHOP, "tombstone");
            return;
        }
        notifier.notify(AvroOrderConverter.shipmentChange(decoder.decode(record)));
    }
}
