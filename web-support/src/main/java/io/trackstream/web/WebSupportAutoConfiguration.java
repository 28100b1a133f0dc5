package io.trackstream.web;

import java.util.List;

import io.trackstream.web.security.AppTokenInterceptor;
import io.trackstream.web.security.AppTokenProperties;
import io.trackstream.web.security.AppTokens;
import io.trackstream.web.security.CallerArgumentResolver;
import io.trackstream.web.security.OperatorAccessFilter;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Wires the error envelope and app-token security into any trackstream app that has this module. */
@AutoConfiguration
@EnableConfigurationProperties(AppTokenProperties.class)
public class WebSupportAutoConfiguration {

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
