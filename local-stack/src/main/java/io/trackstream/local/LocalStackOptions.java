package io.trackstream.local;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;

/**
 * What the local stack is asked to do, from the command line:
 * {@code --data-dir DIR} (default {@code .local-data}), {@code --kafka-port N} (default 9092), {@code --partitions N}
 * (default: the catalog's), {@code --broker-only} (just the broker and topics).
 */
public record LocalStackOptions(Path dataDir, int kafkaPort, int partitions, boolean brokerOnly) {

    public static final String USAGE = """
            usage: run-local.sh [--data-dir DIR] [--kafka-port N] [--partitions N] [--broker-only]
              --data-dir DIR   where the broker keeps its data (default .local-data); reused on the next run
              --kafka-port N   the broker's client port (default 9092)
              --partitions N   partitions of every topic when it is created (default: as in topics.yml)
              --broker-only    start only the broker with the topics created
            """;

    public static LocalStackOptions parse(String... args) {
        Path dataDir = Path.of(".local-data");
        int kafkaPort = 9092;
        int partitions = 0;
        boolean brokerOnly = false;
        Iterator<String> it = Arrays.asList(args).iterator();
        while (it.hasNext()) {
            String arg = it.next();
            switch (arg) {
                case "--data-dir" -> dataDir = Path.of(value(it, arg));
                case "--kafka-port" -> kafkaPort = number(value(it, arg), arg);
                case "--partitions" -> partitions = number(value(it, arg), arg);
                case "--broker-only" -> brokerOnly = true;
                default -> throw new IllegalArgumentException("Unknown option " + arg + "\n" + USAGE);
            }
        }
        return new LocalStackOptions(dataDir, kafkaPort, partitions, brokerOnly);
    }

    private static String value(Iterator<String> it, String option) {
        if (!it.hasNext()) {
            throw new IllegalArgumentException(option + " needs a value\n" + USAGE);
        }
        return it.next();
    }

    private static int number(String text, String option) {
        try {
            int n = Integer.parseInt(text);
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " takes a whole number, was " + text + "\n" + USAGE);
        }
    }
}
