package io.trackstream.testkit.broker;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports for servers that must know theirs before they bind (a KRaft controller names its own in the quorum voters).
 * Picked below Linux's ephemeral range (32768–60999): a port the kernel may hand to any client connection can be
 * taken between the pick and the bind.
 */
public final class Ports {

    static final int LOWEST = 20_000;
    static final int HIGHEST = 32_000;

    private Ports() {
    }

    /** A port nothing listens on now, between 20000 and 32000. */
    public static int free() {
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(LOWEST, HIGHEST);
            if (isFree(port)) {
                return port;
            }
        }
        throw new IllegalStateException("No free port between " + LOWEST + " and " + HIGHEST);
    }

    /** A free port whose next one is free too: the local stack's broker, whose controller listens on the next port. */
    public static int freeWithNext() {
        for (int attempt = 0; attempt < 100; attempt++) {
            int port = free();
            if (isFree(port + 1)) {
                return port;
            }
        }
        throw new IllegalStateException("No two free neighbouring ports between " + LOWEST + " and " + HIGHEST);
    }

    public static boolean isFree(int port) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException taken) {
            return false;
        }
    }
}
