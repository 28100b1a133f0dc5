package io.trackstream.processor.config;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;

/**
 * Checks at start-up that the public topics exist (they are provisioned once, outside the processor) and reads the
 * partition counts the internal topics must match.
 */
final class TopicPartitions {

    private TopicPartitions() {
    }

    static Map<String, Integer> describe(Map<String, Object> adminConfig, List<String> topics, java.time.Duration timeout) {
        try (Admin admin = Admin.create(adminConfig)) {
            Set<String> existing = admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            Set<String> missing = new TreeSet<>(topics);
            missing.removeAll(existing);
            if (!missing.isEmpty()) {
                throw new IllegalStateException("Topics " + missing + " do not exist: provision them first (local-stack does, "
                        + "see docs/conventions.md); the processor does not create public topics");
            }
            Map<String, TopicDescription> descriptions = admin.describeTopics(topics).allTopicNames()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return descriptions.entrySet().stream().collect(java.util.stream.Collectors.toMap(
                    Map.Entry::getKey, e -> e.getValue().partitions().size()));
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Cannot describe topics " + topics + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while describing topics", e);
        }
    }
}
