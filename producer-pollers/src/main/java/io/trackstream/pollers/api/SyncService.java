package io.trackstream.pollers.api;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import io.trackstream.avro.EventSource;
import io.trackstream.avro.RawTrackingEvent;
import io.trackstream.contract.EventKey;
import io.trackstream.contract.ParcelKey;
import io.trackstream.pollers.carrier.CarrierAdapter;
import io.trackstream.pollers.carrier.CarrierCallException;
import io.trackstream.pollers.carrier.PollReferences;
import io.trackstream.pollers.carrier.PollRequest;
import io.trackstream.pollers.config.PollersProperties;
import io.trackstream.pollers.metrics.PollMetrics;
import io.trackstream.pollers.poll.PollResult;
import io.trackstream.pollers.poll.Poller;
import io.trackstream.pollers.poll.RawEventPublisher;
import io.trackstream.pollers.resilience.PollRejectedException;
import io.trackstream.pollers.shipments.ShipmentReadModel;
import io.trackstream.pollers.shipments.ShipmentView;
import io.trackstream.web.ApiException;
import io.trackstream.web.security.Caller;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * Poll one shipment now and answer its canonical state once the processor holds every event the poll returned
 * (read-your-writes), waiting at most {@code trackstream.pollers.sync.wait-for-applied}. That is decided from the
 * sync's own events: each one's event key (computed as the processor computes it) is in its parcel's history, so
 * neither an unrelated update during the poll nor an event that does not move the status (an unmapped code, a scan
 * after DELIVERED) can fool it. The answer is APPLIED when the shipment also has a newer version than before the
 * poll, UP_TO_DATE when it already held them all. A caller only ever sees its own tenant's shipments: another
 * tenant's is "not found", exactly like a missing one.
 */
@Service
public class SyncService {

    private final ShipmentReadModel shipments;
    private final Poller poller;
    private final PollMetrics metrics;
    private final Clock clock;
    private final Duration waitForApplied;
    private final Set<String> pollableProviders;

    public SyncService(ShipmentReadModel shipments, Poller poller, PollMetrics metrics, Clock clock,
            PollersProperties properties, List<CarrierAdapter> adapters) {
        this.pollableProviders = adapters.stream().map(CarrierAdapter::provider).collect(Collectors.toUnmodifiableSet());
        this.shipments = shipments;
        this.poller = poller;
        this.metrics = metrics;
        this.clock = clock;
        this.waitForApplied = properties.sync().waitForApplied();
    }

    public SyncOutcome syncShipment(Caller caller, String shipmentId) {
        requireViewReady();
        ShipmentView view = shipments.find(shipmentId).filter(s -> s.tenant().equals(caller.tenant()))
                .orElseThrow(() -> ApiException.notFound("Shipment " + shipmentId + " not found"));
        return sync(view);
    }

    public SyncOutcome syncOrder(Caller caller, String orderId) {
        requireViewReady();
        ShipmentView view = shipments.findByOrder(caller.tenant(), orderId)
                .orElseThrow(() -> ApiException.notFound("No shipment found for order " + orderId));
        return sync(view);
    }

    private SyncOutcome sync(ShipmentView before) {
        Instant started = clock.instant();
        String outcome = "error";
        try {
            SyncOutcome result = pollAndWait(before);
            outcome = result.kind().tag();
            return result;
        } catch (ApiException e) {
            outcome = e.type();
            throw e;
        } finally {
            metrics.sync(before.provider(), outcome, Duration.between(started, clock.instant()));
        }
    }

    private SyncOutcome pollAndWait(ShipmentView before) {
        if (!pollableProviders.contains(before.provider())) {
            return new SyncOutcome(before, SyncOutcome.Kind.NOT_POLLABLE);
        }
        PollResult result = poll(before);
        if (result.events().isEmpty()) {
            return new SyncOutcome(shipments.find(before.shipmentId()).orElse(before), SyncOutcome.Kind.NO_EVENTS);
        }
        Predicate<ShipmentView> holdsAll = v -> holdsEvery(v, result.events());
        CompletableFuture<ShipmentView> state = shipments.await(before.shipmentId(), holdsAll);
        try {
            ShipmentView view = state.get(waitForApplied.toMillis(), TimeUnit.MILLISECONDS);
            return new SyncOutcome(view, view.version() > before.version() ? SyncOutcome.Kind.APPLIED : SyncOutcome.Kind.UP_TO_DATE);
        } catch (TimeoutException e) {
            shipments.forget(before.shipmentId(), state);
            return new SyncOutcome(shipments.find(before.shipmentId()).orElse(before), SyncOutcome.Kind.NOT_APPLIED);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            shipments.forget(before.shipmentId(), state);
            return new SyncOutcome(shipments.find(before.shipmentId()).orElse(before), SyncOutcome.Kind.NOT_APPLIED);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Waiting for the shipment failed", e.getCause());
        }
    }

    /** Whether the shipment's parcels hold every event the poll returned (a parcel it does not list holds none). */
    static boolean holdsEvery(ShipmentView view, List<RawTrackingEvent> events) {
        for (RawTrackingEvent e : events) {
            var parcel = view.parcel(e.getCarrier(), e.getTrackingNumber());
            if (parcel.isEmpty()) {
                return false;
            }
            String key = EventKey.of(e);
            if (!parcel.get().holds(key, e.getEventTime())) {
                return false;
            }
        }
        return true;
    }

    private PollResult poll(ShipmentView view) {
        List<ParcelKey> parcels = view.parcels().stream()
                .map(p -> ParcelKey.of(p.carrier(), p.trackingNumber())).toList();
        String firstTrackingNumber = view.parcels().stream().map(ShipmentView.ParcelView::trackingNumber)
                .min(Comparator.naturalOrder()).orElse(null);
        String reference = PollReferences.resolve(view.provider(), view.providerReference(), view.orderId(), firstTrackingNumber);
        if (reference == null) {
            throw new ApiException(HttpStatus.CONFLICT, "nothing_to_poll",
                    "Shipment " + view.shipmentId() + " has no provider reference or parcel to poll with");
        }
        try {
            return poller.poll(new PollRequest(view.provider(), reference, view.carrierAccount(), parcels), EventSource.SYNC);
        } catch (CarrierCallException e) {
            throw CarrierFailures.toApiException(e);
        } catch (PollRejectedException e) {
            throw CarrierFailures.toApiException(e);
        } catch (RawEventPublisher.PublishFailedException e) {
            throw ApiException.unavailable("publish_failed",
                    "The carrier answered, but its events could not be stored; try again", 5);
        }
    }

    private void requireViewReady() {
        if (!shipments.caughtUp()) {
            throw ApiException.unavailable("starting", "Shipments are still being loaded; try again in a few seconds", 5);
        }
    }
}
