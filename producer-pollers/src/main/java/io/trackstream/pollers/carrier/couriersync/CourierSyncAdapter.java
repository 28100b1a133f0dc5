package io.trackstream.pollers.carrier.couriersync;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import io.trackstream.carriers.PayloadReader;
import io.trackstream.carriers.couriersync.CourierSyncReader;
import io.trackstream.carriers.json.JsonPayload;
import io.trackstream.contract.CarrierTimes;
import io.trackstream.pollers.carrier.CarrierAdapter;
import io.trackstream.pollers.carrier.CarrierError;
import io.trackstream.pollers.carrier.PollRequest;
import io.trackstream.pollers.config.PollersProperties.Account;
import org.springframework.stereotype.Component;

/**
 * The courier-sync API's {@code POST /shipments/{id}/sync} (basic auth). It answers the shipment with one current
 * status, read by {@link CourierSyncReader}. Its errors are {@code {"error":{"message","type"}}}.
 */
@Component
public class CourierSyncAdapter implements CarrierAdapter {

    public static final String PROVIDER = CourierSyncReader.PROVIDER;

    private final CourierSyncReader reader;

    public CourierSyncAdapter(CarrierTimes times) {
        this.reader = new CourierSyncReader(times);
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
    public PayloadReader reader() {
        return reader;
    }

    @Override
    public CarrierError describeError(int status, byte[] body) {
        return JsonPayload.tryParseObject(body)
                .map(root -> new CarrierError(root.field("error").field("message").optionalScalarText(),
                        root.field("error").field("type").optionalScalarText()))
                .orElse(CarrierError.NONE);
    }
}
