package dev.flinkpravega.connector.source.reader;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Fails a reader whose fetch thread has been inside one Pravega read for too long. A read returns
 * within {@link EventFetcher#MAX_BLOCKING_READ_MS} plus the reader group's bookkeeping; but the
 * Pravega 0.13 client can hang for good in that bookkeeping (seen in CI: a write to the reader
 * group's state segment that never completed, 5 minutes and more, with the job's checkpoints going
 * on and no event read). Failing the task lets Flink restart the source from its last checkpoint,
 * which a hang never would.
 */
final class StuckReadWatchdog implements AutoCloseable {
    /** How often the read is looked at. */
    static final Duration CHECK_INTERVAL = Duration.ofSeconds(5);

    /** The least time a read may take before the reader fails. */
    static final Duration MIN_LIMIT = Duration.ofSeconds(30);

    private final LongSupplier readStartedNanos;
    private final long limitNanos;
    private ScheduledExecutorService timer;

    /**
     * @param readStartedNanos when the current read started ({@code System.nanoTime()}), 0 when the
     *     fetch thread is not in a read
     * @param controllerTimeout the connection's controller timeout: the limit is that, and at least
     *     {@link #MIN_LIMIT}
     */
    StuckReadWatchdog(LongSupplier readStartedNanos, Duration controllerTimeout) {
        this.readStartedNanos = readStartedNanos;
        this.limitNanos = Math.max(MIN_LIMIT.toNanos(), controllerTimeout.toNanos());
    }

    /** The current read's time so far when it is over the limit at {@code nowNanos}, else 0. */
    long overLimitNanos(long nowNanos) {
        long started = readStartedNanos.getAsLong();
        if (started == 0) {
            return 0;
        }
        long inRead = nowNanos - started;
        return inRead > limitNanos ? inRead : 0;
    }

    /** Checks every {@link #CHECK_INTERVAL}; tells {@code onStuck} once, with the read's time. */
    void start(String threadName, Consumer<Duration> onStuck) {
        timer =
                Executors.newSingleThreadScheduledExecutor(
                        r -> {
                            Thread t = new Thread(r, threadName);
                            t.setDaemon(true);
                            return t;
                        });
        long interval = CHECK_INTERVAL.toMillis();
        timer.scheduleWithFixedDelay(
                () -> {
                    long stuck = overLimitNanos(System.nanoTime());
                    if (stuck > 0) {
                        onStuck.accept(Duration.ofNanos(stuck));
                        timer.shutdown();
                    }
                },
                interval,
                interval,
                TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
