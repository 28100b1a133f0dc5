package io.trackstream.pollers.carrier;

import java.net.http.HttpRequest;

import io.trackstream.carriers.PayloadReader;
import io.trackstream.pollers.config.PollersProperties.Account;

/**
 * What differs between provider APIs: how a tracking request is addressed and authenticated, which reader its answer
 * goes to (the one webhook-ingest uses for the same provider, in carriers), and how its error bodies read. Sending,
 * timeouts, limits and back-off are common ({@link CarrierHttp}, {@code resilience.CarrierClient}).
 */
public interface CarrierAdapter {

    /** The provider id of the events it produces and of the poll targets it serves: its reader's (shiplemon, salesive, courier-sync). */
    default String provider() {
        return reader().provider();
    }

    /** The cron of its schedule when configuration gives none (Spring's six-field CronExpression). */
    String defaultSchedule();

    /** The request for one poll, with method, URI and credentials, but without timeout (set by the caller). */
    HttpRequest.Builder request(PollRequest request, Account account);

    /** Reads a successful answer. */
    PayloadReader reader();

    /** What an error answer's body says. */
    CarrierError describeError(int status, byte[] body);
}
