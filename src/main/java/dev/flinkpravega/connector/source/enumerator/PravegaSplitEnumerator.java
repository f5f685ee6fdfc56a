package dev.flinkpravega.connector.source.enumerator;

import dev.flinkpravega.connector.config.PravegaAdmin;
import dev.flinkpravega.connector.config.StreamRef;
import dev.flinkpravega.connector.source.EndOfDataEvent;
import dev.flinkpravega.connector.source.PravegaSourceConfig;
import dev.flinkpravega.connector.source.ReaderFinishedEvent;
import dev.flinkpravega.connector.source.split.PravegaSplit;
import io.pravega.client.stream.Checkpoint;
import io.pravega.client.stream.ReaderGroup;
import io.pravega.client.stream.ReaderGroupConfig;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.annotation.Nullable;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.util.FlinkRuntimeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The source's split enumerator: gives every subtask one split (a reader of the source's Pravega
 * reader group) and wires its parts to Flink. {@link ReaderGroupLifecycle} creates or resets the
 * group and deletes it, {@link CheckpointScheduler} turns each Flink checkpoint into a reader-group
 * checkpoint (whose bytes become the enumerator state) and starts internal ones, {@link
 * EndOfDataDetector} tells from completed checkpoints when a bounded read is done.
 *
 * <p>Checkpoint alignment: {@link #snapshotState(long)} starts Pravega checkpoint {@code n} and
 * waits until every reader has passed its marker. Each reader pauses at that marker until Flink
 * checkpoint {@code n} reaches it, so the positions in the Pravega checkpoint are the positions of
 * the Flink checkpoint.
 *
 * <p>Threads: everything here runs on Flink's coordinator thread except the callable of the
 * periodic {@code callAsync}, which only asks the scheduler and the detector (both thread-safe).
 */
public final class PravegaSplitEnumerator
        implements SplitEnumerator<PravegaSplit, PravegaEnumeratorState> {
    private static final Logger LOG = LoggerFactory.getLogger(PravegaSplitEnumerator.class);

    /** How often the {@code onlineReaders} gauge is brought up to date (a remote call). */
    static final Duration ONLINE_READERS_REFRESH = Duration.ofSeconds(2);

    private final PravegaSourceConfig config;
    private final SplitEnumeratorContext<PravegaSplit> context;
    @Nullable private PravegaEnumeratorState state;

    /** Subtasks that got their split from this enumerator instance. */
    private final Set<Integer> assigned = new HashSet<>();

    /** Subtasks whose reader read to the end and left the group. */
    private final Set<Integer> finished = new HashSet<>();

    private PravegaAdmin admin;
    private ReaderGroupLifecycle lifecycle;
    private CheckpointScheduler scheduler;
    private EndOfDataDetector endDetector;

    /** Set once the readers were told to finish. */
    private boolean endOfData;

    private final ConsecutiveTimeouts timeouts;

    /**
     * How long a call to Pravega may not return before the job fails over: 'controller.timeout', at
     * least {@link #MIN_STUCK_CALL_LIMIT}, as for the readers' reads.
     */
    private final Duration stuckCallLimit;

    static final Duration MIN_STUCK_CALL_LIMIT = Duration.ofSeconds(30);

    /** The longest {@link #close()} waits for the reader group's deletion and disconnecting. */
    static final Duration CLOSE_WAIT = Duration.ofSeconds(3);

    /** Flink checkpoints that failed because their Pravega checkpoint timed out. */
    private Counter checkpointTimeouts;

    /** Internal checkpoints and end checks that failed. */
    private Counter internalCheckpointFailures;

    private final RateLimitedWarning internalFailureWarning =
            new RateLimitedWarning(LOG, RateLimitedWarning.DEFAULT_INTERVAL);

    public PravegaSplitEnumerator(
            PravegaSourceConfig config,
            SplitEnumeratorContext<PravegaSplit> context,
            @Nullable PravegaEnumeratorState restored) {
        this.config = config;
        this.context = context;
        this.state = restored;
        this.timeouts = new ConsecutiveTimeouts(config.tolerableCheckpointTimeouts());
        Duration controllerTimeout = config.connection().controllerTimeout();
        this.stuckCallLimit =
                controllerTimeout.compareTo(MIN_STUCK_CALL_LIMIT) > 0
                        ? controllerTimeout
                        : MIN_STUCK_CALL_LIMIT;
    }

    @Override
    public void start() {
        admin = new PravegaAdmin(config.connection());
        for (StreamRef stream : config.streams()) {
            admin.ensureStream(
                    stream, config.createStreamsIfMissing(), config.requestedStreamPolicy());
        }
        if (state == null) {
            state = InitialEnumeratorState.resolve(config, admin);
        } else {
            // The job may have changed since the checkpoint: streams added or removed, another
            // reader group name.
            state =
                    RestoredEnumeratorState.merge(
                            state,
                            config.streams(),
                            config.readerGroupScope(),
                            config.readerGroupName(),
                            config.isBounded(),
                            InitialEnumeratorState.configuredCuts(config, admin));
        }
        // Flink restores their subtasks as finished: they do not register again.
        finished.addAll(state.finishedSubtasks());
        endDetector = EndOfDataDetector.of(state);
        String groupId = state.readerGroupScope() + "/" + state.readerGroupName();
        checkpointTimeouts =
                SharedCounters.counter(context.metricGroup(), "pravegaCheckpointTimeouts", groupId);
        internalCheckpointFailures =
                SharedCounters.counter(
                        context.metricGroup(), "pravegaInternalCheckpointFailures", groupId);
        ReaderGroupConfig groupConfig =
                ReaderGroupLifecycle.configFor(
                        state,
                        config.streams(),
                        config.readerGroupRefreshInterval(),
                        config.maxOutstandingCheckpointRequests(),
                        admin::successors);
        LOG.debug("Reader group config {}", groupConfig);
        lifecycle =
                new ReaderGroupLifecycle(admin, state.readerGroupScope(), state.readerGroupName());
        ReaderGroup readerGroup = lifecycle.createOrReset(groupConfig);
        if (config.pravegaMetrics()) {
            registerGauges(readerGroup);
        }
        scheduler =
                new CheckpointScheduler(
                        readerGroup,
                        config.checkpointTimeout(),
                        CheckpointScheduler.INTERNAL_CHECKPOINT_INTERVAL,
                        endDetector::checkpointCompleted,
                        this::internalCheckpointFailed,
                        // unbounded: a reader leaves the group only when its task stops
                        state.endCuts().isEmpty());
        long interval = CheckpointScheduler.INTERNAL_CHECKPOINT_INTERVAL.toMillis();
        context.callAsync(
                () -> {
                    scheduler.maybeStartInternalCheckpoint();
                    return endDetector.endReached();
                },
                (end, error) -> {
                    if (error != null) {
                        internalCheckpointFailed(error);
                    } else if (end && !endOfData) {
                        endOfData = true;
                        LOG.info("All events up to the end stream cuts are read; readers finish");
                        context.registeredReaders()
                                .keySet()
                                .forEach(
                                        r ->
                                                context.sendEventToSourceReader(
                                                        r, new EndOfDataEvent()));
                    }
                },
                interval,
                interval);
        LOG.info(
                "Reader group {}/{} ready over {} ({} checkpoint)",
                state.readerGroupScope(),
                state.readerGroupName(),
                config.streams(),
                state.checkpoint() == null ? "no" : "from");
    }

    /**
     * The reader group's gauges; the count of online readers is asked on Flink's worker thread,
     * never by a reporter reading the gauge.
     */
    private void registerGauges(ReaderGroup readerGroup) {
        ReaderGroupGauges gauges =
                ReaderGroupGauges.register(
                        context.metricGroup(),
                        state.readerGroupScope(),
                        state.readerGroupName(),
                        config.streams());
        long interval = ONLINE_READERS_REFRESH.toMillis();
        context.callAsync(
                () -> lifecycle.isDeleted() ? 0 : scheduler.onlineReaderCount(),
                (count, error) -> {
                    if (error == null && count >= 0) {
                        gauges.onlineReaders(count);
                    } else {
                        // the next refresh tries again
                        LOG.debug("Could not count the online readers", error);
                    }
                },
                0,
                interval);
    }

    /** Any thread: an internal checkpoint, or the periodic end check, failed. */
    private void internalCheckpointFailed(Throwable error) {
        internalCheckpointFailures.inc();
        internalFailureWarning.warn(
                "An internal checkpoint or end-of-data check of Pravega reader group '"
                        + state.readerGroupName()
                        + "' failed (bounded reads end and scaled segments are handed over only"
                        + " at completed checkpoints; the next one is tried in a second)",
                error);
    }

    @Override
    public void handleSplitRequest(int subtaskId, @Nullable String requesterHostname) {
        // Splits are pushed on registration; readers never ask.
    }

    @Override
    public void addSplitsBack(List<PravegaSplit> splits, int subtaskId) {
        throw partialRestart(subtaskId);
    }

    @Override
    public void addReader(int subtaskId) {
        if (!assigned.add(subtaskId)) {
            throw partialRestart(subtaskId);
        }
        context.assignSplit(splitOf(subtaskId), subtaskId);
        if (endOfData) {
            context.sendEventToSourceReader(subtaskId, new EndOfDataEvent());
        }
    }

    private PravegaSplit splitOf(int subtaskId) {
        return new PravegaSplit(state.readerGroupScope(), state.readerGroupName(), subtaskId);
    }

    /**
     * A reader restarted alone (regional failover) while the others went on. Its old Pravega reader
     * handed its segments back at positions past what Flink has checkpointed, so only a restore of
     * the whole reader group from the checkpoint is consistent. Failing here makes Flink restart
     * the whole job and reset this enumerator to its last checkpoint.
     */
    private FlinkRuntimeException partialRestart(int subtaskId) {
        LOG.info(
                "Reader {} of reader group {} restarted alone; failing over the whole source",
                subtaskId,
                state.readerGroupName());
        return new FlinkRuntimeException(
                "Reader "
                        + subtaskId
                        + " of Pravega reader group '"
                        + state.readerGroupName()
                        + "' restarted alone; restoring the whole source from the last"
                        + " checkpoint.");
    }

    @Override
    public void handleSourceEvent(int subtaskId, SourceEvent event) {
        if (event instanceof ReaderFinishedEvent) {
            finished.add(subtaskId);
            if (finished.size() == context.currentParallelism()) {
                // Nothing reads or checkpoints the group any more. Deleting it now rather than
                // in close() matters: when the job ends Flink may close the job's class loader
                // before it closes this enumerator, and the delete call then fails to load the
                // client's classes (seen with the SQL jar in PyFlink and the SQL Client).
                LOG.info("Every reader finished; deleting the reader group");
                deleteReaderGroup();
            }
        }
    }

    @Override
    public PravegaEnumeratorState snapshotState(long checkpointId) throws Exception {
        if (lifecycle.isDeleted()) {
            // Every reader read to the end; Flink does not restore a finished source.
            return state;
        }
        Checkpoint checkpoint;
        try {
            checkpoint = scheduler.checkpointForFlink(checkpointId, readersStillReading());
        } catch (CheckpointScheduler.CheckpointTimeoutException e) {
            checkpointTimeouts.inc();
            Duration stuck = scheduler.stuckFor();
            if (stuck.compareTo(stuckCallLimit) > 0) {
                failJob(stuckCall(stuck, e));
            } else if (timeouts.timedOut()) {
                failJob(timedOut(e));
            } else {
                LOG.warn(
                        "{} ({} of {} tolerable in a row, 'scan.checkpoint.tolerable-timeouts')",
                        e.getMessage(),
                        timeouts.count(),
                        timeouts.tolerable());
            }
            throw e;
        }
        timeouts.completed();
        ByteBuffer bytes = checkpoint.toBytes();
        byte[] array = new byte[bytes.remaining()];
        bytes.get(array);
        state = state.withCheckpoint(array).withFinishedSubtasks(finished);
        return state;
    }

    /**
     * Flink counts a failure thrown from {@link #snapshotState} as a trigger failure, which never
     * counts against {@code execution.checkpointing.tolerable-failed-checkpoints}, so the job would
     * run on without checkpoints. A runnable that throws on the coordinator thread fails the job
     * (global failover, then the restart strategy decides).
     */
    private void failJob(FlinkRuntimeException failure) {
        context.runInCoordinatorThread(
                () -> {
                    throw failure;
                });
    }

    private FlinkRuntimeException timedOut(CheckpointScheduler.CheckpointTimeoutException cause) {
        return new FlinkRuntimeException(
                timeouts.count()
                        + " Flink checkpoint(s) in a row failed because the checkpoint of"
                        + " Pravega reader group '"
                        + state.readerGroupName()
                        + "' did not complete within 'scan.checkpoint.timeout' ("
                        + config.checkpointTimeout().toMillis()
                        + " ms), more than 'scan.checkpoint.tolerable-timeouts' ("
                        + timeouts.tolerable()
                        + ") allows; failing the job. A reader did not reach its"
                        + " checkpoint marker: it is stuck, or back-pressured for longer"
                        + " than the timeout.",
                cause);
    }

    /**
     * A call to Pravega that has not returned for longer than the limit: the client may not recover
     * by itself (its retries back off for minutes after an outage), so the job fails over and the
     * restored enumerator and readers connect anew, whatever 'scan.checkpoint .tolerable-timeouts'
     * allows.
     */
    private FlinkRuntimeException stuckCall(
            Duration stuck, CheckpointScheduler.CheckpointTimeoutException cause) {
        return new FlinkRuntimeException(
                "A call of the source's enumerator to Pravega reader group '"
                        + state.readerGroupName()
                        + "' has not returned for "
                        + stuck.toMillis()
                        + " ms (more than "
                        + stuckCallLimit.toMillis()
                        + " ms, 'controller.timeout' but at least 30 s); failing the job so"
                        + " that the source connects to Pravega anew.",
                cause);
    }

    /**
     * Reader ids of every subtask that did not finish, registered or not: a reader that joins the
     * group after a checkpoint started is not waited for by it, so a checkpoint must be declined
     * until every subtask's reader is online. Finished subtasks are in the enumerator state: Flink
     * restores them as finished, and they never register again.
     */
    private Set<String> readersStillReading() {
        Set<String> readers = new LinkedHashSet<>();
        for (int subtask = 0; subtask < context.currentParallelism(); subtask++) {
            if (!finished.contains(subtask)) {
                readers.add(splitOf(subtask).readerId());
            }
        }
        return readers;
    }

    /**
     * Deletes the reader group and disconnects, waiting for that at most {@link #CLOSE_WAIT}. After
     * an outage the old client's calls can block for many seconds (its retries back off), and
     * during a failover Flink starts the restored enumerator only once this one closed; the rest
     * goes on on a daemon thread. A restored enumerator owns the group by then, so the late delete
     * leaves it alone ({@link ReaderGroupOwnership}).
     */
    @Override
    public void close() {
        Thread closing = new Thread(this::disconnect, "pravega-enumerator-close");
        closing.setDaemon(true);
        closing.start();
        try {
            closing.join(CLOSE_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (closing.isAlive()) {
            LOG.warn(
                    "Closing the enumerator of Pravega reader group '{}' did not finish within {}"
                            + " ms (is Pravega reachable?); it goes on in the background",
                    state == null ? "?" : state.readerGroupName(),
                    CLOSE_WAIT.toMillis());
        }
    }

    private void disconnect() {
        try {
            deleteReaderGroup();
            if (lifecycle != null) {
                lifecycle.close();
            }
        } catch (RuntimeException e) {
            LOG.warn("Closing Pravega reader group '{}' failed", state.readerGroupName(), e);
        } finally {
            if (scheduler != null) {
                scheduler.close();
            }
            if (admin != null) {
                admin.close();
            }
        }
    }

    /** No internal checkpoint may start on the group once it is being deleted. */
    private void deleteReaderGroup() {
        if (scheduler != null) {
            scheduler.stop();
        }
        if (lifecycle != null) {
            lifecycle.delete();
        }
    }
}
