package io.trackstream.processor.config;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

import io.trackstream.processor.mapping.MappingReloader;
import io.trackstream.processor.mapping.StatusMappings;
import io.trackstream.web.security.OperatorAccessFilter;

/**
 * {@code /actuator/mappingtables}: GET shows the running tables' digest and the last reload; POST (an app token with the
 * OPERATE scope) reloads them now, as the check interval would.
 */
@Endpoint(id = "mappingtables")
public class MappingTablesEndpoint {

    private final StatusMappings tables;
    private final MappingReloader reloader;

    public MappingTablesEndpoint(StatusMappings tables, MappingReloader reloader) {
        this.tables = tables;
        this.reloader = reloader;
    }

    @ReadOperation
    public Map<String, Object> mappings() {
        StatusMappings running = tables.current();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("digest", running.digest());
        body.put("providers", running.providers());
        body.put("lastReload", describe(reloader.last()));
        return body;
    }

    @WriteOperation
    public WebEndpointResponse<Map<String, Object>> reload(SecurityContext caller) {
        if (caller == null || !caller.isUserInRole(OperatorAccessFilter.OPERATE)) {
            return new WebEndpointResponse<>(Map.of("error", "forbidden",
                    "message", "Reloading the mapping tables needs an app token with the OPERATE scope"), 403);
        }
        MappingReloader.Result result = reloader.reload("requested");
        // a refusal is the files' problem, not the request's: 422 says what is wrong and that nothing changed
        int status = result.outcome() == MappingReloader.Outcome.REFUSED ? 422 : WebEndpointResponse.STATUS_OK;
        return new WebEndpointResponse<>(describe(result), status);
    }

    private static Map<String, Object> describe(MappingReloader.Result result) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("outcome", result.outcome().name());
        body.put("digest", result.digest());
        body.put("previousDigest", result.previous());
        body.put("providers", result.providers());
        body.put("at", result.at().toString());
        if (result.detail() != null) {
            body.put("detail", result.detail());
        }
        return body;
    }
}
