package io.trackstream.processor.health;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * When the processor stops being ready, under {@code trackstream.processor.health.} (docs/processor.md).
 *
 * @param stallTimeout              how long an input partition may have lag without its committed offset moving
 *                                  before it counts as stalled
 * @param threadReplacementLimit    this many stream threads replaced within {@code threadReplacementWindow} is a
 *                                  replacement loop, not a one-off
 * @param threadReplacementWindow   the window over which replacements are counted
 * @param sampleInterval            how often the tasks' offsets are sampled (health calls sample too)
 */
@ConfigurationProperties("trackstream.processor.health")
public record ProcessorHealthProperties(
        @DefaultValue("PT2M") Duration stallTimeout,
        @DefaultValue("3") int threadReplacementLimit,
        @DefaultValue("PT10M") Duration threadReplacementWindow,
        @DefaultValue("PT5S") Duration sampleInterval) {
}
