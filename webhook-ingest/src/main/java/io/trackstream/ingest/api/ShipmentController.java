package io.trackstream.ingest.api;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.trackstream.ingest.registration.RegistrationAccepted;
import io.trackstream.ingest.registration.ShipmentRegistrationRequest;
import io.trackstream.ingest.registration.ShipmentRegistrations;
import io.trackstream.web.ApiError;
import io.trackstream.web.security.Caller;
import io.trackstream.web.security.RequiresScope;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Shipment registration: what the commerce system wants tracked, for the tenant its app token is bound to. */
@RestController
@RequestMapping("/shipments")
@Tag(name = "Shipment registration", description = "Register shipments to track. App token with WRITE_SHIPPING; the tenant is the token's.")
@SecurityRequirement(name = "AppToken")
public class ShipmentController {

    static final String SCOPE = "WRITE_SHIPPING";

    private final ShipmentRegistrations registrations;

    public ShipmentController(ShipmentRegistrations registrations) {
        this.registrations = registrations;
    }

    @PostMapping(consumes = {MediaType.APPLICATION_JSON_VALUE, "application/*+json"})
    @RequiresScope(SCOPE)
    @Operation(summary = "Register a shipment",
            description = "Publishes a ShipmentRegistration to shipments.registrations.v1 keyed by shipmentId, and answers 202 once Kafka "
                    + "acknowledged it. Idempotent: sending the same registration again has the same effect (202 again). "
                    + "A tenant in the body is refused: it is the one the token is bound to.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
                    mediaType = "application/json", schema = @Schema(implementation = ShipmentRegistrationRequest.class),
                    examples = @ExampleObject(name = "registration", value = WebhookExamples.REGISTRATION))))
    @ApiResponse(responseCode = "202", description = "The registration is durable")
    @ApiResponse(responseCode = "400", description = "Invalid body (field named)", content = @Content(schema = @Schema(implementation = ApiError.class)))
    @ApiResponse(responseCode = "401", description = "Missing or invalid app token", content = @Content(schema = @Schema(implementation = ApiError.class)))
    @ApiResponse(responseCode = "403", description = "Token lacks WRITE_SHIPPING", content = @Content(schema = @Schema(implementation = ApiError.class)))
    @ApiResponse(responseCode = "503", description = "Kafka unavailable; retry after Retry-After seconds",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public ResponseEntity<io.trackstream.web.ApiResponse<RegistrationAccepted>> register(@Parameter(hidden = true) Caller caller,
            @RequestBody(required = false) byte[] body,
            @Parameter(hidden = true) @RequestHeader(name = HttpHeaders.CONTENT_TYPE, required = false) String contentType) {
        return accepted(registrations.register(caller, null, contentType, body), "registered");
    }

    @PutMapping(path = "/{shipmentId}", consumes = {MediaType.APPLICATION_JSON_VALUE, "application/*+json"})
    @RequiresScope(SCOPE)
    @Operation(summary = "Update a shipment's registration",
            description = "Replaces the registration of shipmentId (same body as POST; shipmentId may be left out of the body, "
                    + "and must match the path if present). Publishes the new registration; the latest one wins.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
                    mediaType = "application/json", schema = @Schema(implementation = ShipmentRegistrationRequest.class))))
    @ApiResponse(responseCode = "202", description = "The updated registration is durable")
    @ApiResponse(responseCode = "400", description = "Invalid body (field named)", content = @Content(schema = @Schema(implementation = ApiError.class)))
    @ApiResponse(responseCode = "401", description = "Missing or invalid app token", content = @Content(schema = @Schema(implementation = ApiError.class)))
    @ApiResponse(responseCode = "403", description = "Token lacks WRITE_SHIPPING", content = @Content(schema = @Schema(implementation = ApiError.class)))
    @ApiResponse(responseCode = "503", description = "Kafka unavailable; retry after Retry-After seconds",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public ResponseEntity<io.trackstream.web.ApiResponse<RegistrationAccepted>> update(@Parameter(hidden = true) Caller caller,
            @PathVariable String shipmentId, @RequestBody(required = false) byte[] body,
            @Parameter(hidden = true) @RequestHeader(name = HttpHeaders.CONTENT_TYPE, required = false) String contentType) {
        return accepted(registrations.register(caller, shipmentId, contentType, body), "updated");
    }

    private static ResponseEntity<io.trackstream.web.ApiResponse<RegistrationAccepted>> accepted(RegistrationAccepted accepted, String verb) {
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(io.trackstream.web.ApiResponse.of(HttpStatus.ACCEPTED.value(),
                "Shipment " + accepted.shipmentId() + " " + verb, accepted));
    }
}
