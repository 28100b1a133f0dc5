package io.trackstream.web;

import java.util.List;

import io.trackstream.web.security.AppTokenInterceptor;
import io.trackstream.web.security.AppTokenProperties;
import io.trackstream.web.security.AppTokens;
import io.trackstream.web.security.CallerArgumentResolver;
import io.trackstream.web.security.OperatorAccessFilter;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.web.filter.FormContentFilter;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Wires the error envelope and app-token security into any trackstream app that has this module, and keeps a caller's
 * mistake from being answered 500 where Spring would (a form body that does not decode, a health path that names
 * nothing). Before Boot's MVC configuration, so its form filter gives way to ours.
 */
@AutoConfiguration(beforeName = "org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration")
@EnableConfigurationProperties(AppTokenProperties.class)
public class WebSupportAutoConfiguration {

    @Bean
    public FormContentFilter formContentFilter() {
        return new TolerantFormContentFilter();
    }

    @Bean
    public ContentTypeFilter contentTypeFilter() {
        return new ContentTypeFilter();
    }

    @Bean
    public QueryStringFilter queryStringFilter() {
        return new QueryStringFilter();
    }

    /** Only where actuator's health is on the classpath. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.health.registry.HealthContributorRegistry")
    static class HealthPaths {

        @Bean
        public FilterRegistrationBean<HealthPathFilter> healthPathFilter(Environment environment,
                ObjectProvider<HealthContributorRegistry> registry, ObjectProvider<HealthEndpointGroups> groups) {
            String basePath = environment.getProperty("management.endpoints.web.base-path", "/actuator");
            FilterRegistrationBean<HealthPathFilter> registration =
                    new FilterRegistrationBean<>(new HealthPathFilter(basePath, registry, groups));
            registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 100);
            return registration;
        }
    }

    @Bean
    public AppTokens appTokens(AppTokenProperties properties) {
        return new AppTokens(properties);
    }

    @Bean
    public ApiExceptionHandler apiExceptionHandler() {
        return new ApiExceptionHandler();
    }

    /** Actuator endpoints see the app token's tenant and scopes (health details only for {@code OPERATE}). */
    @Bean
    public FilterRegistrationBean<OperatorAccessFilter> operatorAccessFilter(AppTokens tokens) {
        FilterRegistrationBean<OperatorAccessFilter> registration = new FilterRegistrationBean<>(new OperatorAccessFilter(tokens));
        registration.addUrlPatterns("/actuator/*");
        return registration;
    }

    @Bean
    public WebMvcConfigurer trackstreamWebSupport(AppTokens tokens) {
        return new WebMvcConfigurer() {
            @Override
            public void addInterceptors(InterceptorRegistry registry) {
                registry.addInterceptor(new AppTokenInterceptor(tokens));
            }

            @Override
            public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
                resolvers.add(new CallerArgumentResolver());
            }
        };
    }
}
