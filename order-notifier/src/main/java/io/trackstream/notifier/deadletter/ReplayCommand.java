package io.trackstream.notifier.deadletter;

import java.util.Arrays;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.ExitCodeGenerator;

/**
 * {@code --replay-dead-letters}: the app starts without listeners and without a web server, replays the dead letters
 * not replayed yet (or those the filters select, see {@link ReplaySelection}), prints what it did and exits: 0 when
 * every selected record was written back (or listed, with {@code --replay-dry-run}) or there was nothing to do, 1
 * when a write was not acknowledged, 2 when an option cannot be read.
 */
public class ReplayCommand implements ApplicationRunner, ExitCodeGenerator {

    public static final String OPTION = "replay-dead-letters";
    public static final String DRY_RUN = "replay-dry-run";

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
        ReplaySelection selection;
        try {
            selection = ReplaySelection.parse(args::getOptionValues, args.containsOption(DRY_RUN));
        } catch (IllegalArgumentException e) {
            System.err.println("replay not started: " + e.getMessage());
            exitCode = 2;
            return;
        }
        try {
            lastReport = replayer.replay(selection);
        } catch (RuntimeException e) {
            exitCode = 1;
            throw e;
        }
        if (lastReport.dryRun()) {
            lastReport.replayed().forEach(r -> System.out.println("would replay " + r.describe()));
        }
        System.out.printf("%s %d dead letter(s) %s, held back %d (REJECTED, INVALID_RECORD: name them with --replay-reason), skipped %d%n",
                lastReport.dryRun() ? "dry run: would replay" : "replayed", lastReport.count(),
                lastReport.replayedByTopic(), lastReport.heldBack(), lastReport.skipped());
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
