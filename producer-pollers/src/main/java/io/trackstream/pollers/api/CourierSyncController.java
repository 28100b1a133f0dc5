package io.trackstream.pollers.api;

import io.trackstream.web.security.Caller;
import io.trackstream.web.security.RequiresScope;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /shipments/{id}/sync} in the courier-sync shape: sync one of the caller's shipments by id. 200 when the
 * answer reflects the carrier, 202 (verification_status "pending") when the update is not applied yet. Errors carry
 * the seed's {@code error} object besides the trackstream envelope ({@link CourierSyncErrors}).
 */
@RestController
public class CourierSyncController {

    private final SyncService sync;

    public CourierSyncController(SyncService sync) {
        this.sync = sync;
    }

    @PostMapping(path = "/shipments/{shipmentId}/sync", produces = MediaType.APPLICATION_JSON_VALUE)
    @RequiresScope("READ_SHIPPING")
    public ResponseEntity<CourierSyncShipment> sync(@PathVariable("shipmentId") String shipmentId, Caller caller) {
        SyncOutcome outcome = sync.syncShipment(caller, shipmentId);
        return ResponseEntity.status(outcome.httpStatus()).body(CourierSyncShipment.of(outcome));
    }
}
