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
import java.util.Optional;

import io.trackstream.contract.CarrierTimes;
import io.trackstream.contract.ParcelKey;
import io.trackstream.pollers.carrier.CarrierAdapter;
import io.trackstream.pollers.carrier.CarrierCallException;
import io.trackstream.pollers.carrier.CarrierError;
import io.trackstream.pollers.carrier.CarrierObservation;
import io.trackstream.pollers.carrier.JsonFields;
import io.trackstream.pollers.carrier.ParsedAnswer;
import io.trackstream.pollers.carrier.PollRequest;
import io.trackstream.pollers.carrier.RejectedEntry;
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

    private final CarrierTimes times;

    public CourierSyncAdapter(CarrierTimes times) {
        this.times = times;
    }

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
        ParcelKey parcel = parcel(root, request);
        String date = text(root.path("updated_at"));
        if (date == null) {
            return new ParsedAnswer(List.of(), List.of(RejectedEntry.missing(parcel, "updated_at", status)));
        }
        Optional<Instant> when = times.parse(date, parcel.carrier());
        if (when.isEmpty()) {
            return new ParsedAnswer(List.of(), List.of(RejectedEntry.unreadableTime(parcel, "updated_at", date, status)));
        }
        Instant updatedAt = when.get();
        Map<String, String> attributes = new LinkedHashMap<>();
        put(attributes, "verificationStatus", text(root.path("verification_status")));
        put(attributes, "fulfillmentMethod", text(root.path("fulfillment_method")));
        put(attributes, "merchantInvoiceId", text(root.path("merchant_invoice_id")));
        put(attributes, "createdAt", text(root.path("created_at")));
        CarrierObservation observation = new CarrierObservation(parcel, status,
                text(root.path("tracking_substatus")), null, updatedAt, null,
                firstText(root.path("id")) != null ? text(root.path("id")) : request.reference(), null, null,
                JsonFields.optionalTime(times, parcel.carrier(), root.path("expected_delivery")), null, List.of(), attributes, "");
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
