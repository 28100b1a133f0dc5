package io.trackstream.testkit.carrier;

import java.time.Duration;

/**
 * One event in a demo parcel's life, as the carrier will report it: visible once {@code at} of simulated time has
 * passed. {@code skew} shifts the event time the carrier reports, so some events arrive out of order.
 */
public record ScriptStep(Duration at, String code, String substatus, String text, Duration skew) {

    public static ScriptStep at(int minutes, String code, String substatus, String text) {
        return new ScriptStep(Duration.ofMinutes(minutes), code, substatus, text, Duration.ZERO);
    }

    public ScriptStep skewed(Duration by) {
        return new ScriptStep(at, code, substatus, text, by);
    }
}
