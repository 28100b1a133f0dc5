package io.trackstream.ingest.api;

import io.trackstream.carriers.webhook.WebhookSigner;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/** The headers a signed webhook is judged by, as sent, any of which may be missing: its Content-Type and signature. */
public record WebhookHeaders(String contentType, String timestamp, String signature) {

    /** Gives a handler parameter of type {@link WebhookHeaders} the request's headers. */
    public static final class Resolver implements HandlerMethodArgumentResolver {

        @Override
        public boolean supportsParameter(MethodParameter parameter) {
            return parameter.getParameterType() == WebhookHeaders.class;
        }

        @Override
        public WebhookHeaders resolveArgument(MethodParameter parameter, ModelAndViewContainer mav, NativeWebRequest request,
                WebDataBinderFactory binders) {
            return new WebhookHeaders(request.getHeader(HttpHeaders.CONTENT_TYPE), request.getHeader(WebhookSigner.TIMESTAMP_HEADER),
                    request.getHeader(WebhookSigner.SIGNATURE_HEADER));
        }
    }
}
