package io.trackstream.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Map;

import org.junit.jupiter.api.Test;

class StackPortsTest {

    @Test
    void aTakenPortIsRefusedWithTheProcessThatListensThere() throws Exception {
        // Given a port something on this machine listens on (here: this very JVM)
        try (ServerSocket busy = new ServerSocket()) {
            busy.bind(new InetSocketAddress("127.0.0.1", 0));
            int port = busy.getLocalPort();

            // Then a run that needs it refuses, naming the port, what it was for and the holder
            assertThatThrownBy(() -> StackPorts.requireFree(Map.of(port, "Kafka broker")))
                    .hasMessageContaining("port " + port + " (Kafka broker)")
                    .hasMessageContaining("held by pid " + ProcessHandle.current().pid())
                    .hasMessageContaining("nothing was started or emptied");
        }
    }

    @Test
    void freePortsPass() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }

        assertThatCode(() -> StackPorts.requireFree(Map.of(port, "processor"))).doesNotThrowAnyException();
    }

    @Test
    void aFullRunChecksEveryFixedPortAndSkipsFreelyChosenOnes() {
        assertThat(StackPorts.of(LocalStackOptions.parse()).keySet())
                .containsExactlyInAnyOrder(9092, 9093, 8085, 8081, 8082, 8083, 8084, 8090, 8091);
        assertThat(StackPorts.of(LocalStackOptions.parse("--base-port", "0", "--kafka-port", "0"))).isEmpty();
        assertThat(StackPorts.of(LocalStackOptions.parse("--sandboxes-only")).keySet()).containsExactlyInAnyOrder(8090, 8091);
    }

    @Test
    void withPrometheusItsPortIsCheckedToo() {
        assertThat(StackPorts.of(LocalStackOptions.parse("--prometheus"))).containsEntry(9090, "Prometheus");
        assertThat(StackPorts.of(LocalStackOptions.parse("--prometheus", "--prometheus-port", "19090"))).containsEntry(19090, "Prometheus");
        assertThat(StackPorts.of(LocalStackOptions.parse("--prometheus", "--base-port", "0", "--kafka-port", "0"))).isEmpty();
    }
}
