package io.trackstream.carriers.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import io.trackstream.avro.RejectionReason;
import io.trackstream.contract.CarrierTimes;
import org.junit.jupiter.api.Test;

class JsonPayloadTest {

    private static JsonField parse(String json) {
        return JsonPayload.parseObject(json.getBytes(StandardCharsets.UTF_8));
    }

    private static void assertInvalid(Runnable call, RejectionReason reason, String field) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(InvalidPayloadException.class, e -> {
            assertThat(e.reason()).isEqualTo(reason);
            assertThat(e.field()).isEqualTo(field);
        });
    }

    @Test
    void brokenJsonNamesWhereItBroke() {
        assertInvalid(() -> parse("{\"data\": {\"tracking_history\": [{\"status\": \"DELIVERED\",, }]}}"),
                RejectionReason.MALFORMED_PAYLOAD, "data.tracking_history[0].status");
        assertInvalid(() -> parse(""), RejectionReason.MALFORMED_PAYLOAD, "body");
        assertInvalid(() -> parse("\"just a string\""), RejectionReason.MALFORMED_PAYLOAD, "body");
        assertInvalid(() -> parse("{} {}"), RejectionReason.MALFORMED_PAYLOAD, "body");
    }

    @Test
    void invalidUtf8IsMalformed() {
        byte[] latin1Greek = "{\"t\": \"ΠΡΟΣ\"}".getBytes(java.nio.charset.Charset.forName("ISO-8859-7"));
        assertThatThrownBy(() -> JsonPayload.parseObject(latin1Greek)).isInstanceOfSatisfying(InvalidPayloadException.class,
                e -> assertThat(e.reason()).isEqualTo(RejectionReason.MALFORMED_PAYLOAD));
    }

    @Test
    void fieldsAreReadVerbatimAndWrongTypesNameTheirPath() {
        JsonField root = parse("{\"a\": {\"text\": \"  ΠΡΟΣ ΠΑΡΑΔΟΣΗ \", \"n\": 5, \"list\": [{\"when\": \"15/07/2024\"}], \"empty\": \"\"}}");
        JsonField a = root.field("a");

        assertThat(a.field("text").requiredText()).isEqualTo("  ΠΡΟΣ ΠΑΡΑΔΟΣΗ ");
        assertThat(a.field("empty").optionalNonBlankText()).isNull();
        assertThat(a.field("absent").optionalText()).isNull();
        assertInvalid(() -> a.field("n").optionalText(), RejectionReason.INVALID_VALUE, "a.n");
        assertInvalid(() -> a.field("text").requiredArray(), RejectionReason.INVALID_VALUE, "a.text");
        assertInvalid(() -> a.field("absent").requiredText(), RejectionReason.MISSING_FIELD, "a.absent");
        assertInvalid(() -> a.field("empty").requiredText(), RejectionReason.MISSING_FIELD, "a.empty");
        assertInvalid(() -> a.field("list").requiredArray().get(0).field("when").requiredTime(CarrierTimes.defaults(), "acs"), RejectionReason.INVALID_VALUE, "a.list[0].when");
    }

    @Test
    void timesAreReadInTheCarriersZoneWhenTheyHaveNoOffset() {
        JsonField root = parse("{\"utc\": \"2024-07-15T10:02:00.000Z\", \"offset\": \"2024-07-15T13:02:00+03:00\","
                + " \"local\": \"2024-07-15T13:02:00\", \"date\": \"2024-07-15\", \"greek\": \"χθες\"}");
        CarrierTimes times = CarrierTimes.defaults();

        assertThat(root.field("utc").requiredTime(times, "elta")).isEqualTo("2024-07-15T10:02:00Z");
        assertThat(root.field("offset").requiredTime(times, "ups")).isEqualTo("2024-07-15T10:02:00Z");
        // elta is in Athens (UTC+3 in July); a carrier the table does not name is read as UTC
        assertThat(root.field("local").requiredTime(times, "elta")).isEqualTo("2024-07-15T10:02:00Z");
        assertThat(root.field("local").requiredTime(times, "ups")).isEqualTo("2024-07-15T13:02:00Z");
        assertThat(root.field("date").requiredTime(times, "acs")).isEqualTo("2024-07-14T21:00:00Z");
        assertInvalid(() -> root.field("greek").requiredTime(times, "elta"), RejectionReason.INVALID_VALUE, "greek");
        assertThat(root.field("absent").optionalTime(times, "elta")).isNull();
    }

    @Test
    void detailValuesAreReadAsTextWhateverTheirScalarType() {
        JsonField root = parse("{\"days\": 6, \"flag\": true, \"blank\": \" \", \"obj\": {}, \"text\": \"ELTA\"}");

        assertThat(root.field("days").optionalScalarText()).isEqualTo("6");
        assertThat(root.field("flag").optionalScalarText()).isEqualTo("true");
        assertThat(root.field("blank").optionalScalarText()).isNull();
        assertThat(root.field("obj").optionalScalarText()).isNull();
        assertThat(JsonField.firstText(root.field("absent"), root.field("blank"), root.field("text"))).isEqualTo("ELTA");
    }

    @Test
    void anErrorBodyIsReadOnlyIfItIsAJsonObject() {
        assertThat(JsonPayload.tryParseObject("{\"message\": \"Invalid API key\"}".getBytes(StandardCharsets.UTF_8)))
                .hasValueSatisfying(root -> assertThat(root.field("message").optionalScalarText()).isEqualTo("Invalid API key"));
        assertThat(JsonPayload.tryParseObject("<html>502</html>".getBytes(StandardCharsets.UTF_8))).isEmpty();
        assertThat(JsonPayload.tryParseObject(new byte[0])).isEmpty();
        assertThat(JsonPayload.tryParseObject("[1]".getBytes(StandardCharsets.UTF_8))).isEmpty();
    }
}
