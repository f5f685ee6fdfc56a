package dev.flinkpravega.connector.source.enumerator;

import dev.flinkpravega.connector.source.PravegaCheckpoints;
import io.pravega.client.stream.Checkpoint;
import io.pravega.client.stream.ReaderGroup;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import javax.annotation.Nullable;
import org.apache.flink.util.FlinkRuntimeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the reader group's checkpoints: one for each Flink checkpoint ({@link
 * #checkpointForFlink}, on the enumerator's thread), and internal ones when none completed for a
 * while ({@link #maybeStartInternalCheckpoint}, on a worker thread).
 *
 * <p>Pravega readers hand back finished segments (at the end cut, or sealed by scaling) and
 * rebalance segments only at reader-group checkpoints. When Flink checkpoints are off (batch mode,
 * or none configured) or rare, internal ones, which readers pass without a Flink checkpoint, keep
 * bounded reads ending and scaled streams going.
 *
 * <p>Completing a checkpoint clears all earlier ones in Pravega, even unfinished ones, so an
 * internal checkpoint never starts while Flink's is under way (Flink's would be lost). Both start
 * under one lock, which also makes {@link #stop} final: no internal checkpoint starts once it
 * returned, so the reader group can be closed.
 */
final class CheckpointScheduler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CheckpointScheduler.class);

    /** How long without any reader-group checkpoint before an internal one starts. */
    static final Duration INTERNAL_CHECKPOINT_INTERVAL = Duration.ofSeconds(1);

    /** How often a waiting Flink checkpoint checks whether waiting on is pointless. */
    static final Duration AWAIT_CHECK_INTERVAL = Duration.ofMillis(200);

    private final ReaderGroup readerGroup;
    private final Duration checkpointTimeout;
    private final Duration internalInterval;
    private final Consumer<Checkpoint> onCompleted;
    private final Consumer<Throwable> onInternalFailure;
    private final boolean readersLeaveOnlyWhenStopped;
    private final ScheduledExecutorService executor;
    private final ReaderGroupCalls calls;

    private final Object lock = new Object();

    /** Set while a Flink checkpoint's Pravega checkpoint is under way. */
    private volatile boolean flinkCheckpointPending;

    /** The last internal checkpoint and their count; guarded by {@link #lock}. */
    private CompletableFuture<Checkpoint> internalCheckpoint;

    private long internalCheckpoints;
    private boolean stopped;

    /** When the last reader-group checkpoint (Flink's or internal) completed. */
    private volatile long lastCompletedNanos = System.nanoTime();

    /**
     * @param checkpointTimeout how long a Flink checkpoint waits for every reader's marker
     * @param internalInterval how long without a completed checkpoint before an internal one
     * @param onCompleted told of every completed checkpoint, on any thread
     * @param onInternalFailure told of every internal checkpoint that failed, on any thread
     */
    CheckpointScheduler(
            ReaderGroup readerGroup,
            Duration checkpointTimeout,
            Duration internalInterval,
            Consumer<Checkpoint> onCompleted,
            Consumer<Throwable> onInternalFailure) {
        this(
                readerGroup,
                checkpointTimeout,
                internalInterval,
                onCompleted,
                onInternalFailure,
                false);
    }

    /**
     * @param readersLeaveOnlyWhenStopped true when a reader goes offline only because its task
     *     stopped (an unbounded read: no reader finishes); a Flink checkpoint then stops waiting as
     *     soon as one of its readers went offline, since its Flink checkpoint cannot complete
     */
    CheckpointScheduler(
            ReaderGroup readerGroup,
            Duration checkpointTimeout,
            Duration internalInterval,
            Consumer<Checkpoint> onCompleted,
            Consumer<Throwable> onInternalFailure,
            boolean readersLeaveOnlyWhenStopped) {
        this.readersLeaveOnlyWhenStopped = readersLeaveOnlyWhenStopped;
        this.readerGroup = readerGroup;
        this.checkpointTimeout = checkpointTimeout;
        this.internalInterval = internalInterval;
        this.onCompleted = onCompleted;
        this.onInternalFailure = onInternalFailure;
        String name = readerGroup.getGroupName();
        this.calls = new ReaderGroupCalls(name);
        this.executor =
                new CheckpointPollingExecutor(
                        r -> {
                            Thread t = new Thread(r, "pravega-checkpoint-" + name);
                            t.setDaemon(true);
                            return t;
                        });
    }

    /**
     * Takes Pravega checkpoint {@code n} for Flink checkpoint {@code n}: starts it and waits until
     * every reader passed its marker. All of it, the calls to Pravega included, takes at most the
     * checkpoint timeout ({@link CheckpointTimeoutException}); while an earlier call to Pravega has
     * not returned, it fails at once with that exception. Declined (thrown) at once when a reader
     * in {@code expectedReaders} is not online in the group.
     */
    Checkpoint checkpointForFlink(long checkpointId, Set<String> expectedReaders) throws Exception {
        String checkpointName = PravegaCheckpoints.name(checkpointId);
        long deadline = System.nanoTime() + checkpointTimeout.toNanos();
        try {
            checkAllReadersOnline(checkpointId, expectedReaders, deadline);
            Future<CompletableFuture<Checkpoint>> starting;
            synchronized (lock) {
                flinkCheckpointPending = true;
                // Submitted under the lock: an internal checkpoint cannot start after it.
                starting =
                        calls.submitAfterCurrent(
                                "starting checkpoint " + checkpointName,
                                () -> readerGroup.initiateCheckpoint(checkpointName, executor),
                                deadline);
            }
            CompletableFuture<Checkpoint> future =
                    ReaderGroupCalls.await(
                            starting, "starting checkpoint " + checkpointName, deadline);
            LOG.debug("Started Pravega checkpoint {}", checkpointName);
            Checkpoint checkpoint = await(future, checkpointId, expectedReaders, deadline);
            completed(checkpoint);
            return checkpoint;
        } catch (TimeoutException | ReaderGroupCalls.Busy e) {
            cancelOutstandingCheckpoints();
            throw new CheckpointTimeoutException(
                    "Pravega checkpoint '"
                            + checkpointName
                            + "' of reader group '"
                            + readerGroup.getGroupName()
                            + "' did not complete within "
                            + checkpointTimeout.toMillis()
                            + " ms: "
                            + (e instanceof TimeoutException
                                    ? "not every reader reached its marker (a back-pressured or"
                                            + " stuck reader?), or Pravega did not answer. Raise"
                                            + " 'scan.checkpoint.timeout' if this is expected."
                                    : e.getMessage() + " (is Pravega reachable?)."),
                    e);
        } finally {
            flinkCheckpointPending = false;
        }
    }

    /**
     * Cancels unfinished Pravega checkpoints, so that they do not pile up behind the failed one; in
     * the background, and not at all while an earlier call has not returned (no checkpoint could
     * have been started since).
     */
    private void cancelOutstandingCheckpoints() {
        calls.queueOnce(
                "cancelling unfinished checkpoints", readerGroup::cancelOutstandingCheckpoints);
    }

    /** How long the current call to Pravega has not returned; zero when none is under way. */
    Duration stuckFor() {
        return calls.busyFor();
    }

    /**
     * The number of online readers, asked within the checkpoint timeout; -1 when Pravega did not
     * answer in time or an earlier call has not returned yet.
     */
    int onlineReaderCount() throws InterruptedException {
        try {
            // Never queues behind another call: a count can wait for the next refresh.
            String what = "counting the online readers";
            return ReaderGroupCalls.await(
                            calls.submit(what, readerGroup::getOnlineReaders),
                            what,
                            System.nanoTime() + checkpointTimeout.toNanos())
                    .size();
        } catch (TimeoutException | ReaderGroupCalls.Busy e) {
            return -1;
        }
    }

    /**
     * Waits for the checkpoint until the deadline. This runs on Flink's coordinator thread, where
     * every other call of the enumerator (reader registrations, subtask failures and resets) queues
     * behind it, so it stops early when the wait is pointless: when readers leave only when their
     * task stopped and one this checkpoint waits for went offline (its task was cancelled or
     * failed, so Flink's checkpoint cannot complete; a failover is under way and its notifications
     * are queued behind this wait).
     */
    private Checkpoint await(
            CompletableFuture<Checkpoint> future,
            long checkpointId,
            Set<String> expectedReaders,
            long deadline)
            throws Exception {
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new TimeoutException();
            }
            try {
                return future.get(
                        Math.min(left, AWAIT_CHECK_INTERVAL.toNanos()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                if (readersLeaveOnlyWhenStopped) {
                    checkReadersStillOnline(checkpointId, expectedReaders, deadline);
                }
            }
        }
    }

    private void checkReadersStillOnline(
            long checkpointId, Set<String> expectedReaders, long deadline) throws Exception {
        String offline = firstOffline(expectedReaders, deadline);
        if (offline != null) {
            cancelOutstandingCheckpoints();
            throw new FlinkRuntimeException(
                    "Checkpoint "
                            + checkpointId
                            + " abandoned: Pravega reader "
                            + offline
                            + " of reader group '"
                            + readerGroup.getGroupName()
                            + "' went offline while the checkpoint waited (its task"
                            + " stopped).");
        }
    }

    /**
     * A Pravega checkpoint only waits for the readers online when it starts. A reader that joins
     * later could emit events before Flink's barrier that the checkpoint's positions do not cover,
     * so the checkpoint is declined until every reader is online (Flink skips it and tries the
     * next; that does not count as a failed checkpoint).
     */
    private void checkAllReadersOnline(
            long checkpointId, Set<String> expectedReaders, long deadline) throws Exception {
        String offline = firstOffline(expectedReaders, deadline);
        if (offline != null) {
            throw new FlinkRuntimeException(
                    "Checkpoint "
                            + checkpointId
                            + " declined: Pravega reader "
                            + offline
                            + " of reader group '"
                            + readerGroup.getGroupName()
                            + "' is not online yet.");
        }
    }

    /** The first of {@code expectedReaders} the reader group does not have online, or null. */
    @Nullable
    private String firstOffline(Set<String> expectedReaders, long deadline) throws Exception {
        Set<String> online =
                calls.call("listing the online readers", deadline, readerGroup::getOnlineReaders);
        for (String readerId : expectedReaders) {
            if (!online.contains(readerId)) {
                return readerId;
            }
        }
        return null;
    }

    /**
     * Starts an internal checkpoint when none completed for the internal interval, unless Flink's
     * or the last internal one is under way, an earlier call to Pravega has not returned, or the
     * scheduler stopped. It is started on the calls' thread; this does not wait for it.
     */
    void maybeStartInternalCheckpoint() {
        synchronized (lock) {
            if (stopped
                    || flinkCheckpointPending
                    || calls.busy()
                    || (internalCheckpoint != null && !internalCheckpoint.isDone())) {
                return;
            }
            if (System.nanoTime() - lastCompletedNanos < internalInterval.toNanos()) {
                return;
            }
            CompletableFuture<Checkpoint> started = new CompletableFuture<>();
            String name = PravegaCheckpoints.internalName(++internalCheckpoints);
            try {
                calls.submit(
                        "starting internal checkpoint " + name,
                        () -> {
                            try {
                                return readerGroup
                                        .initiateCheckpoint(name, executor)
                                        .whenComplete(
                                                (checkpoint, error) -> {
                                                    if (error == null) {
                                                        started.complete(checkpoint);
                                                    } else {
                                                        started.completeExceptionally(error);
                                                    }
                                                });
                            } catch (RuntimeException e) {
                                started.completeExceptionally(e);
                                throw e;
                            }
                        });
            } catch (ReaderGroupCalls.Busy e) {
                return;
            }
            internalCheckpoint = started;
            started.whenComplete(
                    (checkpoint, error) -> {
                        if (error == null) {
                            completed(checkpoint);
                        } else {
                            onInternalFailure.accept(error);
                        }
                    });
        }
    }

    private void completed(Checkpoint checkpoint) {
        lastCompletedNanos = System.nanoTime();
        onCompleted.accept(checkpoint);
    }

    /** Starts no more internal checkpoints; one being started meanwhile has started on return. */
    void stop() {
        synchronized (lock) {
            stopped = true;
        }
    }

    @Override
    public void close() {
        stop();
        executor.shutdownNow();
        calls.close();
    }

    /** A Flink checkpoint failed because its Pravega checkpoint did not complete in time. */
    static final class CheckpointTimeoutException extends FlinkRuntimeException {
        private static final long serialVersionUID = 1L;

        CheckpointTimeoutException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
