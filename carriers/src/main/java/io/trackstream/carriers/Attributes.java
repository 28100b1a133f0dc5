package io.trackstream.carriers;

import java.util.LinkedHashMap;
import java.util.Map;

/** A raw event's attributes: the carrier's other fields worth keeping, in the order read; a field not said is left out. */
public final class Attributes {

    private final Map<String, String> values = new LinkedHashMap<>();

    public Attributes put(String name, String value) {
        if (value != null) {
            values.put(name, value);
        }
        return this;
    }

    public Map<String, String> toMap() {
        return values;
    }
}
