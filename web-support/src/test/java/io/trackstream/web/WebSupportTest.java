package io.trackstream.web;

import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import io.trackstream.web.security.AppTokenInterceptor;
import io.trackstream.web.security.AppTokenProperties;
import io.trackstream.web.security.AppTokens;
import io.trackstream.web.security.Caller;
import io.trackstream.web.security.CallerArgumentResolver;
import io.trackstream.web.security.RequiresScope;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

class WebSupportTest {

    private final MockMvc mvc = MockMvcBuilders.standaloneSetup(new ShipmentsController())
            .setControllerAdvice(new ApiExceptionHandler())
            .addInterceptors(new AppTokenInterceptor(new AppTokens(new AppTokenProperties(List.of(
                    new AppTokenProperties.AppToken("app_reader", "store-1", Set.of("READ_SHIPPING")),
                    new AppTokenProperties.AppToken("app_nothing", "store-1", Set.of()))))))
            .setCustomArgumentResolvers(new CallerArgumentResolver())
            .build();

    @Test
    void givenNoToken_whenCallingAProtectedEndpoint_thenAnswers401InTheEnvelope() throws Exception {
        mvc.perform(get("/shipments/s-1"))
                .andExpect(status().isUnauthorized())
                .andExpect(header().string("WWW-Authenticate", "Bearer"))
                .andExpect(jsonPath("$.status").value(401))
                .andExpect(jsonPath("$.success").value(false))
                .andExpect(jsonPath("$.message").value("Authentication required"))
                .andExpect(jsonPath("$.type").value("authentication_required"))
                .andExpect(jsonPath("$.data").isEmpty());
    }

    @Test
    void givenAnUnknownToken_thenAnswers401InvalidToken() throws Exception {
        mvc.perform(get("/shipments/s-1").header("Authorization", "Bearer app_forged"))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.type").value("invalid_token"));
    }

    @Test
    void givenATokenWithoutTheScope_thenAnswers403() throws Exception {
        mvc.perform(get("/shipments/s-1").header("Authorization", "Bearer app_nothing"))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.type").value("insufficient_scope"))
                .andExpect(jsonPath("$.message").value(containsString("READ_SHIPPING")));
    }

    @Test
    void givenAValidToken_thenTheHandlerSeesTheTenantBoundToIt() throws Exception {
        mvc.perform(get("/shipments/s-1").header("Authorization", "Bearer app_reader"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.data").value("store-1/s-1"));
    }

    @Test
    void givenBrokenJson_thenAnswers400MalformedJson() throws Exception {
        mvc.perform(post("/echo").contentType(MediaType.APPLICATION_JSON).content("{\"name\": "))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("malformed_json"));
    }

    @Test
    void givenAFieldOfTheWrongFormat_thenAnswers400NamingTheField() throws Exception {
        mvc.perform(post("/echo").contentType(MediaType.APPLICATION_JSON).content("{\"name\": \"x\", \"at\": \"yesterday\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("invalid_field"))
                .andExpect(jsonPath("$.field").value("at"));
    }

    @Test
    void givenTheWrongContentType_thenAnswers415() throws Exception {
        mvc.perform(post("/echo").contentType(MediaType.TEXT_PLAIN).content("hello"))
                .andExpect(status().isUnsupportedMediaType())
                .andExpect(jsonPath("$.type").value("unsupported_media_type"));
    }

    @Test
    void givenAMissingQueryParameter_thenAnswers400NamingIt() throws Exception {
        mvc.perform(get("/search"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.field").value("orderId"));
    }

    @Test
    void givenAnUnexpectedFailure_thenAnswers500WithoutTheStack() throws Exception {
        mvc.perform(get("/boom"))
                .andExpect(status().isInternalServerError())
                .andExpect(jsonPath("$.type").value("internal_error"))
                .andExpect(jsonPath("$.message").value(org.hamcrest.Matchers.not(containsString("IllegalStateException"))));
    }

    record Echo(String name, Instant at) {
    }

    @RestController
    static class ShipmentsController {

        @RequiresScope("READ_SHIPPING")
        @GetMapping("/shipments/{id}")
        ApiResponse<String> shipment(Caller caller, @PathVariable String id) {
            return ApiResponse.ok("found", caller.tenant() + "/" + id);
        }

        @PostMapping(path = "/echo", consumes = MediaType.APPLICATION_JSON_VALUE)
        Echo echo(@RequestBody Echo echo) {
            return echo;
        }

        @GetMapping("/search")
        String search(@RequestParam String orderId) {
            return orderId;
        }

        @GetMapping("/boom")
        String boom() {
            throw new IllegalStateException("database password is hunter2");
        }
    }
}
