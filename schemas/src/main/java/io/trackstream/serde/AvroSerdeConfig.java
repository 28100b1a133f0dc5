package io.trackstream.serde;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

import org.apache.kafka.common.config.ConfigException;

/**
 * The serde's configuration, under the same keys as Confluent's, so a deployment's properties work with either.
 */
public final class AvroSerdeConfig {

    public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";

    /**
     * The apps' {@code trackstream.schema-registry-url}, required: every app must use the one registry all share, or
     * their schema ids collide. {@code mock://<scope>} is for tests and single-JVM runs, which set it explicitly.
     */
    public static String requireRegistryUrl(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("trackstream.schema-registry-url (SCHEMA_REGISTRY_URL) is not set: point it at the Schema "
                    + "Registry every app shares (http(s)://host:port); mock://<scope> is only for tests and single-JVM runs");
        }
        return url.trim();
    }
    public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";
    public static final String BASIC_AUTH_CREDENTIALS_SOURCE = "basic.auth.credentials.source";
    public static final String BASIC_AUTH_USER_INFO = "basic.auth.user.info";
    public static final String CONNECT_TIMEOUT_MS = "schema.registry.connect.timeout.ms";
    public static final String REQUEST_TIMEOUT_MS = "schema.registry.request.timeout.ms";

    private final Map<String, Object> configs;

    public AvroSerdeConfig(Map<String, ?> configs) {
        this.configs = Map.copyOf(configs.entrySet().stream().filter(e -> e.getValue() != null)
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> (Object) e.getValue())));
    }

    public String schemaRegistryUrl() {
        Object url = configs.get(SCHEMA_REGISTRY_URL);
        if (url == null || url.toString().isBlank()) {
            throw new ConfigException("Missing required configuration \"" + SCHEMA_REGISTRY_URL
                    + "\": set it to http(s)://host:port of a Schema Registry, or mock://scope for an in-memory one");
        }
        return url.toString().trim();
    }

    public boolean autoRegisterSchemas() {
        return Boolean.parseBoolean(String.valueOf(configs.getOrDefault(AUTO_REGISTER_SCHEMAS, "true")));
    }

    /** user:password from {@code basic.auth.user.info} (source USER_INFO) or from the URL itself (source URL). */
    public Optional<String> basicAuthUserInfo(URI firstUrl) {
        String source = String.valueOf(configs.getOrDefault(BASIC_AUTH_CREDENTIALS_SOURCE, "URL"));
        switch (source) {
            case "USER_INFO" -> {
                Object info = configs.get(BASIC_AUTH_USER_INFO);
                if (info == null || info.toString().isBlank()) {
                    throw new ConfigException(BASIC_AUTH_CREDENTIALS_SOURCE + "=USER_INFO needs " + BASIC_AUTH_USER_INFO + "=user:password");
                }
                return Optional.of(info.toString());
            }
            case "URL" -> {
                return Optional.ofNullable(firstUrl.getUserInfo());
            }
            default -> throw new ConfigException(BASIC_AUTH_CREDENTIALS_SOURCE + " must be URL or USER_INFO, was " + source);
        }
    }

    public long connectTimeoutMs() {
        return Long.parseLong(String.valueOf(configs.getOrDefault(CONNECT_TIMEOUT_MS, "10000")));
    }

    public long requestTimeoutMs() {
        return Long.parseLong(String.valueOf(configs.getOrDefault(REQUEST_TIMEOUT_MS, "30000")));
    }
}
