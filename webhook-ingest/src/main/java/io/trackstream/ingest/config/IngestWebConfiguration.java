package io.trackstream.ingest.config;

import java.util.List;

import io.trackstream.ingest.api.BodySizeLimitFilter;
import io.trackstream.ingest.api.WebhookHeaders;
import io.trackstream.ingest.metrics.IngestMetrics;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** The web layer's own parts: the body-size limit in front of every endpoint with a body, and the webhook headers. */
@Configuration(proxyBeanMethods = false)
public class IngestWebConfiguration implements WebMvcConfigurer {

    /** Applied before Spring MVC reads a body into a {@code byte[]}. */
    @Bean
    public FilterRegistrationBean<BodySizeLimitFilter> bodySizeLimitFilter(IngestProperties ingest, IngestMetrics metrics) {
        FilterRegistrationBean<BodySizeLimitFilter> registration = new FilterRegistrationBean<>(
                new BodySizeLimitFilter(ingest.maxBodySize(), metrics, ingest.webhooks().keySet()));
        registration.addUrlPatterns("/webhooks/*", "/shipments", "/shipments/*");
        return registration;
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(new WebhookHeaders.Resolver());
    }
}
