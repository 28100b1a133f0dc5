package io.trackstream.local;

import java.util.concurrent.CountDownLatch;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code run-local.sh}: runs trackstream on this machine (see {@link LocalStackRun} and docs/local-stack.md). Ctrl-C
 * stops everything cleanly: the shutdown hook stops the apps (SIGTERM, then SIGKILL after a timeout), the sandboxes,
 * the registry and the broker, and the JVM exits only after that.
 */
public final class LocalStack {

    private static final Logger log = LoggerFactory.getLogger(LocalStack.class);

    private LocalStack() {
    }

    public static void main(String[] args) throws InterruptedException {
        LocalStackOptions options;
        try {
            options = LocalStackOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        if (options.mode() == LocalStackOptions.Mode.HELP) {
            System.out.print(LocalStackOptions.USAGE);
            return;
        }
        LocalStackRun run = LocalStackRun.prepare(options, System.getenv());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("Stopping the trackstream local stack");
            run.close();
            stopped.countDown();
        }, "local-stack-shutdown"));
        try {
            run.start();
        } catch (RuntimeException e) {
            log.error("The local stack could not start: {}", e.getMessage());
            System.exit(1);
            return;
        }
        run.printBanner(System.out);
        run.printSummaries(System.out);
        run.printMonitoringCheck(System.out);
        stopped.await();
    }
}
