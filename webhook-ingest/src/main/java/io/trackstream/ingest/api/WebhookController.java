package io.trackstream.ingest.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.trackstream.carriers.PayloadReader;
import io.trackstream.carriers.carriyo.CarriyoReader;
import io.trackstream.carriers.couriersync.CourierSyncReader;
import io.trackstream.carriers.generic.GenericReader;
import io.trackstream.carriers.shiplemon.ShiplemonReader;
import io.trackstream.contract.CarrierTimes;
import io.trackstream.carriers.webhook.WebhookSigner;
import io.trackstream.ingest.webhook.ReceivedWebhook;
import io.trackstream.ingest.webhook.WebhookAccepted;
import io.trackstream.ingest.webhook.WebhookIngestion;
import io.trackstream.web.ApiError;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * One endpoint per webhook format. The body arrives as the exact bytes sent ({@code byte[]}: the signature covers
 * exactly those bytes, and the raw events keep them), JSON only; its size is bounded before it is read
 * (BodySizeLimitFilter). The OpenAPI annotations describe the JSON expected.
 */
@RestController
@RequestMapping("/webhooks")
@Tag(name = "Carrier webhooks", description = "Signed carrier webhooks. 202 means every tracking entry is durable in Kafka; "
        + "anything else means: send it again (401/4xx after fixing it).")
public class WebhookController {

    private final WebhookIngestion ingestion;
    private final ShiplemonReader shiplemon;
    private final CourierSyncReader courierSync;
    private final CarriyoReader carriyo;
    private final GenericReader generic;

    public WebhookController(WebhookIngestion ingestion, CarrierTimes times) {
        this.ingestion = ingestion;
        this.shiplemon = new ShiplemonReader(times);
        this.courierSync = new CourierSyncReader(times);
        this.carriyo = new CarriyoReader(times);
        this.generic = new GenericReader(times);
    }

    @PostMapping(path = "/shiplemon", consumes = {MediaType.APPLICATION_JSON_VALUE, "application/*+json"})
    @SignedWebhook
    @Operation(summary = "Shiplemon shipment tracking",
            description = "The Shiplemon tracking payload (as in its PUT /v1/shipments/:id/tracking, with or without the "
                    + "{status, data} envelope), always with the whole tracking_history. Carrier from driver (else carrier.code), "
                    + "parcel from tracking_ref; every tracking_history entry (status, status_exact, status_date, status_details) "
                    + "becomes one raw event; tracking_url, label_url and child_vouchers are kept.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
                    mediaType = "application/json", examples = @ExampleObject(name = "shiplemon", value = WebhookExamples.SHIPLEMON))))
    public ResponseEntity<io.trackstream.web.ApiResponse<WebhookAccepted>> shiplemon(@RequestBody(required = false) byte[] body,
            @Parameter(hidden = true) WebhookHeaders headers) {
        return receive(shiplemon, body, headers);
    }

    @PostMapping(path = "/courier-sync", consumes = {MediaType.APPLICATION_JSON_VALUE, "application/*+json"})
    @SignedWebhook
    @Operation(summary = "courier-sync (AfterShip-style) tracking webhook",
            description = "msg.slug is the carrier, msg.tracking_number the parcel; each msg.checkpoints[] entry (checkpoint_time, "
                    + "tag, subtag, message, location, city, zip, country_iso2) becomes one raw event; without checkpoints, one "
                    + "event from msg.tag/subtag at msg.updated_at. msg.expected_delivery and msg.id are kept.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
                    mediaType = "application/json", examples = @ExampleObject(name = "courier-sync", value = WebhookExamples.COURIER_SYNC))))
    public ResponseEntity<io.trackstream.web.ApiResponse<WebhookAccepted>> courierSync(@RequestBody(required = false) byte[] body,
            @Parameter(hidden = true) WebhookHeaders headers) {
        return receive(courierSync, body, headers);
    }

    @PostMapping(path = "/carriyo", consumes = {MediaType.APPLICATION_JSON_VALUE, "application/*+json"})
    @SignedWebhook
    @Operation(summary = "Carriyo shipment webhook",
            description = "The Carriyo shipment object: one raw event with post_shipping_info.status as the code, carrier_status and "
                    + "carrier_status_description as substatus and text, at post_shipping_info.update_date. Carrier from "
                    + "carrier_account.carrier (else carrier), parcel from post_shipping_info.tracking_no; "
                    + "references.partner_order_reference is kept as an attribute.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
                    mediaType = "application/json", examples = @ExampleObject(name = "carriyo", value = WebhookExamples.CARRIYO))))
    public ResponseEntity<io.trackstream.web.ApiResponse<WebhookAccepted>> carriyo(@RequestBody(required = false) byte[] body,
            @Parameter(hidden = true) WebhookHeaders headers) {
        return receive(carriyo, body, headers);
    }

    @PostMapping(path = "/generic", consumes = {MediaType.APPLICATION_JSON_VALUE, "application/*+json"})
    @SignedWebhook
    @Operation(summary = "Generic tracking webhook (carriers without an adapter)",
            description = "trackstream's own format: carrier, trackingNumber, optional carrierName, providerReference, trackingUrl, "
                    + "labelUrl, expectedDelivery, deliveredAt, attributes, childParcels, and events[] of {code, substatus, text, time, "
                    + "location} where location is an object {description, city, postalCode, countryCode} or a string.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
                    mediaType = "application/json", examples = @ExampleObject(name = "generic", value = WebhookExamples.GENERIC))))
    public ResponseEntity<io.trackstream.web.ApiResponse<WebhookAccepted>> generic(@RequestBody(required = false) byte[] body,
            @Parameter(hidden = true) WebhookHeaders headers) {
        return receive(generic, body, headers);
    }

    private ResponseEntity<io.trackstream.web.ApiResponse<WebhookAccepted>> receive(PayloadReader reader, byte[] body,
            WebhookHeaders headers) {
        return accepted(ingestion.receive(reader, new ReceivedWebhook(headers.contentType(), body, headers.timestamp(),
                headers.signature())));
    }

    private static ResponseEntity<io.trackstream.web.ApiResponse<WebhookAccepted>> accepted(WebhookAccepted accepted) {
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(io.trackstream.web.ApiResponse.of(HttpStatus.ACCEPTED.value(),
                "Accepted " + accepted.events() + " tracking event(s) for " + accepted.parcelKey(), accepted));
    }

    /** The headers and error answers every signed webhook endpoint shares, for the OpenAPI document. */
    @Target(ElementType.METHOD)
    @Retention(RetentionPolicy.RUNTIME)
    @Parameter(name = WebhookSigner.TIMESTAMP_HEADER, in = ParameterIn.HEADER, required = true,
            description = "Epoch seconds when the request was signed; must be within the replay window (default 5 minutes)")
    @Parameter(name = WebhookSigner.SIGNATURE_HEADER, in = ParameterIn.HEADER, required = true,
            description = "sha256=<hex HMAC-SHA256(provider secret, timestamp + \".\" + raw body)>")
    @ApiResponse(responseCode = "202", description = "Every tracking entry is durable in tracking.raw.v1")
    @ApiResponse(responseCode = "400", description = "Malformed JSON, missing field, wrong type or unparseable date (field named); "
            + "the payload is kept in tracking.raw.rejected.v1", content = @Content(schema = @Schema(implementation = ApiError.class)))
    @ApiResponse(responseCode = "401", description = "Signature missing, invalid, expired or replayed",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    @ApiResponse(responseCode = "413", description = "Body over the limit", content = @Content(schema = @Schema(implementation = ApiError.class)))
    @ApiResponse(responseCode = "415", description = "Not application/json in UTF-8", content = @Content(schema = @Schema(implementation = ApiError.class)))
    @ApiResponse(responseCode = "503", description = "Kafka did not acknowledge in time; retry after Retry-After seconds",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    @interface SignedWebhook {
    }
}
