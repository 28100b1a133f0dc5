package io.trackstream.ingest.registration;

import java.time.Clock;
import java.util.List;

import io.trackstream.avro.ShipmentRegistration;
import io.trackstream.contract.ParcelKey;
import io.trackstream.ingest.payload.BadRequests;
import io.trackstream.ingest.payload.JsonContentType;
import io.trackstream.ingest.config.IngestProperties;
import io.trackstream.ingest.metrics.IngestMetrics;
import io.trackstream.carriers.json.InvalidPayloadException;
import io.trackstream.carriers.json.JsonPayload;
import io.trackstream.ingest.publish.Deadline;
import io.trackstream.ingest.publish.DurablePublisher;
import io.trackstream.ingest.publish.PublishFailedException;
import io.trackstream.topics.TopicNames;
import io.trackstream.web.ApiException;
import io.trackstream.web.security.Caller;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;

/**
 * Registers (or re-registers) a shipment: one {@link ShipmentRegistration} on the registrations topic, keyed by
 * shipment id, acknowledged by Kafka before the caller hears 202. Sending the same registration again writes the
 * same content under the same key again, so repeating a request is always safe.
 */
public class ShipmentRegistrations {

    public static final String ENDPOINT = "registration";

    private static final Logger log = LoggerFactory.getLogger(ShipmentRegistrations.class);

    private final DurablePublisher publisher;
    private final TopicNames topics;
    private final IngestProperties properties;
    private final IngestMetrics metrics;
    private final Clock clock;

    public ShipmentRegistrations(DurablePublisher publisher, TopicNames topics, IngestProperties properties,
            IngestMetrics metrics, Clock clock) {
        this.publisher = publisher;
        this.topics = topics;
        this.properties = properties;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * @param pathShipmentId the id of {@code PUT /shipments/{id}}, null for {@code POST /shipments}
     * @param contentType    the request's Content-Type, which must be JSON in UTF-8
     * @param body           the request body as sent
     */
    public RegistrationAccepted register(Caller caller, String pathShipmentId, String contentType, byte[] body) {
        try {
            RegistrationAccepted accepted = publish(caller, pathShipmentId, contentType, body == null ? new byte[0] : body);
            metrics.request(ENDPOINT, IngestMetrics.outcomeOf(HttpStatus.ACCEPTED.value()));
            return accepted;
        } catch (ApiException e) {
            metrics.request(ENDPOINT, IngestMetrics.outcomeOf(e.status().value()));
            metrics.rejection(ENDPOINT, e.type());
            throw e;
        }
    }

    private RegistrationAccepted publish(Caller caller, String pathShipmentId, String contentType, byte[] body) {
        Deadline deadline = Deadline.in(properties.requestTimeout());
        JsonContentType.require(contentType);
        ShipmentRegistrationRequest registration;
        try {
            registration = RegistrationReader.read(JsonPayload.parseObject(body), pathShipmentId);
        } catch (InvalidPayloadException invalid) {
            throw BadRequests.of(invalid);
        }
        ShipmentRegistration record = RegistrationConverter.toAvro(caller, registration, clock.instant());
        try {
            publisher.publish("registrations", List.of(new ProducerRecord<>(topics.registrations(), record.getShipmentId(), record)),
                    deadline);
        } catch (PublishFailedException e) {
            log.warn("Registration of shipment {} not acknowledged by Kafka, answering 503: {}", record.getShipmentId(), e.getMessage());
            throw ApiException.unavailable("broker_unavailable",
                    "The registration could not be stored right now; send it again later",
                    Math.max(1, properties.publish().retryAfter().toSeconds()));
        }
        List<String> parcelKeys = registration.parcels().stream()
                .map(p -> ParcelKey.of(p.carrier() == null ? registration.carrier() : p.carrier(), p.trackingNumber()).toString())
                .toList();
        return new RegistrationAccepted(record.getShipmentId(), caller.tenant(), record.getOrderId(), record.getProvider(),
                record.getPolled(), parcelKeys);
    }
}
