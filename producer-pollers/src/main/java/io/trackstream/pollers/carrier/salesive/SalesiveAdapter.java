package io.trackstream.pollers.carrier.salesive;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;

import io.trackstream.carriers.PayloadReader;
import io.trackstream.carriers.json.JsonPayload;
import io.trackstream.carriers.salesive.SalesiveReader;
import io.trackstream.contract.CarrierTimes;
import io.trackstream.pollers.carrier.CarrierAdapter;
import io.trackstream.pollers.carrier.CarrierError;
import io.trackstream.pollers.carrier.PollRequest;
import io.trackstream.pollers.config.PollersProperties.Account;
import org.springframework.stereotype.Component;

/**
 * Salesive's {@code GET /shipping/shipments/sync?orderId=} (bearer {@code app_} token, answers in the
 * {status, success, message, data} envelope), read by {@link SalesiveReader}.
 */
@Component
public class SalesiveAdapter implements CarrierAdapter {

    public static final String PROVIDER = SalesiveReader.PROVIDER;

    private final SalesiveReader reader;

    public SalesiveAdapter(CarrierTimes times) {
        this.reader = new SalesiveReader(times);
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
    public PayloadReader reader() {
        return reader;
    }

    @Override
    public CarrierError describeError(int status, byte[] body) {
        return JsonPayload.tryParseObject(body)
                .map(root -> new CarrierError(root.field("message").optionalScalarText(), root.field("type").optionalScalarText()))
                .orElse(CarrierError.NONE);
    }
}
