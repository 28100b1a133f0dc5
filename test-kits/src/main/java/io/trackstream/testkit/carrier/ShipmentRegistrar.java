package io.trackstream.testkit.carrier;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Registers the demo shipments as an order system would: {@code POST /shipments} on webhook-ingest with the demo
 * tenant's app token (the tenant comes from the token, never from the body). Polled shipments name their provider and
 * reference, so the pollers pick them up; webhook-only ones say {@code polled: false}.
 */
public final class ShipmentRegistrar {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final IngestClient ingest;
    private final String token;

    public ShipmentRegistrar(IngestClient ingest, String token) {
        this.ingest = ingest;
        this.token = token;
    }

    /**
     * Registers every shipment, waiting for webhook-ingest as long as it takes.
     *
     * @return how many were accepted; fewer only when the client was closed first
     * @throws IllegalStateException when webhook-ingest refuses a registration for good (a wrong token, say)
     */
    public int registerAll(List<DemoShipment> shipments) {
        int accepted = 0;
        for (DemoShipment shipment : shipments) {
            IngestClient.Answer answer = ingest.post("/shipments", body(shipment), () -> Map.of("Authorization", "Bearer " + token));
            if (answer == null) {
                return accepted;
            }
            if (!answer.accepted()) {
                throw new IllegalStateException("webhook-ingest refused the registration of " + shipment.shipmentId() + " with HTTP "
                        + answer.status() + ": " + answer.body());
            }
            accepted++;
        }
        return accepted;
    }

    /** The registration body of docs/webhook-ingest.md. */
    public static byte[] body(DemoShipment s) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("shipmentId", s.shipmentId());
        body.put("orderId", s.orderId());
        body.put("partnerOrderReference", s.partnerOrderReference());
        body.put("salesChannel", s.salesChannel());
        body.put("carrier", s.carrier());
        body.put("carrierName", s.carrierName());
        body.put("provider", s.provider());
        body.put("providerReference", s.providerReference());
        body.put("polled", s.polled());
        List<Map<String, Object>> parcels = new ArrayList<>();
        for (int i = 0; i < s.parcels().size(); i++) {
            parcels.add(Map.of("trackingNumber", s.parcels().get(i).trackingNumber(), "labelId", String.valueOf(i + 1)));
        }
        body.put("parcels", parcels);
        body.put("attributes", s.attributes());
        try {
            return JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
