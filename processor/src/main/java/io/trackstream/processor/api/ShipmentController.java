package io.trackstream.processor.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.trackstream.avro.Shipment;
import io.trackstream.avro.ShipmentRegistration;
import io.trackstream.contract.ParcelKey;
import io.trackstream.web.ApiException;
import io.trackstream.web.ApiResponse;
import io.trackstream.web.security.Caller;
import io.trackstream.web.security.RequiresScope;

/**
 * The read API over the processor's state: a shipment, the shipments of an order, a parcel with its history. The
 * caller's token decides the tenant; another tenant's shipment or parcel is "not found", never "forbidden", so its
 * existence does not leak. A key owned by another instance is answered by that instance.
 */
@RestController
@RequestMapping(path = "/v1", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Shipments", description = "Canonical shipment and parcel state, served from the processor's state stores")
@SecurityRequirement(name = "AppToken")
@RequiresScope(ShipmentController.SCOPE)
public class ShipmentController {

    static final String SCOPE = "READ_SHIPPING";

    private final ShipmentStores stores;
    private final InstanceForwarder forwarder;
    private final JsonMapper json;
    private final ParcelHistories histories;

    public ShipmentController(ShipmentStores stores, InstanceForwarder forwarder, JsonMapper json) {
        this.stores = stores;
        this.forwarder = forwarder;
        this.json = json;
        this.histories = new ParcelHistories(stores, forwarder, json);
    }

    @GetMapping("/shipments/{shipmentId}")
    @Operation(summary = "A shipment with its parcels and their histories", description = "Requires READ_SHIPPING. 404 for an unknown shipment or another store's.")
    public ResponseEntity<?> shipment(@PathVariable String shipmentId, Caller caller, HttpServletRequest request) {
        var owner = stores.ownerOfShipment(shipmentId);
        if (owner.isPresent()) {
            return forwardOrMoving(owner.get(), request);
        }
        Shipment shipment = stores.localShipment(shipmentId)
                .filter(s -> caller.tenant().equals(s.getTenant()))
                .orElseThrow(() -> ApiException.notFound("Shipment " + shipmentId + " not found"));
        return ResponseEntity.ok(ApiResponse.ok("Shipment", view(shipment, request)));
    }

    @GetMapping("/shipments")
    @Operation(summary = "The shipments of an order", description = "Requires READ_SHIPPING. Only the caller's store's shipments; an empty list when there are none.")
    public ResponseEntity<?> shipmentsOfOrder(@Parameter(description = "The order's id") @RequestParam String orderId,
                                              Caller caller, HttpServletRequest request) {
        if (orderId.isBlank()) {
            throw ApiException.badRequest("invalid_parameter", "orderId", "orderId must not be blank");
        }
        List<Object> shipments = new ArrayList<>();
        stores.localShipmentsOfOrder(caller.tenant(), orderId).forEach(s -> shipments.add(view(s, request)));
        if (!forwarder.isForwarded(request)) {
            for (ShipmentStores.Instance other : stores.otherInstances()) {
                ResponseEntity<String> answer = forwarder.forward(other, request);
                if (!answer.getStatusCode().is2xxSuccessful()) {
                    return answer;
                }
                JsonNode data = json.readTree(answer.getBody()).path("data");
                data.forEach(shipments::add);
            }
        }
        return ResponseEntity.ok(ApiResponse.ok("Shipments of order " + orderId, shipments));
    }

    @GetMapping("/parcels/{carrier}/{trackingNumber}")
    @Operation(summary = "A parcel with its deduped history", description = "Requires READ_SHIPPING. A parcel is identified by carrier and tracking number together; 404 unless one of the caller's shipments claims it.")
    public ResponseEntity<?> parcel(@PathVariable String carrier, @PathVariable String trackingNumber, Caller caller,
                                    HttpServletRequest request) {
        String parcelKey;
        try {
            parcelKey = ParcelKey.of(carrier, trackingNumber).toString();
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("invalid_parameter", "carrier", e.getMessage());
        }
        var owner = stores.ownerOfParcel(parcelKey);
        if (owner.isPresent()) {
            return forwardOrMoving(owner.get(), request);
        }
        // Several shipments, of several tenants, may list one parcel: the caller sees it only through its own.
        ShipmentStores.OwnedParcel parcel = stores.localParcel(parcelKey).orElse(null);
        List<ShipmentRegistration> mine = parcel == null ? List.of()
                : parcel.claimsOf(caller.tenant());
        if (mine.isEmpty()) {
            throw ApiException.notFound("Parcel " + carrier.toLowerCase(Locale.ROOT) + " " + trackingNumber + " not found");
        }
        return ResponseEntity.status(HttpStatus.OK)
                .body(ApiResponse.ok("Parcel", OwnedParcelView.of(parcelKey, parcel.parcel(), mine)));
    }

    /** The shipment with its parcels' whole histories, from the parcel table. */
    private ShipmentView view(Shipment shipment, HttpServletRequest request) {
        return ShipmentView.of(shipment, parcel -> histories.of(parcel, shipment.getTenant(), request));
    }

    /**
     * Forwards to the owner; but a request forwarded here by another instance, for a key this instance does not own
     * either, arrived while the key moves between instances: 503 with Retry-After, never a false 404.
     */
    private ResponseEntity<?> forwardOrMoving(ShipmentStores.Instance owner, HttpServletRequest request) {
        if (forwarder.isForwarded(request)) {
            throw ApiException.unavailable("state_moving", "This shipment's state is moving between instances; try again shortly", 1);
        }
        return forwarder.forward(owner, request);
    }
}
