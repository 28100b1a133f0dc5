package io.trackstream.processor.api;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.util.UriUtils;

import jakarta.servlet.http.HttpServletRequest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.trackstream.avro.Parcel;
import io.trackstream.web.ApiException;

/**
 * The whole histories of a shipment's parcels, for the read API. A shipment record carries each parcel's latest
 * event only; the histories are in the parcel table, partitioned by parcel, not by shipment. A parcel this instance
 * holds is read from its store; one held by another instance is asked of it ({@code GET /v1/parcels/...}) with the
 * caller's own token. Either way the same rule as {@code GET /v1/parcels/...} applies: a parcel the table does not
 * show the caller's tenant (not yet claimed there by one of its shipments, or gone) keeps the entries its shipment
 * carries, so the answer does not depend on which instance holds the parcel.
 */
final class ParcelHistories {

    private final ShipmentStores stores;
    private final InstanceForwarder forwarder;
    private final JsonMapper json;

    ParcelHistories(ShipmentStores stores, InstanceForwarder forwarder, JsonMapper json) {
        this.stores = stores;
        this.forwarder = forwarder;
        this.json = json;
    }

    /** The history of {@code shown} (a parcel as a shipment of {@code tenant} shows it), oldest event first. */
    List<ParcelView.Event> of(Parcel shown, String tenant, HttpServletRequest request) {
        Optional<ShipmentStores.Instance> owner = stores.ownerOfParcel(shown.getParcelKey());
        if (owner.isPresent()) {
            return remote(owner.get(), shown, request);
        }
        Parcel stored = stores.localParcel(shown.getParcelKey())
                .filter(owned -> !owned.claimsOf(tenant).isEmpty())
                .map(ShipmentStores.OwnedParcel::parcel)
                .orElse(shown);
        return ParcelView.Event.historyOf(stored);
    }

    private List<ParcelView.Event> remote(ShipmentStores.Instance owner, Parcel shown, HttpServletRequest request) {
        String path = "/v1/parcels/" + UriUtils.encodePathSegment(shown.getCarrier(), StandardCharsets.UTF_8)
                + "/" + UriUtils.encodePathSegment(shown.getTrackingNumber(), StandardCharsets.UTF_8);
        ResponseEntity<String> answer = forwarder.ask(owner, path, request.getHeader(HttpHeaders.AUTHORIZATION));
        if (answer.getStatusCode().value() == HttpStatus.NOT_FOUND.value()) {
            return ParcelView.Event.historyOf(shown);
        }
        if (!answer.getStatusCode().is2xxSuccessful() || answer.getBody() == null) {
            throw ApiException.unavailable("state_unavailable",
                    "A parcel's history cannot be read from the instance that holds it; try again shortly", 1);
        }
        JsonNode history = json.readTree(answer.getBody()).path("data").path("parcel").path("history");
        return Arrays.asList(json.treeToValue(history, ParcelView.Event[].class));
    }
}
