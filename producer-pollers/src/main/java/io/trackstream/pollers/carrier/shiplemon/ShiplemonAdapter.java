package io.trackstream.pollers.carrier.shiplemon;

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
 * Shiplemon's {@code GET /public/v1/shipments/:id/tracking} (x-api-key). Every answer carries the whole history, so
 * every entry becomes an observation each time; the processor dedupes. Shiplemon asks to be called at :05 and :35.
 */
@Component
public class ShiplemonAdapter implements CarrierAdapter {

    public static final String PROVIDER = "shiplemon";

    private final CarrierTimes times;

    public ShiplemonAdapter(CarrierTimes times) {
        this.times = times;
    }

    @Override
    public String provider() {
        return PROVIDER;
    }

    @Override
    public String defaultSchedule() {
        // "Call this endpoint every hour at :05 and :35." (Shiplemon tracking documentation)
        return "0 5,35 * * * *";
    }

    @Override
    public HttpRequest.Builder request(PollRequest request, Account account) {
        String base = account.baseUrl().toString().replaceAll("/+$", "");
        URI uri = URI.create(base + "/public/v1/shipments/" + encode(request.reference()) + "/tracking");
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).GET();
        if (account.apiKey() != null) {
            builder.header("x-api-key", account.apiKey());
        }
        return builder;
    }

    @Override
    public ParsedAnswer parse(byte[] body, PollRequest request) {
        JsonNode data = JsonFields.read(PROVIDER, body).path("data");
        if (!data.isObject()) {
            throw CarrierCallException.invalidResponse(PROVIDER, "no data object");
        }
        ParcelKey parcel = parcel(data, request);
        String trackingUrl = text(data.path("tracking_url"));
        String labelUrl = text(data.path("label_url"));
        Instant deliveredAt = JsonFields.optionalTime(times, parcel.carrier(), data.path("delivered_at"));
        List<CarrierObservation.Child> children = children(data.path("child_vouchers"));
        Map<String, String> attributes = attributes(data);
        String carrierName = text(data.path("carrier").path("name"));
        // The tracking answer does not always repeat the shipment id; it is the id we called with.
        String shipmentId = text(data.path("id")) != null ? text(data.path("id")) : request.reference();

        List<CarrierObservation> observations = new ArrayList<>();
        List<RejectedEntry> rejected = new ArrayList<>();
        JsonNode history = data.path("tracking_history");
        for (int i = 0; i < history.size(); i++) {
            JsonNode entry = history.get(i);
            String path = "data.tracking_history[" + i + "]";
            String status = text(entry.path("status"));
            String date = text(entry.path("status_date"));
            if (status == null) {
                rejected.add(RejectedEntry.missing(parcel, path + ".status", null));
                continue;
            }
            if (date == null) {
                rejected.add(RejectedEntry.missing(parcel, path + ".status_date", status));
                continue;
            }
            Optional<Instant> when = times.parse(date, parcel.carrier());
            if (when.isEmpty()) {
                rejected.add(RejectedEntry.unreadableTime(parcel, path + ".status_date", date, status));
                continue;
            }
            observations.add(new CarrierObservation(parcel, status, text(entry.path("status_exact")),
                    text(entry.path("status_details")), when.get(), carrierName, shipmentId, trackingUrl, labelUrl, null,
                    deliveredAt, children, attributes, path));
        }
        return new ParsedAnswer(observations, rejected);
    }

    @Override
    public CarrierError describeError(int status, byte[] body) {
        JsonNode root = JsonFields.readQuietly(body);
        if (root == null) {
            return CarrierError.NONE;
        }
        return new CarrierError(firstText(root.path("message"), root.path("error").path("message"), root.path("error")),
                firstText(root.path("status"), root.path("error").path("type")));
    }

    private static ParcelKey parcel(JsonNode data, PollRequest request) {
        String carrier = firstText(data.path("carrier").path("code"), data.path("driver"));
        String trackingRef = text(data.path("tracking_ref"));
        ParcelKey known = request.onlyKnownParcel();
        if (carrier == null && known != null) {
            carrier = known.carrier();
        }
        if (trackingRef == null && known != null) {
            trackingRef = known.trackingNumber();
        }
        if (carrier == null || trackingRef == null) {
            throw CarrierCallException.invalidResponse(PROVIDER, "no carrier or tracking_ref, and no single known parcel to fall back on");
        }
        return ParcelKey.of(carrier, trackingRef);
    }

    private static List<CarrierObservation.Child> children(JsonNode vouchers) {
        List<CarrierObservation.Child> children = new ArrayList<>();
        for (JsonNode voucher : vouchers) {
            String ref = text(voucher.path("tracking_ref"));
            if (ref != null) {
                children.add(new CarrierObservation.Child(ref, text(voucher.path("tracking_url")), text(voucher.path("label_url"))));
            }
        }
        return children;
    }

    private static Map<String, String> attributes(JsonNode data) {
        Map<String, String> attributes = new LinkedHashMap<>();
        put(attributes, "service", text(data.path("service").path("code")));
        put(attributes, "serviceName", text(data.path("service").path("name")));
        put(attributes, "estimatedDeliveryInDays", text(data.path("service").path("estimated_delivery_in_days")));
        put(attributes, "countryFrom", text(data.path("country_from")));
        put(attributes, "countryTo", text(data.path("country_to")));
        put(attributes, "partnerId", text(data.path("partner_id")));
        put(attributes, "trackingStatus", text(data.path("tracking_status")));
        put(attributes, "driver", text(data.path("driver")));
        put(attributes, "trackingHistoryLastUpdatedAt", text(data.path("tracking_history_last_updated_at")));
        return attributes;
    }

    private static void put(Map<String, String> attributes, String key, String value) {
        if (value != null) {
            attributes.put(key, value);
        }
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
