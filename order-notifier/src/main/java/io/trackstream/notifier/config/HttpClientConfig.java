package io.trackstream.notifier.config;

import java.net.http.HttpClient;

import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.http.client.HttpRedirects;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.converter.FormHttpMessageConverter;
import org.springframework.security.oauth2.client.http.OAuth2ErrorResponseErrorHandler;
import org.springframework.security.oauth2.core.http.converter.OAuth2AccessTokenResponseHttpMessageConverter;
import org.springframework.web.client.RestClient;

/**
 * The RestClients of every order-system call, on the JDK HttpClient with bounded, configured timeouts: one for the
 * order APIs, one for Carriyo's OAuth2 token endpoints.
 */
@Configuration(proxyBeanMethods = false)
public class HttpClientConfig {

    @Bean
    public RestClient orderSystemRestClient(RestClient.Builder builder, NotifierProperties properties) {
        return builder.requestFactory(requestFactory(properties)).build();
    }

    /** As Spring Security's token clients build theirs (form request, token or OAuth2 error answer), with our timeouts. */
    @Bean
    public RestClient carriyoTokenRestClient(NotifierProperties properties) {
        return RestClient.builder()
                .requestFactory(requestFactory(properties))
                .configureMessageConverters(converters -> {
                    converters.addCustomConverter(new FormHttpMessageConverter());
                    converters.addCustomConverter(new OAuth2AccessTokenResponseHttpMessageConverter());
                })
                .defaultStatusHandler(new OAuth2ErrorResponseErrorHandler())
                .build();
    }

    private static ClientHttpRequestFactory requestFactory(NotifierProperties properties) {
        // A redirect of a POST/PUT would silently turn it into a GET: surface it as an answer instead.
        HttpClientSettings settings = HttpClientSettings.defaults()
                .withTimeouts(properties.http().connectTimeout(), properties.http().readTimeout())
                .withRedirects(HttpRedirects.DONT_FOLLOW);
        // HTTP/1.1: the JDK client's default h2c upgrade on plain http is refused or mishandled by many servers.
        return ClientHttpRequestFactoryBuilder.jdk()
                .withHttpClientCustomizer(client -> client.version(HttpClient.Version.HTTP_1_1))
                .build(settings);
    }
}
