package io.trackstream.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;
import java.util.Map;
import java.util.Set;

import io.trackstream.web.security.AppTokenInterceptor;
import io.trackstream.web.security.AppTokenProperties;
import io.trackstream.web.security.AppTokens;
import io.trackstream.web.security.CallerArgumentResolver;
import io.trackstream.web.security.RequiresScope;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroup;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.registry.DefaultHealthContributorRegistry;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RestController;

/** Where Spring itself would answer a caller's mistake with a 500, the caller gets its 4xx. */
class CallerMistakesTest {

    @RestController
    static class Protected {
        @GetMapping("/protected")
        @RequiresScope("READ_SHIPPING")
        String read() {
            return "ok";
        }

        @PutMapping("/things/{id}")
        String put() {
            return "ok";
        }
    }

    private final MockMvc mvc = MockMvcBuilders.standaloneSetup(new Protected())
            .setControllerAdvice(new ApiExceptionHandler())
            .addInterceptors(new AppTokenInterceptor(new AppTokens(new AppTokenProperties(List.of(
                    new AppTokenProperties.AppToken("app_reader", "store-1", Set.of("READ_SHIPPING")))))))
            .setCustomArgumentResolvers(new CallerArgumentResolver())
            .addFilters(new QueryStringFilter(), new ContentTypeFilter(), new TolerantFormContentFilter())
            .build();

    @Test
    void anErrorForACallerWhoAcceptsNoJsonIsStillItsStatusInJson() throws Exception {
        mvc.perform(get("/protected").accept(MediaType.IMAGE_PNG))
                .andExpect(status().isUnauthorized())
                .andExpect(content().contentType(MediaType.APPLICATION_JSON))
                .andExpect(jsonPath("$.type").value("authentication_required"));
    }

    @Test
    void aFormBodyThatDoesNotDecodeIs400() throws Exception {
        mvc.perform(put("/things/1").contentType(MediaType.APPLICATION_FORM_URLENCODED).content("a=%E2%82&b=%"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("malformed_body"));
    }

    @Test
    void aQueryStringTomcatCannotParseIs400() throws Exception {
        for (String query : List.of("orderId=%FF", "orderId=%E2%82", "=x", "q=%G1", "q=%")) {
            assertThat(QueryStringFilter.readable(query)).as(query).isFalse();
        }
        for (String query : List.of("orderId=ΑΘΗΝΑ", "orderId=%CE%91", "a&&b=", "orderId=1&orderId=2", "q=%25")) {
            assertThat(QueryStringFilter.readable(query)).as(query).isTrue();
        }
        mvc.perform(get(java.net.URI.create("/protected?orderId=%FF")).header("Authorization", "Bearer app_reader"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("invalid_query"));
    }

    @Test
    void aContentTypeNoBodyCanHaveIs415WithABodyAndIgnoredWithout() throws Exception {
        mvc.perform(put("/things/1").contentType("application/*").content("{}"))
                .andExpect(status().isUnsupportedMediaType())
                .andExpect(jsonPath("$.field").value("Content-Type"));
        mvc.perform(get("/protected").header("Content-Type", "*/*").header("Authorization", "Bearer app_reader"))
                .andExpect(status().isOk());
        assertThat(ContentTypeFilter.describable("garbage")).isFalse();
        assertThat(ContentTypeFilter.describable("application/json; charset=UTF-8")).isTrue();
    }

    @Test
    void aHealthPathIsLetThroughOnlyWhenItNamesAGroupOrAComponent() {
        HealthIndicator up = () -> Health.up().build();
        var registry = new DefaultHealthContributorRegistry();
        registry.registerContributor("ping", up);
        registry.registerContributor("kafka", CompositeHealthContributor.fromMap(Map.<String, HealthContributor>of("streams", up)));
        HealthEndpointGroup liveness = new HealthEndpointGroupStub(Set.of("ping"));
        HealthEndpointGroups groups = HealthEndpointGroups.of(new HealthEndpointGroupStub(Set.of("ping", "kafka")), Map.of("liveness", liveness));

        assertThat(HealthPathFilter.names("ping", registry, groups)).isTrue();
        assertThat(HealthPathFilter.names("kafka/streams", registry, groups)).isTrue();
        assertThat(HealthPathFilter.names("liveness", registry, groups)).isTrue();
        assertThat(HealthPathFilter.names("liveness/ping", registry, groups)).isTrue();
        for (String nothing : List.of("nope", "ping/x", "kafka/nope", "liveness/kafka", "%2Fetc%2Fpasswd", "ping/", "/ping",
                "kafka//streams", "%FF", "%E2%82", "ping%2Fx")) {
            assertThat(HealthPathFilter.names(nothing, registry, groups)).as(nothing).isFalse();
        }
    }

    /** A group with the given members; nothing else of it is read. */
    private record HealthEndpointGroupStub(Set<String> members) implements HealthEndpointGroup {
        @Override
        public boolean isMember(String name) {
            return members.contains(name);
        }

        @Override
        public boolean showComponents(org.springframework.boot.actuate.endpoint.SecurityContext securityContext) {
            return true;
        }

        @Override
        public boolean showDetails(org.springframework.boot.actuate.endpoint.SecurityContext securityContext) {
            return true;
        }

        @Override
        public org.springframework.boot.health.actuate.endpoint.StatusAggregator getStatusAggregator() {
            return null;
        }

        @Override
        public org.springframework.boot.health.actuate.endpoint.HttpCodeStatusMapper getHttpCodeStatusMapper() {
            return null;
        }

        @Override
        public org.springframework.boot.health.actuate.endpoint.AdditionalHealthEndpointPath getAdditionalPath() {
            return null;
        }
    }
}
