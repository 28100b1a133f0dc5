package io.trackstream.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import io.trackstream.web.security.AppTokenProperties;
import io.trackstream.web.security.AppTokens;
import io.trackstream.web.security.OperatorAccessFilter;

/** What Spring Boot's actuator security sees of a caller: the token's tenant as principal, its scopes as roles. */
class OperatorAccessFilterTest {

    private final OperatorAccessFilter filter = new OperatorAccessFilter(new AppTokens(new AppTokenProperties(List.of(
            new AppTokenProperties.AppToken("app_operator", "ops", Set.of(OperatorAccessFilter.OPERATE)),
            new AppTokenProperties.AppToken("app_reader", "store-1", Set.of("READ_SHIPPING"))))));

    @Test
    void anOperatorTokenIsAPrincipalInTheOperateRole() throws Exception {
        HttpServletRequest seen = filtered("Bearer app_operator");

        assertThat(seen.getUserPrincipal().getName()).isEqualTo("ops");
        assertThat(seen.isUserInRole("OPERATE")).isTrue();
    }

    @Test
    void aTokenWithoutTheScopeIsAPrincipalButNotAnOperator() throws Exception {
        HttpServletRequest seen = filtered("Bearer app_reader");

        assertThat(seen.getUserPrincipal().getName()).isEqualTo("store-1");
        assertThat(seen.isUserInRole("OPERATE")).isFalse();
    }

    @Test
    void noTokenOrAnUnknownOneIsAnonymousAndNeverRefused() throws Exception {
        for (String authorization : new String[] {null, "Bearer app_forged", "Basic b3BzOm9wcw=="}) {
            MockHttpServletResponse response = new MockHttpServletResponse();
            HttpServletRequest seen = filtered(authorization, response);

            assertThat(seen.getUserPrincipal()).as(authorization).isNull();
            assertThat(seen.isUserInRole("OPERATE")).isFalse();
            assertThat(response.getStatus()).isEqualTo(200);
        }
    }

    private HttpServletRequest filtered(String authorization) throws Exception {
        return filtered(authorization, new MockHttpServletResponse());
    }

    private HttpServletRequest filtered(String authorization, MockHttpServletResponse response) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/actuator/health");
        if (authorization != null) {
            request.addHeader("Authorization", authorization);
        }
        MockFilterChain chain = new MockFilterChain();
        filter.doFilter(request, response, chain);
        return (HttpServletRequest) chain.getRequest();
    }
}
