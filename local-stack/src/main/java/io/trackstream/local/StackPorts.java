package io.trackstream.local;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import io.trackstream.local.LocalStackOptions.Mode;
import io.trackstream.local.apps.App;

/**
 * The fixed ports a run will listen on, checked before anything is started or emptied: if one is taken, the run
 * refuses and names the process listening there (read from /proc on Linux; elsewhere it says how to find out).
 */
final class StackPorts {

    private StackPorts() {
    }

    /** What listens where in this run; ports chosen freely at start (0) are left out. */
    static Map<Integer, String> of(LocalStackOptions options) {
        Map<Integer, String> ports = new LinkedHashMap<>();
        Mode mode = options.mode();
        if (mode == Mode.FULL || mode == Mode.BROKER_ONLY) {
            put(ports, options.kafkaPort(), "Kafka broker");
            put(ports, options.kafkaControllerPort(), "Kafka controller");
            put(ports, options.registryPort(), "schema registry");
        }
        if (mode == Mode.FULL) {
            for (App app : App.values()) {
                put(ports, options.appPort(app.portOffset()), app.module());
            }
            if (options.prometheus()) {
                put(ports, options.prometheusPort(), "Prometheus");
            }
        }
        if (mode == Mode.FULL || mode == Mode.SANDBOXES_ONLY) {
            put(ports, options.carrierSandboxPort(), "carrier sandbox");
            put(ports, options.orderSandboxPort(), "order-system sandbox");
        }
        return ports;
    }

    private static void put(Map<Integer, String> ports, int port, String what) {
        if (port > 0) {
            ports.put(port, what);
        }
    }

    /** Fails, naming each taken port and its holder, unless every port is free. */
    static void requireFree(Map<Integer, String> ports) {
        List<String> taken = ports.entrySet().stream().filter(e -> !free(e.getKey()))
                .map(e -> "  port " + e.getKey() + " (" + e.getValue() + "): " + holderOf(e.getKey()))
                .toList();
        if (!taken.isEmpty()) {
            throw new IllegalStateException("Ports this run needs are in use; nothing was started or emptied:\n"
                    + String.join("\n", taken)
                    + "\nStop what holds them (another local stack: Ctrl-C in its terminal), or choose other ports (--base-port, --kafka-port).");
        }
    }

    static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress("0.0.0.0", port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** "held by pid N (command)", from /proc where the socket's owner is visible to us. */
    static String holderOf(int port) {
        return listeningInode(port).flatMap(StackPorts::processOfSocket)
                .map(pid -> "held by pid " + pid + " (" + commandOf(pid) + ")")
                .orElse("held by another process (ss -ltnp 'sport = :" + port + "' names it)");
    }

    private static Optional<String> listeningInode(int port) {
        String hexPort = String.format(":%04X", port);
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            try (Stream<String> lines = Files.lines(Path.of(table))) {
                Optional<String> inode = lines.skip(1).map(String::trim).map(l -> l.split("\\s+"))
                        .filter(f -> f.length > 9 && f[1].endsWith(hexPort) && f[3].equals("0A"))
                        .map(f -> f[9]).findFirst();
                if (inode.isPresent()) {
                    return inode;
                }
            } catch (IOException | RuntimeException e) {
                // not Linux, or not readable: say we could not tell
            }
        }
        return Optional.empty();
    }

    private static Optional<Long> processOfSocket(String inode) {
        String link = "socket:[" + inode + "]";
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            return processes.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .filter(p -> holds(p, link))
                    .map(p -> Long.parseLong(p.getFileName().toString()))
                    .findFirst();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static boolean holds(Path process, String link) {
        try (Stream<Path> fds = Files.list(process.resolve("fd"))) {
            return fds.anyMatch(fd -> {
                try {
                    return Files.readSymbolicLink(fd).toString().equals(link);
                } catch (IOException | RuntimeException e) {
                    return false;
                }
            });
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static String commandOf(long pid) {
        try {
            String command = new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")), StandardCharsets.UTF_8)
                    .replace('\0', ' ').strip();
            return command.length() > 160 ? command.substring(0, 157) + "..." : command;
        } catch (IOException | RuntimeException e) {
            return "command unknown";
        }
    }
}
