package io.trackstream.pollers.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Provider answers shaped like the API seeds (/work/shared/seeds), kept byte for byte under src/test/resources/seeds. */
public final class Seeds {

    private Seeds() {
    }

    public static byte[] bytes(String name) {
        try (InputStream in = Seeds.class.getClassLoader().getResourceAsStream("seeds/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("No seed fixture " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
