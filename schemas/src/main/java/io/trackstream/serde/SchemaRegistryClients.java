package io.trackstream.serde;

import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Picks the registry client the way Confluent's serde does from {@code schema.registry.url}: {@code mock://scope}
 * is the JVM-local {@link MockSchemaRegistry} of that scope; {@code http(s)://...} is a {@link RestSchemaRegistryClient}.
 * REST clients are shared per configuration, so all serdes of a process share one cache.
 */
public final class SchemaRegistryClients {

    private static final String MOCK_PREFIX = "mock://";
    private static final Map<String, SchemaRegistryClient> REST_CLIENTS = new ConcurrentHashMap<>();

    private SchemaRegistryClients() {
    }

    public static SchemaRegistryClient fromConfig(Map<String, ?> configs) {
        AvroSerdeConfig config = new AvroSerdeConfig(configs);
        String url = config.schemaRegistryUrl();
        if (url.startsWith(MOCK_PREFIX)) {
            return MockSchemaRegistry.forScope(url.substring(MOCK_PREFIX.length()));
        }
        List<URI> urls = Arrays.stream(url.split(",")).map(String::trim).filter(s -> !s.isEmpty()).map(URI::create).toList();
        for (URI u : urls) {
            if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme())) {
                throw new IllegalArgumentException(AvroSerdeConfig.SCHEMA_REGISTRY_URL + " must be mock://scope or http(s)://host:port, was " + url);
            }
        }
        Optional<String> userInfo = config.basicAuthUserInfo(urls.get(0));
        String cacheKey = url + '|' + userInfo.orElse("") + '|' + config.connectTimeoutMs() + '|' + config.requestTimeoutMs();
        return REST_CLIENTS.computeIfAbsent(cacheKey, k -> new RestSchemaRegistryClient(urls, userInfo,
                Duration.ofMillis(config.connectTimeoutMs()), Duration.ofMillis(config.requestTimeoutMs())));
    }
}
