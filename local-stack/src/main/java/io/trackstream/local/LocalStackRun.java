package io.trackstream.local;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.trackstream.local.LocalStackOptions.Mode;
import io.trackstream.local.apps.App;
import io.trackstream.local.apps.AppConfigs;
import io.trackstream.local.apps.AppJars;
import io.trackstream.local.apps.DemoCredentials;
import io.trackstream.local.apps.DemoSchedule;
import io.trackstream.local.apps.StackEndpoints;
import io.trackstream.local.prometheus.MonitoringCheck;
import io.trackstream.local.prometheus.PrometheusServer;
import io.trackstream.testkit.broker.BrokerKit;
import io.trackstream.testkit.broker.BrokerKitOptions;
import io.trackstream.testkit.broker.BrokerKits;
import io.trackstream.testkit.carrier.CarrierSandbox;
import io.trackstream.testkit.carrier.DemoScenario;
import io.trackstream.testkit.carrier.DemoShipment;
import io.trackstream.testkit.carrier.IngestClient;
import io.trackstream.testkit.carrier.ShipmentRegistrar;
import io.trackstream.testkit.carrier.WebhookSandbox;
import io.trackstream.local.summary.ShipmentBoard;
import io.trackstream.local.summary.StackSummary;
import io.trackstream.local.summary.SummaryCollector;
import io.trackstream.local.summary.SummaryFormatter;
import io.trackstream.testkit.ordersystem.OrderSystemSandbox;
import io.trackstream.testkit.stack.AppProcess;
import io.trackstream.topics.TopicCatalog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of the local stack, in the mode the options ask for, started in dependency order and closed in reverse:
 * <ol>
 * <li>the data folder (fresh unless {@code --keep-data}), the KRaft broker with every topic, the schema registry;</li>
 * <li>the carrier sandbox (three polled APIs) and the order-system sandbox, its order book holding the demo's orders;</li>
 * <li>the four apps as child JVMs, started together and awaited healthy;</li>
 * <li>the demo: shipments registered through webhook-ingest, their lives started, webhooks sent for the webhook-only
 * ones; a console summary every few seconds.</li>
 * </ol>
 * Closing stops the summary and the senders, then the apps (SIGTERM, SIGKILL after a timeout, all at once), the
 * sandboxes, the registry and the broker, so nothing is left running.
 */
public final class LocalStackRun implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalStackRun.class);
    /** Every n-th call to a carrier API is answered 429 with Retry-After, as real carriers do now and then. */
    static final int THROTTLE_EVERY = 7;
    static final Duration APP_HEALTH_TIMEOUT = Duration.ofMinutes(4);
    static final Duration PROMETHEUS_FIRST_SCRAPE_TIMEOUT = Duration.ofSeconds(90);
    /** How long after the demo's last step the dashboard check waits at most for every query to return a series. */
    static final Duration MONITORING_CHECK_BUDGET = Duration.ofMinutes(2);

    private final LocalStackOptions options;
    private final DemoCredentials credentials;
    private final Deque<AutoCloseable> running = new ArrayDeque<>();
    private final Map<App, AppProcess> apps = new EnumMap<>(App.class);
    private final AtomicInteger registered = new AtomicInteger();
    private Path dataDir;
    private BrokerKit broker;
    private TopicCatalog catalog;
    private DemoScenario scenario;
    private CarrierSandbox carriers;
    private OrderSystemSandbox orders;
    private IngestClient ingest;
    private volatile WebhookSandbox webhooks;
    private boolean closed;
    private ShipmentBoard board;
    private SummaryCollector collector;
    private PrometheusServer prometheus;
    private MonitoringCheck monitoring;

    private LocalStackRun(LocalStackOptions options, DemoCredentials credentials) {
        this.options = options;
        this.credentials = credentials;
    }

    /**
     * Starts everything the options ask for and returns once it runs: in the full mode, once the apps are healthy
     * and the demo shipments are registered; in the sandboxes-only mode, once the sandboxes listen (registration
     * waits for webhook-ingest in the background). On failure, what was started is stopped again.
     */
    public static LocalStackRun start(LocalStackOptions options, Map<String, String> environment) {
        return prepare(options, environment).start();
    }

    /** A run not started yet, so a shutdown hook can hold it (and {@link #close()} it) while it starts. */
    public static LocalStackRun prepare(LocalStackOptions options, Map<String, String> environment) {
        return new LocalStackRun(options, DemoCredentials.fromEnvironment(DemoScenario.TENANT, environment));
    }

    /** See {@link #start(LocalStackOptions, Map)}; if closed meanwhile (Ctrl-C), fails and leaves nothing running. */
    public LocalStackRun start() {
        try {
            startAll();
            return this;
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    private void startAll() {
        Mode mode = options.mode();
        // Never touch a running stack: take the data folder's lock and check the ports before emptying anything.
        DataDir data = mode == Mode.SANDBOXES_ONLY ? null : closeLater(DataDir.lock(options.dataDir(), options.keepData()));
        StackPorts.requireFree(StackPorts.of(options));
        if (options.prometheus()) {
            // Missing infrastructure fails before anything starts, with what to do about it.
            PrometheusServer.binary().orElseThrow(() -> new IllegalStateException("--prometheus needs a prometheus binary on the PATH:"
                    + " install Debian's prometheus package (as root: scripts/install-prometheus.sh)"));
            monitoring = MonitoringCheck.of(options.repository());
        }
        if (mode != Mode.SANDBOXES_ONLY) {
            dataDir = data.prepare();
            startBrokerAndRegistry();
            if (mode == Mode.BROKER_ONLY) {
                return;
            }
        }
        startSandboxes(mode == Mode.SANDBOXES_ONLY ? "0.0.0.0" : "127.0.0.1", mode == Mode.FULL);
        if (mode == Mode.FULL) {
            startApps();
            if (options.prometheus()) {
                startPrometheus();
            }
            ingest = closeLater(new IngestClient(URI.create(apps.get(App.WEBHOOK_INGEST).url(""))));
            board = closeLater(new ShipmentBoard(broker.bootstrapServers(), broker.schemaRegistryUrl(), shipmentsTopic()).start());
            runDemo();
        } else {
            ingest = closeLater(new IngestClient(options.ingestUrl()));
            Thread driver = new Thread(this::runDemoInBackground, "demo-driver");
            driver.setDaemon(true);
            driver.start();
        }
        Map<App, URI> scraped = new EnumMap<>(App.class);
        apps.forEach((app, process) -> scraped.put(app, URI.create(process.url("/actuator/prometheus"))));
        collector = new SummaryCollector(scraped, board, scenario, carriers, orders, () -> webhooks, registered::get, Clock.systemUTC());
    }

    /**
     * The broker kit's in-process backend whatever {@code trackstream.broker} says: the local stack keeps its broker
     * and schemas in the data folder across runs ({@code --keep-data}) and listens on the ports the user chose.
     */
    private void startBrokerAndRegistry() {
        moveEarlierLayout(dataDir);
        broker = closeLater(BrokerKits.startInProcess(BrokerKitOptions.defaults().withDataDir(dataDir)
                .withPorts(options.kafkaPort(), options.kafkaControllerPort(), options.registryPort())));
        catalog = options.partitions() > 0 ? TopicCatalog.defaults().withPartitions(options.partitions()) : TopicCatalog.defaults();
        broker.createTopics(catalog);
    }

    /** A data folder kept from before the broker kit has the broker in {@code kafka/} and the schemas in {@code schema-registry/}. */
    private static void moveEarlierLayout(Path dataDir) {
        Map<String, String> moves = Map.of("kafka", "broker", "schema-registry", "registry");
        moves.forEach((earlier, now) -> {
            Path from = dataDir.resolve(earlier);
            Path to = dataDir.resolve(now);
            if (Files.isDirectory(from) && !Files.exists(to)) {
                try {
                    Files.move(from, to);
                    log.info("Moved {} to {} (the broker kit's layout)", from, to);
                } catch (IOException e) {
                    throw new UncheckedIOException("Cannot move " + from + " to " + to, e);
                }
            }
        });
    }

    /** The shipments table's changelog topic, as topics.yml names it (the one whose values are Shipment records). */
    private String shipmentsTopic() {
        return catalog.topics().stream().filter(t -> "Shipment".equals(t.value())).findFirst()
                .orElseThrow(() -> new IllegalStateException("topics.yml has no topic of Shipment records")).name();
    }

    private void startSandboxes(String bindAddress, boolean strictCredentials) {
        scenario = DemoScenario.generate(options.shipments(), options.speed(), options.seed(), Clock.systemUTC());
        try {
            carriers = closeLater(new CarrierSandbox(scenario, bindAddress, options.carrierSandboxPort(), THROTTLE_EVERY));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the carrier sandbox on port " + options.carrierSandboxPort(), e);
        }
        orders = closeLater(OrderSystemSandbox.start(bindAddress, options.orderSandboxPort()));
        if (strictCredentials) {
            // The notifier is configured by us: anything else than these credentials is a bug worth a 401.
            orders.expectCarriyoApiKey(credentials.carriyoTenantId(), credentials.carriyoApiKey());
            orders.expectCarriyoClient(credentials.carriyoTenantId(), credentials.carriyoClientId(),
                    credentials.carriyoClientSecret());
            orders.expectShopAuthorization(credentials.shopAuthorization());
        }
        for (DemoShipment shipment : scenario.shipments()) {
            orders.addCarriyoOrder(credentials.carriyoTenantId(), shipment.partnerOrderReference(), shipment.salesChannel());
            orders.addShopOrder(shipment.shopOrderId());
        }
    }

    private void startApps() {
        StackEndpoints endpoints = new StackEndpoints(broker.bootstrapServers(), broker.schemaRegistryUrl(),
                "http://127.0.0.1:" + carriers.port(), orders.baseUrl(), dataDir);
        Path logs = dataDir.resolve("logs");
        for (App app : App.values()) {
            Path jar = AppJars.find(options.repository(), app);
            int port = options.appPort(app.portOffset());
            AppProcess process = new AppProcess(app.module(), jar, port == 0 ? freePort() : port,
                    AppConfigs.of(app, endpoints, credentials, options.speed()), logs, options.appHeap());
            apps.put(app, process);
            closeLater(process);
        }
        // All four start at once (the JVMs' start-up overlaps on the cores), then each is awaited.
        for (AppProcess process : apps.values()) {
            synchronized (this) {
                requireOpen();
                process.start();
            }
        }
        for (AppProcess process : apps.values()) {
            process.awaitHealthy(APP_HEALTH_TIMEOUT);
            log.info("{} is healthy at {}", process.name(), process.url(""));
        }
    }

    /**
     * Prometheus with the compose configuration aimed at the apps here, awaited until it has scraped each: before the
     * demo starts, so counters are seen from zero (an increase is an increase, an alert on it fires).
     */
    private void startPrometheus() {
        Map<String, Integer> servicePorts = new LinkedHashMap<>();
        apps.forEach((app, process) -> servicePorts.put(app.module(), process.port()));
        int port = options.prometheusPort() == 0 ? freePort() : options.prometheusPort();
        prometheus = closeLater(PrometheusServer.start(options.repository(), dataDir.resolve("prometheus"), port, servicePorts,
                dataDir.resolve("logs").resolve("prometheus.log")));
        prometheus.awaitEveryTargetUp(PROMETHEUS_FIRST_SCRAPE_TIMEOUT);
        log.info("Prometheus at {} has scraped every app", prometheus.url(""));
    }

    /** Registers the demo shipments, starts their lives and the webhooks. */
    private void runDemo() {
        int accepted = new ShipmentRegistrar(ingest, credentials.ingestToken()).registerAll(scenario.shipments());
        registered.set(accepted);
        if (accepted < scenario.shipments().size()) {
            return; // closed while waiting
        }
        scenario.begin();
        webhooks = closeLater(new WebhookSandbox(scenario, ingest, credentials.webhookSecrets(), Clock.systemUTC()).start());
        log.info("Registered {} demo shipments at {}; their lives have begun", accepted, ingest.baseUrl());
    }

    private void runDemoInBackground() {
        try {
            runDemo();
        } catch (RuntimeException e) {
            log.error("The demo stopped: {}", e.getMessage());
        }
    }

    /** Prints a summary every {@code --summary-interval} until closed. */
    public void printSummaries(PrintStream out) {
        Duration interval = options.summaryInterval();
        if (collector == null || interval.isZero()) {
            return;
        }
        ScheduledExecutorService printer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "console-summary");
            t.setDaemon(true);
            return t;
        });
        closeLater(printer::shutdownNow);
        printer.scheduleWithFixedDelay(() -> {
            try {
                SummaryFormatter.lines(collector.collect()).forEach(out::println);
            } catch (RuntimeException e) {
                out.println("(summary not available: " + e + ")");
            }
        }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * With {@code --prometheus}: once the demo's shipments have lived their lives (and their last events went through),
     * evaluates every dashboard query and alert expression, every few seconds until each returns a series or the
     * budget is spent, and prints one line per query (OK, EMPTY or ERROR).
     */
    public void printMonitoringCheck(PrintStream out) {
        if (prometheus == null) {
            return;
        }
        ScheduledExecutorService checker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "monitoring-check");
            t.setDaemon(true);
            return t;
        });
        closeLater(checker::shutdownNow);
        Duration firstTry = scenario.realLifetime().plusSeconds(30);
        long deadline = System.nanoTime() + firstTry.plus(MONITORING_CHECK_BUDGET).toNanos();
        checker.scheduleWithFixedDelay(() -> {
            List<MonitoringCheck.Outcome> outcomes = monitoring.evaluate(prometheus);
            // The demo need not make an alert fire: the Firing alerts panel may stay empty without anything wrong.
            boolean allAnswered = MonitoringCheck.failuresWhileNoAlertFires(outcomes).isEmpty();
            if (allAnswered || System.nanoTime() > deadline) {
                out.println("Dashboard and alert queries on Prometheus " + prometheus.url("") + ":");
                out.println(MonitoringCheck.report(outcomes));
                if (!allAnswered) {
                    out.println("EMPTY: no series (a metric or label no app exports, or a misused function); ERROR: Prometheus refused it.");
                }
                checker.shutdown();
            }
        }, firstTry.toMillis(), 5000, TimeUnit.MILLISECONDS);
    }

    /** What runs, and where: printed once at start. */
    public void printBanner(PrintStream out) {
        out.println();
        if (options.mode() == Mode.SANDBOXES_ONLY) {
            printSandboxesBanner(out);
            return;
        }
        out.printf("trackstream local stack is up (data in %s, %s).%n", dataDir,
                options.keepData() ? "kept from earlier runs" : "fresh: emptied at start");
        out.printf("  Kafka            %s  (%d topics, e.g. %s)%n", broker.bootstrapServers(), catalog.topics().size(), catalog.topics().get(0).name());
        out.printf("  Schema Registry  %s/subjects%n", broker.schemaRegistryUrl());
        if (options.mode() == Mode.BROKER_ONLY) {
            out.println("Press Ctrl-C to stop.");
            return;
        }
        AppProcess processor = apps.get(App.PROCESSOR);
        String first = scenario.shipments().get(0).shipmentId();
        out.printf("  Read API         curl -s -H 'Authorization: Bearer %s' %s%n", credentials.readToken(), processor.url("/v1/shipments/" + first));
        out.printf("                   curl -s -H 'Authorization: Bearer %s' '%s'%n", credentials.readToken(),
                processor.url("/v1/shipments?orderId=" + scenario.shipments().get(0).orderId()));
        out.printf("  Sync API         curl -s -X POST -H 'Authorization: Bearer %s' %s%n", credentials.readToken(),
                apps.get(App.PRODUCER_POLLERS).url("/shipments/" + first + "/sync"));
        out.printf("  Health           curl -s -H 'Authorization: Bearer %s' %s  (status only without the token)%n",
                credentials.operatorToken(), processor.url("/actuator/health/readiness"));
        out.println("  Apps             OpenAPI                                   metrics                                        log");
        for (App app : App.values()) {
            AppProcess p = apps.get(app);
            out.printf("    %-16s %-41s %-46s %s%n", app.module(), p.url("/v3/api-docs"), p.url("/actuator/prometheus"), p.logFile());
        }
        out.printf("  Carrier APIs     %s/{shiplemon,salesive,courier-sync}  (every %d-th call answered 429)%n",
                "http://127.0.0.1:" + carriers.port(), THROTTLE_EVERY);
        out.printf("  Order systems    %s/sandbox/summary%n", orders.baseUrl());
        if (prometheus != null) {
            out.printf("  Prometheus       %s  (alerts: %s; logs/prometheus.log); every dashboard and alert query is checked"
                    + " once the demo is over, in about %s%n", prometheus.url("/graph"), prometheus.url("/alerts"),
                    human(scenario.realLifetime().plusSeconds(30)));
        }
        out.printf("  Demo             %d shipments (tenant %s), speed %sx: every life takes about %s; polls every %s%n",
                scenario.shipments().size(), DemoScenario.TENANT, speedText(), human(scenario.realLifetime()), pollPace());
        out.println("Summary every " + human(options.summaryInterval()) + "; press Ctrl-C to stop everything.");
    }

    private void printSandboxesBanner(PrintStream out) {
        out.printf("trackstream sandboxes are up (listening on all interfaces).%n");
        out.printf("  Carrier APIs     :%d/shiplemon (x-api-key %s), /salesive (Bearer %s), /courier-sync (basic %s:%s)%n",
                carriers.port(), credentials.shiplemonApiKey(), credentials.salesiveToken(), credentials.courierSyncUsername(),
                credentials.courierSyncPassword());
        out.printf("  Order systems    :%d (Carriyo tenant-id %s, any x-api-key, a bearer token from %s for any client; "
                + "shop platform, any Authorization); GET /sandbox/summary%n",
                orders.port(), credentials.carriyoTenantId(), OrderSystemSandbox.CARRIYO_TOKEN_PATH);
        out.printf("  Demo             %d shipments of tenant %s, speed %sx; registering at %s/shipments, then signed webhooks%n",
                scenario.shipments().size(), DemoScenario.TENANT, speedText(), options.ingestUrl());
        out.printf("  Poll schedules   shiplemon '%s', salesive '%s', courier-sync '%s' (compressed by the speed)%n",
                DemoSchedule.shiplemon(options.speed()).cron(), DemoSchedule.salesive(options.speed()).cron(),
                DemoSchedule.courierSync(options.speed()).cron());
        out.println("Press Ctrl-C to stop.");
    }

    private String speedText() {
        double speed = options.speed();
        return speed == Math.rint(speed) ? String.valueOf((long) speed) : String.valueOf(speed);
    }

    private String pollPace() {
        return "'" + DemoSchedule.shiplemon(options.speed()).cron() + "' (Shiplemon), '" + DemoSchedule.salesive(options.speed()).cron()
                + "' (the others)";
    }

    static String human(Duration d) {
        long s = d.toSeconds();
        if (s < 60) {
            return d.toMillis() < 1000 ? d.toMillis() + " ms" : s + " s";
        }
        return s / 60 + " min" + (s % 60 == 0 ? "" : " " + s % 60 + " s");
    }

    // What tests and the console read.

    public StackSummary summary() {
        return collector.collect();
    }

    public URI appUrl(App app, String path) {
        return URI.create(apps.get(app).url(path));
    }

    public Path appLog(App app) {
        return apps.get(app).logFile();
    }

    public DemoScenario scenario() {
        return scenario;
    }

    public OrderSystemSandbox orders() {
        return orders;
    }

    public CarrierSandbox carriers() {
        return carriers;
    }

    public DemoCredentials credentials() {
        return credentials;
    }

    public int registered() {
        return registered.get();
    }

    public WebhookSandbox webhooks() {
        return webhooks;
    }

    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    /** The Prometheus of {@code --prometheus}, if asked for. */
    public Optional<PrometheusServer> prometheus() {
        return Optional.ofNullable(prometheus);
    }

    /** The dashboard's and the alert rules' queries, with {@code --prometheus}. */
    public MonitoringCheck monitoringCheck() {
        return monitoring;
    }

    public String schemaRegistryUrl() {
        return broker.schemaRegistryUrl();
    }

    /** Remembers a started resource for {@link #close()}; closes it at once if the run was closed meanwhile. */
    private synchronized <T extends AutoCloseable> T closeLater(T resource) {
        if (closed) {
            try {
                resource.close();
            } catch (Exception e) {
                log.warn("Stopping {} failed: {}", resource.getClass().getSimpleName(), e.toString());
            }
            requireOpen();
        }
        running.push(resource);
        return resource;
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("The local stack was stopped while it started");
        }
    }

    /** Stops everything started, newest first; the apps all at once (each: SIGTERM, then SIGKILL after a timeout). */
    @Override
    public void close() {
        IngestClient client;
        synchronized (this) {
            closed = true;
            client = ingest;
        }
        if (client != null) {
            client.close(); // ends any wait for webhook-ingest before the senders are stopped
        }
        closeAll();
    }

    private synchronized void closeAll() {
        boolean appsStopped = false;
        while (!running.isEmpty()) {
            AutoCloseable resource = running.pop();
            if (resource instanceof AppProcess) {
                if (!appsStopped) {
                    AppProcess.closeAll(apps.values());
                    appsStopped = true;
                }
                continue;
            }
            try {
                resource.close();
            } catch (Exception e) {
                log.warn("Stopping {} failed: {}", resource.getClass().getSimpleName(), e.toString());
            }
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
