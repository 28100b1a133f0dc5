package io.trackstream.local.summary;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

import io.trackstream.local.apps.App;
import io.trackstream.testkit.carrier.CarrierSandbox;
import io.trackstream.testkit.carrier.DemoScenario;
import io.trackstream.testkit.carrier.DemoShipment;
import io.trackstream.testkit.carrier.WebhookSandbox;
import io.trackstream.testkit.ordersystem.CarriyoOrder;
import io.trackstream.testkit.ordersystem.OrderSystemSandbox;
import io.trackstream.testkit.ordersystem.SandboxSummary;

/**
 * Gathers a {@link StackSummary}: the apps' own metrics (scraped from {@code /actuator/prometheus}, as Prometheus
 * would), the shipments table as a consumer of shipments.v1 sees it, and what the sandboxes saw.
 */
public final class SummaryCollector {

    private final Map<App, URI> prometheusUrls;
    private final ShipmentBoard board;
    private final DemoScenario scenario;
    private final CarrierSandbox carriers;
    private final OrderSystemSandbox orders;
    private final Supplier<WebhookSandbox> webhooks;
    private final IntSupplier registered;
    private final Instant started;
    private final Clock clock;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    /**
     * @param prometheusUrls the apps to scrape (none in the sandboxes-only mode)
     * @param board          null when there is no broker to read
     */
    public SummaryCollector(Map<App, URI> prometheusUrls, ShipmentBoard board, DemoScenario scenario, CarrierSandbox carriers,
            OrderSystemSandbox orders, Supplier<WebhookSandbox> webhooks, IntSupplier registered, Clock clock) {
        this.prometheusUrls = Map.copyOf(prometheusUrls);
        this.board = board;
        this.scenario = scenario;
        this.carriers = carriers;
        this.orders = orders;
        this.webhooks = webhooks;
        this.registered = registered;
        this.clock = clock;
        this.started = clock.instant();
    }

    public StackSummary collect() {
        List<PrometheusText.Sample> processor = scrape(App.PROCESSOR);
        List<PrometheusText.Sample> pollers = scrape(App.PRODUCER_POLLERS);
        List<PrometheusText.Sample> notifier = scrape(App.ORDER_NOTIFIER);
        SandboxSummary orderSummary = orders.summary();
        List<CarriyoOrder> carriyo = orderSummary.carriyoOrders();
        WebhookSandbox sender = webhooks.get();
        return new StackSummary(
                Duration.between(started, clock.instant()),
                registered.getAsInt(),
                board == null ? null : board.countsByStatus(),
                processor == null ? null : PrometheusText.sumBy(processor, "trackstream_processor_events_in_total", "source"),
                processor == null ? null : PrometheusText.sum(processor, "trackstream_processor_events_duplicates_total"),
                processor == null ? null : PrometheusText.sum(processor, "trackstream_processor_events_unmapped_total"),
                processor == null ? null : PrometheusText.sum(processor, "trackstream_processor_events_rejected_total"),
                pollers == null ? null : PrometheusText.sumBy(pollers, "trackstream_pollers_polls_total", "outcome"),
                carriers.requests(),
                carriers.throttled(),
                sender == null ? null : sender.counts(),
                (int) carriyo.stream().filter(CarriyoOrder::closed).count(),
                (int) scenario.shipments().stream().filter(DemoShipment::autoClosable).count(),
                (int) carriyo.stream().filter(o -> o.timesClosed() > 1).count(),
                orderSummary.shopUpdatesAppliedByOrder().values().stream().mapToInt(Integer::intValue).sum(),
                notifier == null ? null : PrometheusText.sum(notifier, "trackstream_notifier_dead_letters_total"));
    }

    /** The app's samples, or null when it is not part of this run or did not answer. */
    private List<PrometheusText.Sample> scrape(App app) {
        URI url = prometheusUrls.get(app);
        if (url == null) {
            return null;
        }
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(3)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? PrometheusText.parse(response.body()) : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
