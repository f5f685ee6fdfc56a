package dev.flinkpravega.connector.source.enumerator;

import dev.flinkpravega.connector.config.BoundedMode;
import dev.flinkpravega.connector.config.PravegaAdmin;
import dev.flinkpravega.connector.config.StreamCuts;
import dev.flinkpravega.connector.config.StreamRef;
import dev.flinkpravega.connector.source.EndOfDataEvent;
import dev.flinkpravega.connector.source.PravegaCheckpoints;
import dev.flinkpravega.connector.source.PravegaSourceConfig;
import dev.flinkpravega.connector.source.ReaderFinishedEvent;
import dev.flinkpravega.connector.source.split.PravegaSplit;
import io.pravega.client.admin.ReaderGroupManager;
import io.pravega.client.segment.impl.Segment;
import io.pravega.client.stream.Checkpoint;
import io.pravega.client.stream.ConfigMismatchException;
import io.pravega.client.stream.ReaderGroup;
import io.pravega.client.stream.ReaderGroupConfig;
import io.pravega.client.stream.Stream;
import io.pravega.client.stream.StreamCut;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.annotation.Nullable;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.util.FlinkRuntimeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the source's Pravega reader group: creates (or resets) it at start, gives every subtask one
 * split (a reader of the group), and turns each Flink checkpoint into a Pravega reader-group
 * checkpoint whose bytes become the enumerator state.
 *
 * <p>Checkpoint alignment: {@link #snapshotState(long)} starts Pravega checkpoint {@code n} and
 * waits until every reader has passed its marker. Each reader induces Flink checkpoint {@code n}
 * exactly at that marker, so the positions in the Pravega checkpoint are the positions of the Flink
 * checkpoint.
 */
public final class PravegaSplitEnumerator
        implements SplitEnumerator<PravegaSplit, PravegaEnumeratorState> {
    private static final Logger LOG = LoggerFactory.getLogger(PravegaSplitEnumerator.class);

    /** How long without any reader-group checkpoint before an internal one starts. */
    static final Duration INTERNAL_CHECKPOINT_INTERVAL = Duration.ofSeconds(1);

    /** Deleting the group is clean-up: it must not hold up the end of a job for long. */
    private static final Duration DELETE_TIMEOUT = Duration.ofSeconds(5);

    private final PravegaSourceConfig config;
    private final SplitEnumeratorContext<PravegaSplit> context;
    @Nullable private PravegaEnumeratorState state;

    /** Subtasks that got their split from this enumerator instance. */
    private final Set<Integer> assigned = new HashSet<>();

    /** Subtasks whose reader read to the end and left the group. */
    private final Set<Integer> finished = new HashSet<>();

    private PravegaAdmin admin;
    private ReaderGroupManager readerGroupManager;
    private ReaderGroup readerGroup;
    private ScheduledExecutorService checkpointExecutor;

    /** When the last reader-group checkpoint (Flink's or internal) completed. */
    private volatile long lastCheckpointNanos = System.nanoTime();

    private final Object checkpointLock = new Object();
    private volatile boolean flinkCheckpointPending;
    private CompletableFuture<Checkpoint> internalCheckpoint;
    private long internalCheckpoints;

    /** Segment to end offset, from the end cuts; empty when unbounded. */
    private final Map<Segment, Long> endPositions = new HashMap<>();

    /** Set when a completed checkpoint shows every reader at the end cuts. */
    private volatile boolean endReached;

    private boolean endOfData;

    /** Set once the group is deleted: every reader finished, or the enumerator closed. */
    private volatile boolean readerGroupDeleted;

    public PravegaSplitEnumerator(
            PravegaSourceConfig config,
            SplitEnumeratorContext<PravegaSplit> context,
            @Nullable PravegaEnumeratorState restored) {
        this.config = config;
        this.context = context;
        this.state = restored;
    }

    @Override
    public void start() {
        admin = new PravegaAdmin(config.connection());
        for (StreamRef stream : config.streams()) {
            admin.ensureStream(stream, config.createStreamsIfMissing(), config.minSegments());
        }
        if (state == null) {
            state =
                    new PravegaEnumeratorState(
                            config.readerGroupScope(),
                            config.readerGroupName(),
                            resolveStartCuts(),
                            resolveEndCuts(),
                            null);
        }
        for (String end : state.endCuts().values()) {
            endPositions.putAll(StreamCuts.parse(end).asImpl().getPositions());
        }
        ReaderGroupConfig groupConfig = readerGroupConfig(state);
        LOG.debug("Reader group config {}", groupConfig);
        String scope = state.readerGroupScope();
        String name = state.readerGroupName();
        readerGroupManager = admin.readerGroupManager(scope);
        ReaderGroupOwnership.takeOver(
                scope + "/" + name,
                this,
                () ->
                        admin.call(
                                "creating reader group '" + scope + "/" + name + "'",
                                () -> {
                                    boolean created;
                                    try {
                                        created =
                                                readerGroupManager.createReaderGroup(
                                                        name, groupConfig);
                                    } catch (ConfigMismatchException e) {
                                        created = false;
                                    }
                                    readerGroup = readerGroupManager.getReaderGroup(name);
                                    if (!created) {
                                        // Left from an earlier attempt: start over from our state.
                                        readerGroup.resetReaderGroup(groupConfig);
                                    }
                                    return null;
                                }));
        checkpointExecutor =
                new CheckpointPollingExecutor(
                        r -> {
                            Thread t = new Thread(r, "pravega-checkpoint-" + name);
                            t.setDaemon(true);
                            return t;
                        });
        long interval = INTERNAL_CHECKPOINT_INTERVAL.toMillis();
        context.callAsync(
                () -> {
                    maybeCheckpointInternally();
                    return endReached;
                },
                (end, error) -> {
                    if (error != null) {
                        LOG.debug("internal checkpoint or end check failed", error);
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
                scope,
                name,
                config.streams(),
                state.checkpoint() == null ? "no" : "from");
    }

    /**
     * Pravega readers hand back finished segments (at the end cut, or sealed by scaling) and
     * rebalance segments only at reader-group checkpoints. When Flink checkpoints are off (batch
     * mode, or none configured) or rare, this starts internal ones, which readers pass without a
     * Flink checkpoint, so that bounded reads end and scaled streams go on.
     */
    private void maybeCheckpointInternally() {
        synchronized (checkpointLock) {
            // Completing a checkpoint clears all earlier ones in Pravega, even unfinished ones:
            // never start one while Flink's is under way, or Flink's would be lost.
            if (readerGroupDeleted
                    || flinkCheckpointPending
                    || (internalCheckpoint != null && !internalCheckpoint.isDone())) {
                return;
            }
            long sinceLast = System.nanoTime() - lastCheckpointNanos;
            if (sinceLast < INTERNAL_CHECKPOINT_INTERVAL.toNanos()) {
                return;
            }
            internalCheckpoint =
                    readerGroup.initiateCheckpoint(
                            PravegaCheckpoints.internalName(++internalCheckpoints),
                            checkpointExecutor);
        }
        internalCheckpoint.thenAccept(this::checkpointCompleted);
    }

    private void checkpointCompleted(Checkpoint checkpoint) {
        lastCheckpointNanos = System.nanoTime();
        if (!endPositions.isEmpty() && isAtEnd(checkpoint)) {
            endReached = true;
        }
    }

    /**
     * True when every segment a checkpoint still holds a position for is at its end cut. A segment
     * read to its end drops out of the positions; one not reached yet (after scaling) has a
     * predecessor in them that is not part of the end cut. (Pravega's own unread-bytes metric
     * miscounts once segments dropped out, so it is not used.)
     */
    private boolean isAtEnd(Checkpoint checkpoint) {
        for (StreamCut cut : checkpoint.asImpl().getPositions().values()) {
            for (Map.Entry<Segment, Long> position : cut.asImpl().getPositions().entrySet()) {
                Long end = endPositions.get(position.getKey());
                if (end == null || end < 0 || position.getValue() < end) {
                    return false;
                }
            }
        }
        return true;
    }

    private Map<String, String> resolveStartCuts() {
        Map<String, String> cuts = new LinkedHashMap<>();
        switch (config.startupMode()) {
            case EARLIEST:
                for (Map.Entry<StreamRef, StreamCut> e : admin.heads(config.streams()).entrySet()) {
                    cuts.put(e.getKey().qualifiedName(), StreamCuts.print(e.getValue()));
                }
                break;
            case LATEST:
                for (Map.Entry<StreamRef, StreamCut> e : admin.tails(config.streams()).entrySet()) {
                    cuts.put(e.getKey().qualifiedName(), StreamCuts.print(e.getValue()));
                }
                break;
            case STREAM_CUT:
                config.startStreamCuts().forEach((k, v) -> cuts.put(k.qualifiedName(), v));
                break;
            default:
                throw new IllegalStateException("unknown startup mode " + config.startupMode());
        }
        return cuts;
    }

    private Map<String, String> resolveEndCuts() {
        Map<String, String> cuts = new LinkedHashMap<>();
        if (config.boundedMode() == BoundedMode.LATEST) {
            for (Map.Entry<StreamRef, StreamCut> e : admin.tails(config.streams()).entrySet()) {
                cuts.put(e.getKey().qualifiedName(), StreamCuts.print(e.getValue()));
            }
        } else if (config.boundedMode() == BoundedMode.STREAM_CUT) {
            config.endStreamCuts().forEach((k, v) -> cuts.put(k.qualifiedName(), v));
        }
        return cuts;
    }

    private ReaderGroupConfig readerGroupConfig(PravegaEnumeratorState state) {
        Map<Stream, StreamCut> checkpointPositions = Collections.emptyMap();
        if (state.checkpoint() != null) {
            checkpointPositions =
                    Checkpoint.fromBytes(ByteBuffer.wrap(state.checkpoint()))
                            .asImpl()
                            .getPositions();
        }
        ReaderGroupConfig.ReaderGroupConfigBuilder builder =
                ReaderGroupConfig.builder()
                        .disableAutomaticCheckpoints()
                        // Flink's and our internal ones may overlap briefly.
                        .maxOutstandingCheckpointRequest(10)
                        .groupRefreshTimeMillis(config.readerGroupRefreshInterval().toMillis());
        for (StreamRef ref : config.streams()) {
            Stream stream = ref.toStream();
            StreamCut start = checkpointPositions.get(stream);
            if (start == null) {
                String text = state.startCuts().get(ref.qualifiedName());
                start = text == null ? StreamCut.UNBOUNDED : StreamCuts.parse(text);
            }
            String endText = state.endCuts().get(ref.qualifiedName());
            StreamCut end = endText == null ? StreamCut.UNBOUNDED : StreamCuts.parse(endText);
            builder.stream(stream, start, end);
        }
        return builder.build();
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
        PravegaSplit split =
                new PravegaSplit(state.readerGroupScope(), state.readerGroupName(), subtaskId);
        context.assignSplit(split, subtaskId);
        if (endOfData) {
            context.sendEventToSourceReader(subtaskId, new EndOfDataEvent());
        }
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

    /**
     * A Pravega checkpoint only waits for the readers online when it starts. A reader that joins
     * later could emit events before Flink's barrier that the checkpoint's positions do not cover,
     * so the checkpoint is declined until every reader is online (Flink skips it and tries the
     * next; that does not count as a failed checkpoint).
     */
    private void checkAllReadersOnline(long checkpointId) {
        Set<String> online = readerGroup.getOnlineReaders();
        for (int subtask : assigned) {
            String readerId =
                    new PravegaSplit(state.readerGroupScope(), state.readerGroupName(), subtask)
                            .readerId();
            if (!finished.contains(subtask) && !online.contains(readerId)) {
                throw new FlinkRuntimeException(
                        "Checkpoint "
                                + checkpointId
                                + " declined: Pravega reader "
                                + readerId
                                + " of reader group '"
                                + state.readerGroupName()
                                + "' is not online yet.");
            }
        }
    }

    @Override
    public PravegaEnumeratorState snapshotState(long checkpointId) throws Exception {
        if (readerGroupDeleted) {
            // Every reader read to the end; Flink does not restore a finished source.
            return state;
        }
        checkAllReadersOnline(checkpointId);
        String checkpointName = PravegaCheckpoints.name(checkpointId);
        CompletableFuture<Checkpoint> future;
        synchronized (checkpointLock) {
            flinkCheckpointPending = true;
            future = readerGroup.initiateCheckpoint(checkpointName, checkpointExecutor);
        }
        LOG.debug("Started Pravega checkpoint {}", checkpointName);
        long timeoutMs = config.checkpointTimeout().toMillis();
        try {
            Checkpoint checkpoint = future.get(timeoutMs, TimeUnit.MILLISECONDS);
            ByteBuffer bytes = checkpoint.toBytes();
            byte[] array = new byte[bytes.remaining()];
            bytes.get(array);
            state = state.withCheckpoint(array);
            checkpointCompleted(checkpoint);
            return state;
        } catch (TimeoutException e) {
            // Do not let unfinished Pravega checkpoints pile up behind this one.
            readerGroup.cancelOutstandingCheckpoints();
            throw new FlinkRuntimeException(
                    "Pravega checkpoint '"
                            + checkpointName
                            + "' of reader group '"
                            + state.readerGroupName()
                            + "' did not complete within "
                            + timeoutMs
                            + " ms: not every reader reached its marker (a back-pressured or"
                            + " stuck reader?). Raise 'scan.checkpoint.timeout' if this is"
                            + " expected.",
                    e);
        } finally {
            flinkCheckpointPending = false;
        }
    }

    @Override
    public void close() {
        deleteReaderGroup();
        if (readerGroupManager != null) {
            readerGroupManager.close();
        }
        if (checkpointExecutor != null) {
            checkpointExecutor.shutdownNow();
        }
        if (admin != null) {
            admin.close();
        }
    }

    /**
     * Deletes the reader group once. A restore recreates it from the checkpoint, so nothing needs
     * it any more, unless a newer enumerator (after a failover) already took it over.
     */
    private void deleteReaderGroup() {
        synchronized (checkpointLock) {
            if (readerGroupDeleted) {
                return;
            }
            readerGroupDeleted = true;
        }
        if (readerGroup != null) {
            readerGroup.close();
        }
        if (readerGroupManager == null || state == null) {
            return;
        }
        String name = state.readerGroupName();
        ReaderGroupOwnership.release(
                state.readerGroupScope() + "/" + name,
                this,
                () -> {
                    try {
                        admin.call(
                                "deleting reader group '" + name + "'",
                                () -> {
                                    readerGroupManager.deleteReaderGroup(name);
                                    return null;
                                },
                                DELETE_TIMEOUT);
                    } catch (RuntimeException | LinkageError e) {
                        LOG.warn("Could not delete reader group {}: {}", name, e.toString());
                    }
                });
    }
}
