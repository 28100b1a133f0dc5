package io.trackstream.notifier.outcome;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which error answers are retried: 408, 409, 429 and 5xx; every other 4xx (and a refused redirect) is final. */
class CallOutcomeTest {

    @ParameterizedTest
    @CsvSource({
            "400, REJECTED, false",
            "401, UNAUTHORIZED, false",
            "403, CLIENT_ERROR, false",
            "404, CLIENT_ERROR, false",
            "409, CONFLICT, true",
            "422, CLIENT_ERROR, false",
            "302, CLIENT_ERROR, false",
            "408, THROTTLED, true",
            "429, THROTTLED, true",
            "500, SERVER_ERROR, true",
            "502, SERVER_ERROR, true",
            "503, SERVER_ERROR, true",
            "504, SERVER_ERROR, true"})
    void errorStatus(int status, CallOutcome outcome, boolean retryable) {
        assertThat(CallOutcome.ofErrorStatus(status)).isEqualTo(outcome);
        assertThat(CallOutcome.ofErrorStatus(status).retryable()).isEqualTo(retryable);
    }
}
