package io.trackstream.bench;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/**
 * The baseline: a Kafka Streams app that copies bytes from one topic to another with no decode and no state, with
 * the guarantee, threads and commit interval the processor runs with. Nothing a Streams app does on this broker
 * can go faster. Runs until SIGTERM. Arguments: bootstrap applicationId input output threads commitIntervalMs stateDir,
 * then any number of {@code key=value} Kafka client settings (the processor's own, so both run with the same clients).
 */
final class PassthroughWorker {

    private PassthroughWorker() {
    }

    static void main(String[] args) throws InterruptedException {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(args[2], Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
                .to(args[3], Produced.with(Serdes.ByteArray(), Serdes.ByteArray()));
        BaselineStreams.runUntilStopped(builder.build(),
                BaselineStreams.properties(args[0], args[1], Integer.parseInt(args[4]), Long.parseLong(args[5]), args[6], args, 7));
    }
}
