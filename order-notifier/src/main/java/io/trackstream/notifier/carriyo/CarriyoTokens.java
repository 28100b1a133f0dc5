package io.trackstream.notifier.carriyo;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.security.oauth2.client.AuthorizedClientServiceOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.ClientCredentialsOAuth2AuthorizedClientProvider;
import org.springframework.security.oauth2.client.InMemoryOAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.endpoint.RestClientClientCredentialsTokenResponseClient;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AuthorizationException;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientResponseException;

import io.trackstream.notifier.config.NotifierProperties;
import io.trackstream.notifier.metrics.NotifierMetrics;
import io.trackstream.notifier.outcome.CallOutcome;
import io.trackstream.notifier.outcome.FailureReason;
import io.trackstream.notifier.outcome.NotificationFailure;
import io.trackstream.notifier.outcome.PermanentFailure;
import io.trackstream.notifier.outcome.RetryableFailure;
import io.trackstream.notifier.outcome.Target;

/**
 * The OAuth2 access tokens of each tenant's Carriyo (client credentials grant, Spring Security's OAuth2 client): a
 * token is fetched on first use, cached, and fetched again {@code renew-before} its expiry, or at once after Carriyo
 * refused it ({@link #forget}). A token endpoint that refuses the credentials makes the call a permanent failure
 * (dead-lettered, replayable once the configuration is fixed); one that fails or cannot be reached, a retryable one.
 */
@Component
public class CarriyoTokens {

    private static final Logger log = LoggerFactory.getLogger(CarriyoTokens.class);

    /** The one "user" the notifier authorizes as: tokens belong to the tenant's client, not to a person. */
    private static final String PRINCIPAL = "order-notifier";

    /** RFC 6749 5.2: the token endpoint's answers that the same credentials will get again. */
    private static final Set<String> REFUSALS = Set.of("invalid_request", "invalid_client", "invalid_grant",
            "unauthorized_client", "unsupported_grant_type", "invalid_scope");

    private final Map<String, ClientRegistration> registrations = new HashMap<>();
    private final Map<String, AuthorizedClientServiceOAuth2AuthorizedClientManager> managers = new HashMap<>();
    private final OAuth2AuthorizedClientService authorizedClients;
    private final NotifierMetrics metrics;

    @Autowired
    public CarriyoTokens(NotifierProperties properties, @Qualifier("carriyoTokenRestClient") RestClient tokenRestClient,
            NotifierMetrics metrics) {
        this(properties, tokenRestClient, metrics, Clock.systemUTC());
    }

    CarriyoTokens(NotifierProperties properties, RestClient tokenRestClient, NotifierMetrics metrics, Clock clock) {
        this.metrics = metrics;
        properties.tenants().forEach((tenant, settings) -> settings.carriyoSettings()
                .filter(NotifierProperties.Carriyo::enabled)
                .ifPresent(carriyo -> registrations.put(tenant, registration(tenant, carriyo.oauth2()))));
        this.authorizedClients = new InMemoryOAuth2AuthorizedClientService(registrations::get);
        properties.tenants().forEach((tenant, settings) -> settings.carriyoSettings()
                .filter(NotifierProperties.Carriyo::enabled)
                .ifPresent(carriyo -> managers.put(tenant, manager(carriyo.oauth2(), tokenRestClient, clock))));
    }

    /** The tenant's access token: the cached one, or a new one when there is none or it expires within renew-before. */
    public String accessToken(String tenant) {
        AuthorizedClientServiceOAuth2AuthorizedClientManager manager = managers.get(tenant);
        if (manager == null) {
            throw new IllegalStateException("Carriyo of tenant " + tenant + " is not configured");
        }
        long start = System.nanoTime();
        try {
            OAuth2AuthorizedClient client = manager.authorize(
                    OAuth2AuthorizeRequest.withClientRegistrationId(tenant).principal(PRINCIPAL).build());
            if (client == null) {
                throw new IllegalStateException("No access token for Carriyo of tenant " + tenant);
            }
            return client.getAccessToken().getTokenValue();
        } catch (OAuth2AuthorizationException e) {
            NotificationFailure failure = failure(tenant, e);
            metrics.call(Target.CARRIYO, failure.outcome(), Duration.ofNanos(System.nanoTime() - start));
            log.warn("{}", failure.getMessage());
            throw failure;
        }
    }

    /** Drops the tenant's cached token (Carriyo answered 401 with it): the next call fetches a new one. */
    public void forget(String tenant) {
        authorizedClients.removeAuthorizedClient(tenant, PRINCIPAL);
    }

    private NotificationFailure failure(String tenant, OAuth2AuthorizationException e) {
        String uri = registrations.get(tenant).getProviderDetails().getTokenUri();
        String error = "[" + e.getError().getErrorCode() + "] "
                + (e.getError().getDescription() == null ? "" : e.getError().getDescription());
        RestClientResponseException answered = cause(e, RestClientResponseException.class);
        if (cause(e, ResourceAccessException.class) != null) {
            return new RetryableFailure(Target.CARRIYO, CallOutcome.TOKEN_UNAVAILABLE, 0,
                    "Carriyo token endpoint " + uri + " of tenant " + tenant + " not reached: " + error, e);
        }
        if (answered != null) {
            int status = answered.getStatusCode().value();
            CallOutcome outcome = CallOutcome.ofErrorStatus(status).retryable()
                    ? CallOutcome.TOKEN_UNAVAILABLE : CallOutcome.TOKEN_REFUSED;
            String detail = "Carriyo token endpoint " + uri + " of tenant " + tenant + " answered " + status + ": "
                    + answered.getResponseBodyAsString();
            return outcome.retryable()
                    ? new RetryableFailure(Target.CARRIYO, outcome, status, detail, e)
                    : new PermanentFailure(Target.CARRIYO, FailureReason.CLIENT_ERROR, outcome, status, detail, e);
        }
        if (REFUSALS.contains(e.getError().getErrorCode())) {
            // A 400 carrying an OAuth2 error (invalid_client, invalid_scope ...): the credentials are wrong.
            return new PermanentFailure(Target.CARRIYO, FailureReason.CLIENT_ERROR, CallOutcome.TOKEN_REFUSED, 400,
                    "Carriyo token endpoint " + uri + " refused the client credentials of tenant " + tenant + ": " + error, e);
        }
        return new RetryableFailure(Target.CARRIYO, CallOutcome.TOKEN_UNAVAILABLE, 0,
                "Carriyo token endpoint " + uri + " of tenant " + tenant + " gave no usable token: " + error, e);
    }

    private static <T extends Throwable> T cause(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private static ClientRegistration registration(String tenant, NotifierProperties.OAuth2 oauth2) {
        ClientRegistration.Builder builder = ClientRegistration.withRegistrationId(tenant)
                .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
                .clientId(oauth2.clientId())
                .clientSecret(oauth2.clientSecret())
                .clientAuthenticationMethod(new ClientAuthenticationMethod(oauth2.clientAuthenticationMethod()))
                .tokenUri(oauth2.tokenUri().toString());
        if (StringUtils.hasText(oauth2.scope())) {
            builder.scope(StringUtils.tokenizeToStringArray(oauth2.scope(), ", "));
        }
        return builder.build();
    }

    private AuthorizedClientServiceOAuth2AuthorizedClientManager manager(NotifierProperties.OAuth2 oauth2,
            RestClient tokenRestClient, Clock clock) {
        RestClientClientCredentialsTokenResponseClient tokenClient = new RestClientClientCredentialsTokenResponseClient();
        tokenClient.setRestClient(tokenRestClient);
        if (StringUtils.hasText(oauth2.audience())) {
            tokenClient.setParametersCustomizer(parameters -> parameters.set("audience", oauth2.audience()));
        }
        ClientCredentialsOAuth2AuthorizedClientProvider provider = new ClientCredentialsOAuth2AuthorizedClientProvider();
        provider.setAccessTokenResponseClient(tokenClient);
        provider.setClockSkew(oauth2.renewBefore());
        provider.setClock(clock);
        AuthorizedClientServiceOAuth2AuthorizedClientManager manager =
                new AuthorizedClientServiceOAuth2AuthorizedClientManager(registrations::get, authorizedClients);
        manager.setAuthorizedClientProvider(provider);
        return manager;
    }
}
