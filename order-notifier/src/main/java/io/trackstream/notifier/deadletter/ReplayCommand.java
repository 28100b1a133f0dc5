package io.trackstream.notifier.deadletter;

import java.util.Arrays;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.ExitCodeGenerator;

/**
 * {@code --replay-dead-letters}: the app starts without listeners and without a web server, replays the dead letters
 * not replayed yet, prints what it did and exits (0 when every record was written back or there was nothing to do).
 */
public class ReplayCommand implements ApplicationRunner, ExitCodeGenerator {

    public static final String OPTION = "replay-dead-letters";

    private final DeadLetterReplayer replayer;
    private volatile ReplayReport lastReport;
    private volatile int exitCode;

    public ReplayCommand(DeadLetterReplayer replayer) {
        this.replayer = replayer;
    }

    public static boolean requested(String... args) {
        return Arrays.asList(args).contains("--" + OPTION);
    }

    @Override
    public void run(ApplicationArguments args) {
        if (!args.containsOption(OPTION)) {
            return;
        }
        try {
            lastReport = replayer.replay();
            System.out.printf("replayed %d dead letter(s) %s, skipped %d%n", lastReport.count(),
                    lastReport.replayedByTopic(), lastReport.skipped());
        } catch (RuntimeException e) {
            exitCode = 1;
            throw e;
        }
    }

    /** The report of the run, null before it ran or when it was not asked for. */
    public ReplayReport lastReport() {
        return lastReport;
    }

    @Override
    public int getExitCode() {
        return exitCode;
    }
}
