package io.trackstream.notifier.config;

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
    RestClient orderSystemRestClient(RestClient.Builder builder, NotifierProperties properties) {
        // A redirect of a POST/PUT would silently turn it into a GET: surface it as an answer instead.
        HttpClientSettings settings = HttpClientSettings.defaults()
                .withTimeouts(properties.http().connectTimeout(), properties.http().readTimeout())
                .withRedirects(HttpRedirects.DONT_FOLLOW);
        return builder.requestFactory(ClientHttpRequestFactoryBuilder.jdk().build(settings)).build();
    }
}
