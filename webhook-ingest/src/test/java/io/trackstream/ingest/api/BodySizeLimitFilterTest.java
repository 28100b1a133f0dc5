package io.trackstream.ingest.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.trackstream.ingest.metrics.IngestMetrics;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.util.StreamUtils;
import org.springframework.util.unit.DataSize;

/** A body without a Content-Length (chunked) is read no further than one byte past the limit. */
class BodySizeLimitFilterTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final BodySizeLimitFilter filter = new BodySizeLimitFilter(DataSize.ofBytes(10), new IngestMetrics(meters), Set.of("generic"));

    /** A request whose length is not declared, as with Transfer-Encoding: chunked. */
    private static MockHttpServletRequest chunked(byte[] body) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/webhooks/generic") {
            @Override
            public long getContentLengthLong() {
                return -1;
            }

            @Override
            public int getContentLength() {
                return -1;
            }
        };
        request.setContent(body);
        return request;
    }

    @Test
    void aChunkedBodyAtTheLimitIsHandedOnByteForByte() throws Exception {
        byte[] body = "0123456789".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        MockFilterChain chain = new MockFilterChain();

        filter.doFilter(chunked(body), new MockHttpServletResponse(), chain);

        assertThat(chain.getRequest()).isNotNull();
        assertThat(StreamUtils.copyToByteArray(chain.getRequest().getInputStream())).isEqualTo(body);
        assertThat(chain.getRequest().getContentLengthLong()).isEqualTo(10);
    }

    @Test
    void aChunkedBodyOneByteOverTheLimitIs413AndCounted() throws Exception {
        MockFilterChain chain = new MockFilterChain();
        MockHttpServletResponse response = new MockHttpServletResponse();

        filter.doFilter(chunked("0123456789X".getBytes(java.nio.charset.StandardCharsets.UTF_8)), response, chain);

        assertThat(chain.getRequest()).as("not handed on").isNull();
        assertThat(response.getStatus()).isEqualTo(413);
        assertThat(response.getContentAsString()).contains("\"type\":\"payload_too_large\"").contains("\"field\":\"body\"");
        assertThat(meters.find(IngestMetrics.REQUESTS).tags("endpoint", "generic", "outcome", "payload_too_large").counter().count())
                .isEqualTo(1);
    }
}
