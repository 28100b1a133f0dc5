package io.trackstream.bench;

import java.util.ArrayList;
import java.util.List;

/** The figures of a run, printed as they are measured and again together at the end, each beside its target. */
final class Report {

    private final List<String> summary = new ArrayList<>();

    void section(String title) {
        System.out.printf("%n=== %s ===%n", title);
        System.out.flush();
    }

    /** A line printed now only. */
    void info(String format, Object... args) {
        System.out.printf(format + "%n", args);
        System.out.flush();
    }

    /** A figure: printed now and repeated in the summary. */
    void figure(String format, Object... args) {
        String line = String.format(format, args);
        summary.add(line);
        System.out.println(line);
        System.out.flush();
    }

    /** A target check: printed now and in the summary. */
    void target(String what, boolean met, String detail) {
        figure("  target %-55s %s (%s)", what, met ? "MET" : "NOT MET", detail);
    }

    void printSummary() {
        System.out.printf("%n=== summary ===%n");
        summary.forEach(System.out::println);
        System.out.flush();
    }
}
