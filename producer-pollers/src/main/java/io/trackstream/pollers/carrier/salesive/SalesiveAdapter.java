package io.trackstream.pollers.carrier.salesive;

import static io.trackstream.pollers.carrier.JsonFields.firstText;
import static io.trackstream.pollers.carrier.JsonFields.text;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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
 * Salesive's {@code GET /shipping/shipments/sync?orderId=} (bearer {@code app_} token, answers in the
 * {status, success, message, data} envelope). It reports one current status, so one observation per answer, dated
 * by the shipment's {@code updatedAt}. Its {@code carrier} is a display name (DHL Express): the parcel keeps the
 * carrier we registered for that tracking number, and the name goes to carrierName.
 */
@Component
public class SalesiveAdapter implements CarrierAdapter {

    public static final String PROVIDER = "salesive";

    private final CarrierTimes times;

    public SalesiveAdapter(CarrierTimes times) {
        this.times = times;
    }

    @Override
    public String provider() {
        return PROVIDER;
    }

    @Override
    public String defaultSchedule() {
        return "0 20 * * * *";
    }

    @Override
    public HttpRequest.Builder request(PollRequest request, Account account) {
        String base = account.baseUrl().toString().replaceAll("/+$", "");
        URI uri = URI.create(base + "/shipping/shipments/sync?orderId="
                + URLEncoder.encode(request.reference(), StandardCharsets.UTF_8));
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).GET();
        if (account.token() != null) {
            builder.header("Authorization", "Bearer " + account.token());
        }
        return builder;
    }

    @Override
    public ParsedAnswer parse(byte[] body, PollRequest request) {
        JsonNode root = JsonFields.read(PROVIDER, body);
        if (root.path("success").isBoolean() && !root.path("success").asBoolean()) {
            throw CarrierCallException.invalidResponse(PROVIDER, "success=false: " + text(root.path("message")));
        }
        JsonNode data = root.path("data");
        if (!data.isObject()) {
            throw CarrierCallException.invalidResponse(PROVIDER, "no data object");
        }
        JsonNode label = data.path("metadata").path("label_details");
        String status = firstText(data.path("status"), label.path("status"));
        if (status == null) {
            return ParsedAnswer.of(List.of());
        }
        String carrierName = text(data.path("carrier"));
        ParcelKey parcel = parcel(data, carrierName, request);
        String date = text(data.path("updatedAt"));
        if (date == null) {
            return new ParsedAnswer(List.of(), List.of(RejectedEntry.missing(parcel, "data.updatedAt", status)));
        }
        Optional<Instant> when = times.parse(date, parcel.carrier());
        if (when.isEmpty()) {
            return new ParsedAnswer(List.of(), List.of(RejectedEntry.unreadableTime(parcel, "data.updatedAt", date, status)));
        }
        Instant updatedAt = when.get();
        Map<String, String> attributes = new LinkedHashMap<>();
        put(attributes, "labelStatus", text(label.path("status")));
        put(attributes, "labelOrderId", text(label.path("order_id")));
        put(attributes, "trackingCode", text(data.path("trackingCode")));
        put(attributes, "shippingMethod", text(data.path("shippingMethod")));
        List<String> orders = new ArrayList<>();
        data.path("orders").forEach(o -> orders.add(text(o)));
        if (!orders.isEmpty()) {
            attributes.put("orders", String.join(",", orders));
        }
        CarrierObservation observation = new CarrierObservation(parcel, status, null, null, updatedAt, carrierName,
                text(data.path("_id")), firstText(data.path("trackingUrl"), label.path("tracking_url")), null, null, null,
                List.of(), attributes, "data");
        return ParsedAnswer.of(List.of(observation));
    }

    @Override
    public CarrierError describeError(int status, byte[] body) {
        JsonNode root = JsonFields.readQuietly(body);
        return root == null ? CarrierError.NONE : new CarrierError(text(root.path("message")), text(root.path("type")));
    }

    private static ParcelKey parcel(JsonNode data, String carrierName, PollRequest request) {
        String trackingNumber = firstText(data.path("trackingNumber"), data.path("trackingCode"));
        ParcelKey known = request.onlyKnownParcel();
        if (trackingNumber == null && known != null) {
            return known;
        }
        if (trackingNumber == null) {
            throw CarrierCallException.invalidResponse(PROVIDER, "no trackingNumber, and no single known parcel to fall back on");
        }
        String carrier = request.knownCarrierOf(trackingNumber);
        if (carrier == null && carrierName != null) {
            carrier = slug(carrierName);
        }
        if (carrier == null && known != null) {
            carrier = known.carrier();
        }
        if (carrier == null) {
            throw CarrierCallException.invalidResponse(PROVIDER, "no carrier for tracking number " + trackingNumber);
        }
        return ParcelKey.of(carrier, trackingNumber);
    }

    /** DHL Express -> dhl-express: a stable lower-case id for a carrier we only know by its display name. */
    static String slug(String name) {
        String slug = name.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]+", "-").replaceAll("^-+|-+$", "");
        return slug.isEmpty() ? null : slug;
    }

    private static void put(Map<String, String> attributes, String key, String value) {
        if (value != null) {
            attributes.put(key, value);
        }
    }
}
