package io.trackstream.pollers.carrier.couriersync;

import static io.trackstream.pollers.carrier.JsonFields.firstText;
import static io.trackstream.pollers.carrier.JsonFields.text;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.trackstream.contract.ParcelKey;
import io.trackstream.pollers.carrier.CarrierAdapter;
import io.trackstream.pollers.carrier.CarrierCallException;
import io.trackstream.pollers.carrier.CarrierError;
import io.trackstream.pollers.carrier.CarrierObservation;
import io.trackstream.pollers.carrier.JsonFields;
import io.trackstream.pollers.carrier.ParsedAnswer;
import io.trackstream.pollers.carrier.PollRequest;
import io.trackstream.pollers.config.PollersProperties.Account;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * The courier-sync API's {@code POST /shipments/{id}/sync} (basic auth). It answers the shipment with one current
 * {@code tracking_status} and {@code tracking_substatus}, dated by {@code updated_at}; a null tracking_status (no
 * courier news yet) gives no observation. Its errors are {@code {"error":{"message","type"}}}.
 */
@Component
public class CourierSyncAdapter implements CarrierAdapter {

    public static final String PROVIDER = "courier-sync";

    @Override
    public String provider() {
        return PROVIDER;
    }

    @Override
    public String defaultSchedule() {
        return "0 50 * * * *";
    }

    @Override
    public HttpRequest.Builder request(PollRequest request, Account account) {
        String base = account.baseUrl().toString().replaceAll("/+$", "");
        URI uri = URI.create(base + "/shipments/" + URLEncoder.encode(request.reference(), StandardCharsets.UTF_8)
                .replace("+", "%20") + "/sync");
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.noBody());
        if (account.username() != null) {
            String credentials = account.username() + ":" + (account.password() == null ? "" : account.password());
            builder.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        }
        return builder;
    }

    @Override
    public ParsedAnswer parse(byte[] body, PollRequest request) {
        JsonNode root = JsonFields.read(PROVIDER, body);
        if (!root.isObject()) {
            throw CarrierCallException.invalidResponse(PROVIDER, "not a shipment object");
        }
        String status = text(root.path("tracking_status"));
        if (status == null) {
            return ParsedAnswer.of(List.of());
        }
        Instant updatedAt = JsonFields.instant(PROVIDER, root.path("updated_at"));
        if (updatedAt == null) {
            return new ParsedAnswer(List.of(), 1);
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        put(attributes, "verificationStatus", text(root.path("verification_status")));
        put(attributes, "fulfillmentMethod", text(root.path("fulfillment_method")));
        put(attributes, "merchantInvoiceId", text(root.path("merchant_invoice_id")));
        put(attributes, "createdAt", text(root.path("created_at")));
        CarrierObservation observation = new CarrierObservation(parcel(root, request), status,
                text(root.path("tracking_substatus")), null, updatedAt, null,
                firstText(root.path("id")) != null ? text(root.path("id")) : request.reference(), null, null,
                JsonFields.instant(PROVIDER, root.path("expected_delivery")), null, List.of(), attributes);
        return ParsedAnswer.of(List.of(observation));
    }

    @Override
    public CarrierError describeError(int status, byte[] body) {
        JsonNode root = JsonFields.readQuietly(body);
        if (root == null) {
            return CarrierError.NONE;
        }
        JsonNode error = root.path("error");
        return new CarrierError(text(error.path("message")), text(error.path("type")));
    }

    private static ParcelKey parcel(JsonNode root, PollRequest request) {
        String trackingNumber = text(root.path("shipment_tracking_number"));
        String courier = text(root.path("shipment_courier"));
        ParcelKey known = request.onlyKnownParcel();
        if (trackingNumber == null && known != null) {
            trackingNumber = known.trackingNumber();
        }
        if (courier == null) {
            courier = request.knownCarrierOf(trackingNumber);
        }
        if (courier == null || trackingNumber == null) {
            throw CarrierCallException.invalidResponse(PROVIDER, "no shipment_courier or shipment_tracking_number, and no known parcel to fall back on");
        }
        return ParcelKey.of(courier, trackingNumber);
    }

    private static void put(Map<String, String> attributes, String key, String value) {
        if (value != null) {
            attributes.put(key, value);
        }
    }
}
