package io.trackstream.testkit.stack;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;

import io.trackstream.topics.TopicCatalog;
import io.trackstream.topics.TopicSpec;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the topics of the catalog with their partitions and cleanup policies. Topics that exist are left as they
 * are, so running it again on a restarted broker is harmless.
 */
public final class TopicProvisioner {

    private static final Logger log = LoggerFactory.getLogger(TopicProvisioner.class);

    private TopicProvisioner() {
    }

    /** Creates what is missing and returns the names of the topics it created. */
    public static Set<String> ensure(String bootstrapServers, TopicCatalog catalog) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = catalog.topics().stream()
                    .filter(t -> !existing.contains(t.name()))
                    .map(TopicProvisioner::newTopic)
                    .toList();
            try {
                admin.createTopics(missing).all().get();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException("Creating topics failed: " + e.getCause().getMessage(), e.getCause());
                }
            }
            missing.forEach(t -> log.info("Created topic {} ({} partitions, {})", t.name(), t.numPartitions(), t.configs().get("cleanup.policy")));
            return missing.stream().map(NewTopic::name).collect(java.util.stream.Collectors.toUnmodifiableSet());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topics", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Cannot list topics on " + bootstrapServers + ": " + e.getCause().getMessage(), e.getCause());
        }
    }

    private static NewTopic newTopic(TopicSpec spec) {
        return new NewTopic(spec.name(), spec.partitions(), (short) 1).configs(spec.configs());
    }
}
