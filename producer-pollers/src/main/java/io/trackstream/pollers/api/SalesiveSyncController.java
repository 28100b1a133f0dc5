package io.trackstream.pollers.api;

import io.trackstream.web.ApiException;
import io.trackstream.web.ApiResponse;
import io.trackstream.web.security.Caller;
import io.trackstream.web.security.RequiresScope;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /shipping/shipments/sync?orderId=} in the Salesive shape: sync the shipment of one of the caller's
 * orders and answer it in the {status, success, message, data} envelope (200 applied, 202 not applied yet).
 */
@RestController
public class SalesiveSyncController {

    private final SyncService sync;

    public SalesiveSyncController(SyncService sync) {
        this.sync = sync;
    }

    @GetMapping(path = "/shipping/shipments/sync", produces = MediaType.APPLICATION_JSON_VALUE)
    @RequiresScope("READ_SHIPPING")
    public ResponseEntity<ApiResponse<SalesiveShipment>> sync(@RequestParam("orderId") String orderId, Caller caller) {
        if (orderId.isBlank()) {
            throw ApiException.badRequest("missing_parameter", "orderId", "Query parameter 'orderId' is required");
        }
        SyncOutcome outcome = sync.syncOrder(caller, orderId.trim());
        int status = outcome.httpStatus();
        return ResponseEntity.status(status)
                .body(ApiResponse.of(status, outcome.kind().message(), SalesiveShipment.of(outcome)));
    }
}
