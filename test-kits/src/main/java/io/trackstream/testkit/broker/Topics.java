package io.trackstream.testkit.broker;

import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/** What both backends do the same way through the admin client. */
final class Topics {

    private Topics() {
    }

    static void create(BrokerKit kit, int partitions, String... names) {
        try (Admin admin = kit.admin()) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            var missing = Arrays.stream(names).filter(n -> !existing.contains(n))
                    .map(n -> new NewTopic(n, partitions, (short) 1)).toList();
            admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("Cannot create topics " + Arrays.toString(names) + ": " + e.getCause().getMessage(), e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topics", e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("The broker on " + kit.bootstrapServers() + " did not create topics "
                    + Arrays.toString(names) + " within 30 s", e);
        }
    }

    /** Returns once the broker names a node to its clients, or fails after {@link BrokerKit#START_TIMEOUT}. */
    static void awaitServing(BrokerKit kit) {
        long deadline = System.nanoTime() + BrokerKit.START_TIMEOUT.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try (Admin admin = kit.admin()) {
                if (!admin.describeCluster().nodes().get(10, TimeUnit.SECONDS).isEmpty()) {
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for the broker on " + kit.bootstrapServers(), e);
            } catch (Exception e) {
                last = e;
            }
            pause();
        }
        throw new IllegalStateException("The Kafka broker on " + kit.bootstrapServers() + " did not serve within "
                + BrokerKit.START_TIMEOUT + (last == null ? "" : ": " + last.getMessage()), last);
    }

    /** Between two checks of a broker that is starting; plain code, since the local stack's jar has no test libraries. */
    private static void pause() {
        try {
            TimeUnit.MILLISECONDS.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the broker", e);
        }
    }
}
