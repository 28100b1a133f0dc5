package io.trackstream.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

import io.trackstream.local.LocalStackOptions.Mode;
import org.junit.jupiter.api.Test;

class LocalStackOptionsTest {

    @Test
    void withoutOptionsItRunsTheWholeDemoOnTheConventionalPorts() {
        LocalStackOptions o = LocalStackOptions.parse();

        assertThat(o.mode()).isEqualTo(Mode.FULL);
        assertThat(o.dataDir()).isEqualTo(Path.of(".local-data"));
        assertThat(o.keepData()).isFalse();
        assertThat(o.speed()).isEqualTo(60);
        assertThat(o.shipments()).isEqualTo(20);
        assertThat(o.summaryInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(o.kafkaPort()).isEqualTo(9092);
        assertThat(o.kafkaControllerPort()).isEqualTo(9093);
        // processor 8081, producer-pollers 8082, webhook-ingest 8083, order-notifier 8084 (docs/conventions.md)
        assertThat(new int[] {o.appPort(0), o.appPort(1), o.appPort(2), o.appPort(3)}).containsExactly(8081, 8082, 8083, 8084);
        assertThat(o.registryPort()).isEqualTo(8085);
        assertThat(o.carrierSandboxPort()).isEqualTo(8090);
        assertThat(o.orderSandboxPort()).isEqualTo(8091);
    }

    @Test
    void everyPortFollowsTheBasePortUnlessGiven() {
        LocalStackOptions o = LocalStackOptions.parse("--base-port", "19081", "--order-sandbox-port", "19500");

        assertThat(o.appPort(3)).isEqualTo(19084);
        assertThat(o.registryPort()).isEqualTo(19085);
        assertThat(o.carrierSandboxPort()).isEqualTo(19090);
        assertThat(o.orderSandboxPort()).isEqualTo(19500);
    }

    @Test
    void basePortZeroTakesFreePortsForEverything() {
        LocalStackOptions o = LocalStackOptions.parse("--base-port", "0", "--kafka-port", "0");

        assertThat(o.appPort(2)).isZero();
        assertThat(o.registryPort()).isZero();
        assertThat(o.carrierSandboxPort()).isZero();
        assertThat(o.orderSandboxPort()).isZero();
        assertThat(o.kafkaControllerPort()).isZero();
    }

    @Test
    void sandboxesOnlyListensOnTheComposeInterfacesPorts() {
        LocalStackOptions defaults = LocalStackOptions.parse("--sandboxes-only", "--base-port", "19081");
        LocalStackOptions given = LocalStackOptions.parse("--sandboxes-only", "--carrier-sandbox-port", "19090",
                "--order-sandbox-port", "19091", "--ingest-url", "http://webhook-ingest:8083/");

        assertThat(defaults.mode()).isEqualTo(Mode.SANDBOXES_ONLY);
        assertThat(defaults.carrierSandboxPort()).isEqualTo(8090);
        assertThat(defaults.orderSandboxPort()).isEqualTo(8091);
        assertThat(defaults.ingestUrl()).isEqualTo(URI.create("http://localhost:8083"));
        assertThat(given.carrierSandboxPort()).isEqualTo(19090);
        assertThat(given.orderSandboxPort()).isEqualTo(19091);
        assertThat(given.ingestUrl()).isEqualTo(URI.create("http://webhook-ingest:8083"));
    }

    @Test
    void readsEveryOption() {
        LocalStackOptions o = LocalStackOptions.parse("--speed", "600", "--shipments", "7", "--data-dir", "/tmp/x", "--keep-data",
                "--kafka-port", "19092", "--partitions", "2", "--summary-interval", "0.5", "--app-heap", "256m",
                "--repository", "/repo", "--seed", "3", "--registry-port", "19099");

        assertThat(o.speed()).isEqualTo(600);
        assertThat(o.shipments()).isEqualTo(7);
        assertThat(o.dataDir()).isEqualTo(Path.of("/tmp/x"));
        assertThat(o.keepData()).isTrue();
        assertThat(o.kafkaPort()).isEqualTo(19092);
        assertThat(o.kafkaControllerPort()).isEqualTo(19093);
        assertThat(o.partitions()).isEqualTo(2);
        assertThat(o.summaryInterval()).isEqualTo(Duration.ofMillis(500));
        assertThat(o.appHeap()).isEqualTo("256m");
        assertThat(o.repository()).isEqualTo(Path.of("/repo"));
        assertThat(o.seed()).isEqualTo(3);
        assertThat(o.registryPort()).isEqualTo(19099);
        assertThat(LocalStackOptions.parse("--summary-interval", "0").summaryInterval()).isZero();
        assertThat(LocalStackOptions.parse("--broker-only").mode()).isEqualTo(Mode.BROKER_ONLY);
        assertThat(LocalStackOptions.parse("--speed", "2", "--help").mode()).isEqualTo(Mode.HELP);
    }

    @Test
    void prometheusIsOptInOnPort9090OrAFreePortWithBasePortZero() {
        assertThat(LocalStackOptions.parse().prometheus()).isFalse();
        assertThat(LocalStackOptions.parse("--prometheus")).satisfies(o -> {
            assertThat(o.prometheus()).isTrue();
            assertThat(o.prometheusPort()).isEqualTo(9090);
        });
        assertThat(LocalStackOptions.parse("--prometheus", "--base-port", "0").prometheusPort()).isZero();
        assertThat(LocalStackOptions.parse("--prometheus", "--prometheus-port", "19090").prometheusPort()).isEqualTo(19090);
    }

    @Test
    void refusesWhatItCannotRunWithTheUsage() {
        assertThatThrownBy(() -> LocalStackOptions.parse("--sped", "60")).hasMessageContaining("Unknown option --sped").hasMessageContaining("usage:");
        assertThatThrownBy(() -> LocalStackOptions.parse("--speed", "0")).hasMessageContaining("--speed must be more than 0");
        assertThatThrownBy(() -> LocalStackOptions.parse("--speed", "fast")).hasMessageContaining("--speed takes a number");
        assertThatThrownBy(() -> LocalStackOptions.parse("--shipments", "0")).hasMessageContaining("--shipments takes a whole number from 1");
        assertThatThrownBy(() -> LocalStackOptions.parse("--kafka-port", "70000")).hasMessageContaining("--kafka-port");
        assertThatThrownBy(() -> LocalStackOptions.parse("--data-dir")).hasMessageContaining("--data-dir needs a value");
        assertThatThrownBy(() -> LocalStackOptions.parse("--ingest-url", "webhook-ingest:8083")).hasMessageContaining("http(s) URL");
        assertThatThrownBy(() -> LocalStackOptions.parse("--app-heap", "lots")).hasMessageContaining("heap size");
        assertThatThrownBy(() -> LocalStackOptions.parse("--broker-only", "--sandboxes-only")).hasMessageContaining("exclude each other");
        assertThatThrownBy(() -> LocalStackOptions.parse("--sandboxes-only", "--prometheus")).hasMessageContaining("--prometheus scrapes the apps");
    }

    @Test
    void theUsageNamesEveryOption() {
        assertThat(LocalStackOptions.USAGE).contains("--speed", "--shipments", "--data-dir", "--keep-data", "--base-port", "--kafka-port",
                "--partitions", "--broker-only", "--summary-interval", "--sandboxes-only", "--carrier-sandbox-port",
                "--order-sandbox-port", "--ingest-url", "--prometheus", "--prometheus-port", "TRACKSTREAM_DEMO_INGEST_TOKEN", "TRACKSTREAM_WEBHOOK_SECRET_");
    }
}
