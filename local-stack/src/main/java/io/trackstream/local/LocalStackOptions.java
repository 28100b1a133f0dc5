package io.trackstream.local;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;

/**
 * What the local stack is asked to do, from the command line ({@link #USAGE}). Ports left at their defaults follow
 * {@code --base-port}: the apps take base..base+3 (processor, producer-pollers, webhook-ingest, order-notifier, the
 * order of docs/conventions.md), the schema registry base+4, the carrier sandbox base+9 and the order-system sandbox
 * base+10 (8090 and 8091 with the default base). {@code --base-port 0} takes free ports for everything (tests).
 */
public record LocalStackOptions(
        Mode mode,
        Path dataDir,
        boolean keepData,
        int kafkaPort,
        int partitions,
        double speed,
        int shipments,
        int basePort,
        int registryPort,
        int carrierSandboxPort,
        int orderSandboxPort,
        URI ingestUrl,
        Duration summaryInterval,
        String appHeap,
        Path repository,
        long seed,
        boolean prometheus,
        int prometheusPort) {

    /** What runs. */
    public enum Mode {
        /** Broker, registry, sandboxes, the four apps, the demo and the console summary. */
        FULL,
        /** Only the broker (topics created) and the schema registry. */
        BROKER_ONLY,
        /** Only the carrier and order-system sandboxes, the demo registrations and the webhooks (docker-compose). */
        SANDBOXES_ONLY,
        /** Print the usage and stop. */
        HELP
    }

    public static final int DEFAULT_BASE_PORT = 8081;
    public static final int DEFAULT_CARRIER_SANDBOX_PORT = 8090;
    public static final int DEFAULT_ORDER_SANDBOX_PORT = 8091;
    public static final int DEFAULT_PROMETHEUS_PORT = 9090;
    /** Ports not given follow the base port; -1 marks "not given". */
    private static final int DERIVED = -1;

    public static final String USAGE = """
            usage: run-local.sh [options]
              Runs trackstream on this machine: a real Kafka broker (KRaft, in-process), a schema registry, carrier and
              order-system sandboxes, the four apps as their own JVMs, and a demo whose shipments live out their lives.

              --speed X              time compression of the demo (default 60: a simulated minute per real second, so a
                                     shipment's ~3-hour life takes ~3 minutes and polls come every 30-60 s)
              --shipments N          demo shipments (default 20; any 5 in a row cover every carrier API)
              --data-dir DIR         broker data, registry, processor state and app logs (default .local-data);
                                     emptied at start unless --keep-data
              --keep-data            resume from DIR instead: topics, schemas, offsets and processor state are kept
              --base-port N          first app port (default 8081): processor N, producer-pollers N+1,
                                     webhook-ingest N+2, order-notifier N+3, schema registry N+4,
                                     carrier sandbox N+9, order-system sandbox N+10
              --kafka-port N         the broker's client port (default 9092; the controller uses N+1)
              --partitions N         partitions of every topic when created (default: as in topics.yml)
              --summary-interval S   seconds between console summaries (default 5; 0 for none)
              --broker-only          only the broker (topics created) and the schema registry
              --sandboxes-only       only the carrier and order-system sandboxes; registers the demo shipments at
                                     --ingest-url and sends them signed webhooks (for docker-compose)
              --carrier-sandbox-port N   (default base+9, 8090)
              --order-sandbox-port N     (default base+10, 8091)
              --registry-port N          (default base+4, 8085)
              --ingest-url URL       webhook-ingest for --sandboxes-only (default http://localhost:8083)
              --app-heap SIZE        -Xmx of each app JVM (default 320m)
              --repository DIR       where the apps' exec jars are built (default .: <module>/target/*-exec.jar)
              --seed N               random seed of the demo scenario (default 7)
              --prometheus           also run a real Prometheus (Debian's prometheus package; as root:
                                     scripts/install-prometheus.sh) with deploy/prometheus/prometheus.yml and
                                     alerts.yml aimed at the apps, and, once the demo is over, evaluate every query of
                                     the Grafana dashboard and every alert expression and print OK/EMPTY for each
              --prometheus-port N    (default 9090; a free port with --base-port 0)
              --help                 this text
            Environment (--sandboxes-only, and the full run for the same values):
              TRACKSTREAM_DEMO_INGEST_TOKEN            app token for POST /shipments (default app_demo-ingest-token)
              TRACKSTREAM_WEBHOOK_SECRET_<PROVIDER>    webhook HMAC secrets: COURIER_SYNC, CARRIYO, SHIPLEMON, GENERIC
                                                       (default demo-<provider>-secret)
            """;

    public static LocalStackOptions parse(String... args) {
        Mode mode = Mode.FULL;
        Path dataDir = Path.of(".local-data");
        boolean keepData = false;
        int kafkaPort = 9092;
        int partitions = 0;
        double speed = 60;
        int shipments = 20;
        int basePort = DEFAULT_BASE_PORT;
        int registryPort = DERIVED;
        int carrierPort = DERIVED;
        int orderPort = DERIVED;
        URI ingestUrl = URI.create("http://localhost:8083");
        Duration summaryInterval = Duration.ofSeconds(5);
        String appHeap = "320m";
        Path repository = Path.of(".");
        long seed = 7;
        boolean prometheus = false;
        int prometheusPort = DERIVED;
        Iterator<String> it = Arrays.asList(args).iterator();
        while (it.hasNext()) {
            String arg = it.next();
            switch (arg) {
                case "--data-dir" -> dataDir = Path.of(value(it, arg));
                case "--keep-data" -> keepData = true;
                case "--kafka-port" -> kafkaPort = port(value(it, arg), arg);
                case "--partitions" -> partitions = number(value(it, arg), arg, 0, 1000);
                case "--speed" -> speed = decimal(value(it, arg), arg);
                case "--shipments" -> shipments = number(value(it, arg), arg, 1, 100_000);
                case "--base-port" -> basePort = number(value(it, arg), arg, 0, 65535 - 10);
                case "--registry-port" -> registryPort = port(value(it, arg), arg);
                case "--carrier-sandbox-port" -> carrierPort = port(value(it, arg), arg);
                case "--order-sandbox-port" -> orderPort = port(value(it, arg), arg);
                case "--ingest-url" -> ingestUrl = url(value(it, arg), arg);
                case "--summary-interval" -> summaryInterval = Duration.ofMillis((long) (decimal0(value(it, arg), arg) * 1000));
                case "--app-heap" -> appHeap = heap(value(it, arg), arg);
                case "--repository" -> repository = Path.of(value(it, arg));
                case "--seed" -> seed = number(value(it, arg), arg, 0, Integer.MAX_VALUE);
                case "--prometheus" -> prometheus = true;
                case "--prometheus-port" -> prometheusPort = port(value(it, arg), arg);
                case "--broker-only" -> mode = exclusive(mode, Mode.BROKER_ONLY);
                case "--sandboxes-only" -> mode = exclusive(mode, Mode.SANDBOXES_ONLY);
                case "--help", "-h" -> mode = Mode.HELP;
                default -> throw new IllegalArgumentException("Unknown option " + arg + "\n" + USAGE);
            }
            if (mode == Mode.HELP) {
                break;
            }
        }
        boolean sandboxesOnly = mode == Mode.SANDBOXES_ONLY;
        if (prometheus && (mode == Mode.BROKER_ONLY || sandboxesOnly)) {
            throw new IllegalArgumentException("--prometheus scrapes the apps: it needs the full run, not --broker-only or --sandboxes-only\n" + USAGE);
        }
        return new LocalStackOptions(mode, dataDir, keepData, kafkaPort, partitions, speed, shipments, basePort,
                derived(registryPort, basePort, 4, DERIVED),
                derived(carrierPort, basePort, 9, sandboxesOnly ? DEFAULT_CARRIER_SANDBOX_PORT : DERIVED),
                derived(orderPort, basePort, 10, sandboxesOnly ? DEFAULT_ORDER_SANDBOX_PORT : DERIVED),
                ingestUrl, summaryInterval, appHeap, repository, seed, prometheus,
                prometheusPort != DERIVED ? prometheusPort : basePort == 0 ? 0 : DEFAULT_PROMETHEUS_PORT);
    }

    /** The port of an app: its offset from the base port, or 0 (any free port) when the base is 0. */
    public int appPort(int offset) {
        return basePort == 0 ? 0 : basePort + offset;
    }

    /** The controller port of the broker; next to the client port so a kept data folder finds its quorum again. */
    public int kafkaControllerPort() {
        return kafkaPort == 0 ? 0 : kafkaPort + 1;
    }

    private static int derived(int given, int basePort, int offset, int sandboxDefault) {
        if (given != DERIVED) {
            return given;
        }
        if (sandboxDefault != DERIVED) {
            return sandboxDefault;
        }
        return basePort == 0 ? 0 : basePort + offset;
    }

    private static Mode exclusive(Mode current, Mode wanted) {
        if (current != Mode.FULL && current != wanted) {
            throw new IllegalArgumentException("--broker-only and --sandboxes-only exclude each other\n" + USAGE);
        }
        return wanted;
    }

    private static String value(Iterator<String> it, String option) {
        if (!it.hasNext()) {
            throw new IllegalArgumentException(option + " needs a value\n" + USAGE);
        }
        return it.next();
    }

    private static int port(String text, String option) {
        return number(text, option, 0, 65535);
    }

    private static int number(String text, String option, int min, int max) {
        try {
            int n = Integer.parseInt(text);
            if (n < min || n > max) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " takes a whole number from " + min + " to " + max + ", was " + text + "\n" + USAGE);
        }
    }

    private static double decimal(String text, String option) {
        double d = decimal0(text, option);
        if (d <= 0) {
            throw new IllegalArgumentException(option + " must be more than 0, was " + text + "\n" + USAGE);
        }
        return d;
    }

    private static double decimal0(String text, String option) {
        try {
            double d = Double.parseDouble(text);
            if (d < 0 || Double.isNaN(d) || Double.isInfinite(d)) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " takes a number of 0 or more, was " + text + "\n" + USAGE);
        }
    }

    private static URI url(String text, String option) {
        try {
            URI uri = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
                throw new IllegalArgumentException();
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + " takes an http(s) URL such as http://webhook-ingest:8083, was " + text + "\n" + USAGE);
        }
    }

    private static String heap(String text, String option) {
        if (!text.matches("\\d+[kKmMgG]")) {
            throw new IllegalArgumentException(option + " takes a JVM heap size such as 320m or 1g, was " + text + "\n" + USAGE);
        }
        return text;
    }
}
