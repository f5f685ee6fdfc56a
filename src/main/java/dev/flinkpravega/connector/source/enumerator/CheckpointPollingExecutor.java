package dev.flinkpravega.connector.source.enumerator;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * The executor the enumerator hands to {@code ReaderGroup#initiateCheckpoint}. Pravega 0.13 checks
 * on it whether the checkpoint is complete only every 500 ms, while every reader sits paused at its
 * marker until then; this executor runs those delayed checks after at most {@link #POLL}, so a
 * paused reader waits tens of milliseconds instead of up to half a second. It only shortens waits:
 * when the checkpoint completes is still up to the readers.
 */
final class CheckpointPollingExecutor extends ScheduledThreadPoolExecutor {
    static final Duration POLL = Duration.ofMillis(20);

    CheckpointPollingExecutor(ThreadFactory threads) {
        super(1, threads);
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> task, long delay, TimeUnit unit) {
        return super.schedule(task, capped(delay, unit), TimeUnit.NANOSECONDS);
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable task, long delay, TimeUnit unit) {
        return super.schedule(task, capped(delay, unit), TimeUnit.NANOSECONDS);
    }

    private static long capped(long delay, TimeUnit unit) {
        return Math.min(unit.toNanos(delay), POLL.toNanos());
    }
}
