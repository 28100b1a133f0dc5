package io.trackstream.ingest.health;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.SmartLifecycle;

/**
 * Health contributor "broker", part of readiness: webhook-ingest answers 202 only after Kafka acknowledged, so while
 * it cannot reach the broker every webhook would get a 503, and a load balancer should send senders elsewhere. A
 * background check asks the broker to describe its cluster every interval; the health call answers from the last
 * check at once (a probe never waits on the broker). Not part of liveness: a restart does not bring a broker back.
 */
public class BrokerReachability implements HealthIndicator, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(BrokerReachability.class);

    private record Check(boolean reachable, Instant at, Map<String, Object> details) {
    }

    private final Map<String, Object> adminConfig;
    private final IngestHealthProperties properties;
    private final Clock clock;
    private volatile Check last;
    private Admin admin;
    private ScheduledExecutorService checker;

    public BrokerReachability(Map<String, Object> adminConfig, IngestHealthProperties properties, Clock clock) {
        this.adminConfig = Map.copyOf(adminConfig);
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    public Health health() {
        Check check = last;
        if (check == null) {
            return Health.down().withDetail("broker", "not checked yet").build();
        }
        return (check.reachable() ? Health.up() : Health.down())
                .withDetails(check.details())
                .withDetail("checkedAt", check.at().toString())
                .build();
    }

    /** Asks the broker now; public for tests. */
    public void check() {
        long timeout = properties.brokerTimeout().toMillis();
        try {
            DescribeClusterResult cluster = admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) timeout));
            int nodes = cluster.nodes().get(timeout + 1000, TimeUnit.MILLISECONDS).size();
            String clusterId = cluster.clusterId().get(timeout + 1000, TimeUnit.MILLISECONDS);
            if (last != null && !last.reachable()) {
                log.info("The broker is reachable again");
            }
            last = new Check(true, clock.instant(), Map.of("clusterId", String.valueOf(clusterId), "nodes", nodes));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | java.util.concurrent.TimeoutException | RuntimeException e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            if (last == null || last.reachable()) {
                log.warn("The broker is not reachable: {}", cause.toString());
            }
            last = new Check(false, clock.instant(), Map.of("error", cause.getClass().getSimpleName() + ": " + cause.getMessage()));
        }
    }

    @Override
    public synchronized void start() {
        admin = Admin.create(adminConfig);
        checker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "broker-reachability");
            thread.setDaemon(true);
            return thread;
        });
        checker.scheduleWithFixedDelay(this::check, 0, properties.brokerCheckInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (checker != null) {
            checker.shutdownNow();
            admin.close(java.time.Duration.ofSeconds(5));
            checker = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return checker != null;
    }
}
