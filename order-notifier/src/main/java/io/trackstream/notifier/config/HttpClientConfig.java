package io.trackstream.notifier.config;

import java.net.http.HttpClient;

import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.http.client.HttpRedirects;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.client.RestClient;

/** One RestClient on the JDK HttpClient for every order-system call, with bounded, configured timeouts. */
@Configuration(proxyBeanMethods = false)
public class HttpClientConfig {

    @Bean
    public RestClient orderSystemRestClient(RestClient.Builder builder, NotifierProperties properties) {
        // A redirect of a POST/PUT would silently turn it into a GET: surface it as an answer instead.
        HttpClientSettings settings = HttpClientSettings.defaults()
                .withTimeouts(properties.http().connectTimeout(), properties.http().readTimeout())
                .withRedirects(HttpRedirects.DONT_FOLLOW);
        // HTTP/1.1: the JDK client's default h2c upgrade on plain http is refused or mishandled by many servers.
        return builder.requestFactory(ClientHttpRequestFactoryBuilder.jdk()
                .withHttpClientCustomizer(client -> client.version(HttpClient.Version.HTTP_1_1))
                .build(settings)).build();
    }
}
