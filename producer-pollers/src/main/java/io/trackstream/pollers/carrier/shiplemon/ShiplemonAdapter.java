package io.trackstream.pollers.carrier.shiplemon;

import static io.trackstream.carriers.json.JsonField.firstText;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;

import io.trackstream.carriers.PayloadReader;
import io.trackstream.carriers.json.JsonPayload;
import io.trackstream.carriers.shiplemon.ShiplemonReader;
import io.trackstream.contract.CarrierTimes;
import io.trackstream.pollers.carrier.CarrierAdapter;
import io.trackstream.pollers.carrier.CarrierError;
import io.trackstream.pollers.carrier.PollRequest;
import io.trackstream.pollers.config.PollersProperties.Account;
import org.springframework.stereotype.Component;

/**
 * Shiplemon's {@code GET /public/v1/shipments/:id/tracking} (x-api-key), read by {@link ShiplemonReader}. Every answer
 * carries the whole history, so every entry becomes an event each time; the processor dedupes. Shiplemon asks to be
 * called at :05 and :35.
 */
@Component
public class ShiplemonAdapter implements CarrierAdapter {

    public static final String PROVIDER = ShiplemonReader.PROVIDER;

    private final ShiplemonReader reader;

    public ShiplemonAdapter(CarrierTimes times) {
        this.reader = new ShiplemonReader(times);
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
    public PayloadReader reader() {
        return reader;
    }

    @Override
    public CarrierError describeError(int status, byte[] body) {
        return JsonPayload.tryParseObject(body)
                .map(root -> new CarrierError(firstText(root.field("message"), root.field("error").field("message"), root.field("error")),
                        firstText(root.field("status"), root.field("error").field("type"))))
                .orElse(CarrierError.NONE);
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
