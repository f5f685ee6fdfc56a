package dev.flinkpravega.connector.source.reader;

import dev.flinkpravega.connector.config.PravegaConfig;
import dev.flinkpravega.connector.source.EndOfDataEvent;
import dev.flinkpravega.connector.source.PravegaCheckpoints;
import dev.flinkpravega.connector.source.PravegaDeserializationSchema;
import dev.flinkpravega.connector.source.ReaderFinishedEvent;
import dev.flinkpravega.connector.source.split.PravegaSplit;
import io.pravega.client.EventStreamClientFactory;
import io.pravega.client.stream.EventPointer;
import io.pravega.client.stream.EventRead;
import io.pravega.client.stream.EventStreamReader;
import io.pravega.client.stream.Position;
import io.pravega.client.stream.ReaderConfig;
import io.pravega.client.stream.Stream;
import io.pravega.client.stream.impl.ByteBufferSerializer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import javax.annotation.Nullable;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.util.Collector;
import org.apache.flink.util.FlinkRuntimeException;
import org.apache.flink.util.UserCodeClassLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one reader of the source's reader group.
 *
 * <p>A fetch thread reads Pravega and hands events over; this task thread deserializes and emits
 * them. How checkpoints line up with stream positions: for Flink checkpoint {@code n} the
 * enumerator starts Pravega checkpoint {@code n} and waits for it. When this thread meets its
 * marker it has emitted exactly the events before it; it pauses there and lets the fetch thread
 * acknowledge the marker. Only when every reader did so does Pravega checkpoint {@code n} complete,
 * and only then does Flink send checkpoint {@code n} to the tasks: the barrier leaves this reader
 * exactly at the marker, and {@link #snapshotState} ends the pause. {@link MarkerHandshake} holds
 * the rules of that meeting of the two threads.
 *
 * <p>This needs no {@code ExternallyInducedSourceReader}: that interface deadlocks Flink's final
 * checkpoint after a bounded source ends (the task waits forever for the reader to induce it).
 */
public final class PravegaSourceReader<T> implements SourceReader<T, PravegaSplit> {
    private static final Logger LOG = LoggerFactory.getLogger(PravegaSourceReader.class);

    /** A read running for longer than this is taken as stuck when the reader closes. */
    static final Duration STUCK_READ_THRESHOLD = Duration.ofSeconds(2);

    /** How long closing waits for a fetch thread stuck in a read. */
    static final Duration STUCK_READ_STOP_WAIT = Duration.ofSeconds(1);

    /**
     * With several readers, each waits this long before taking segments, so that the first one
     * online does not take them all (segments move between readers only at checkpoints).
     */
    private static final long INITIAL_ALLOCATION_DELAY_MS = 200;

    /** Batches in flight between the threads. */
    private static final int HANDOVER_CAPACITY = 8;

    private final PravegaConfig connection;
    private final Duration eventReadTimeout;
    private final SourceReaderContext context;
    private final PravegaDeserializationSchema<T> deserializer;
    private final boolean pravegaMetrics;

    /** The streams whose time windows give watermarks; empty for none. */
    private final List<Stream> watermarkStreams;

    /** Flink's standard source metrics (FLIP-33): events and bytes read from Pravega. */
    private final Counter numRecordsIn;

    private final Counter numBytesIn;

    /** Fetch threads still running after close() gave up waiting for them. */
    private final Counter fetchThreadsLeft;

    private final Handover<FetchedElement> handover = new Handover<>(HANDOVER_CAPACITY);
    private final EmittingCollector<T> collector = new EmittingCollector<>();

    private PravegaSplit split;
    private EventStreamClientFactory clientFactory;
    private EventFetcher fetcher;
    private Thread fetchThread;
    private Iterator<EventRead<ByteBuffer>> pending = Collections.emptyIterator();

    /** FLIP-33 {@code pendingBytes}; null with Pravega metrics off. */
    @Nullable private PendingBytes pendingBytes;

    /**
     * Holds this thread at a Flink checkpoint's marker, and the fetch thread until it got there.
     */
    private final MarkerHandshake handshake = new MarkerHandshake();

    private boolean finished;

    /** Fails this reader when its fetch thread hangs in a Pravega read; null before a split. */
    @Nullable private StuckReadWatchdog watchdog;

    /** Set by the watchdog; thrown by the task thread. */
    @Nullable private volatile IOException stuck;

    /**
     * @param connection how to reach Pravega
     * @param eventReadTimeout how long one read waits for an event when the stream is idle
     * @param deserializer turns events into records
     * @param pravegaMetrics whether to report {@code pendingBytes}
     * @param watermarkStreams the streams whose time windows give watermarks (empty for none)
     */
    public PravegaSourceReader(
            PravegaConfig connection,
            Duration eventReadTimeout,
            PravegaDeserializationSchema<T> deserializer,
            boolean pravegaMetrics,
            List<Stream> watermarkStreams,
            SourceReaderContext context) {
        this.connection = connection;
        this.watermarkStreams = watermarkStreams;
        this.pravegaMetrics = pravegaMetrics;
        this.eventReadTimeout = eventReadTimeout;
        this.context = context;
        this.deserializer = deserializer;
        this.numRecordsIn = context.metricGroup().getIOMetricGroup().getNumRecordsInCounter();
        this.numBytesIn = context.metricGroup().getIOMetricGroup().getNumBytesInCounter();
        this.fetchThreadsLeft = context.metricGroup().counter("pravegaFetchThreadsLeftRunning");
    }

    @Override
    public void start() {
        try {
            deserializer.open(
                    new DeserializationSchema.InitializationContext() {
                        @Override
                        public MetricGroup getMetricGroup() {
                            return context.metricGroup().addGroup("deserializer");
                        }

                        @Override
                        public UserCodeClassLoader getUserCodeClassLoader() {
                            return context.getUserCodeClassLoader();
                        }
                    });
        } catch (Exception e) {
            throw new FlinkRuntimeException("could not open the deserialization schema", e);
        }
    }

    @Override
    public void addSplits(List<PravegaSplit> splits) {
        for (PravegaSplit split : splits) {
            if (fetcher != null) {
                throw new IllegalStateException(
                        "reader already reads " + fetchThread.getName() + ", got " + split);
            }
            startFetching(split);
        }
    }

    private void startFetching(PravegaSplit split) {
        this.split = split;
        clientFactory =
                EventStreamClientFactory.withScope(
                        split.readerGroupScope(), connection.clientConfig());
        EventStreamReader<ByteBuffer> reader =
                clientFactory.createReader(
                        split.readerId(),
                        split.readerGroupName(),
                        new ByteBufferSerializer(),
                        ReaderConfig.builder()
                                .initialAllocationDelay(
                                        context.currentParallelism() > 1
                                                ? INITIAL_ALLOCATION_DELAY_MS
                                                : 0)
                                .build());
        AtomicReference<Position> lastPosition = null;
        if (pravegaMetrics) {
            lastPosition = new AtomicReference<>();
            registerPendingBytes(lastPosition);
        }
        fetcher =
                new EventFetcher(
                        reader,
                        handover,
                        handshake,
                        eventReadTimeout.toMillis(),
                        lastPosition,
                        watermarkStreams.isEmpty()
                                ? null
                                : new TimeWindowWatermarks(watermarkStreams));
        fetchThread = new Thread(fetcher, "pravega-fetcher-" + split.splitId());
        fetchThread.setDaemon(true);
        fetchThread.start();
        EventFetcher watched = fetcher;
        watchdog = new StuckReadWatchdog(watched::readStartedNanos, connection.controllerTimeout());
        watchdog.start(
                "pravega-read-watchdog-" + split.splitId(),
                inRead -> {
                    stuck =
                            new IOException(
                                    "Pravega reader "
                                            + split.readerId()
                                            + " of reader group '"
                                            + split.readerGroupName()
                                            + "' has been in one read for "
                                            + inRead.toSeconds()
                                            + " s (Pravega's client hangs there at times);"
                                            + " failing it so that the source restarts from its"
                                            + " last checkpoint. The read was at:\n"
                                            + stackOf(fetchThread));
                    // Wakes the task thread, which throws it.
                    handover.close();
                });
        LOG.info("Reading {}", split);
    }

    private void registerPendingBytes(AtomicReference<Position> lastPosition) {
        SegmentMetadataLengths lengths =
                SegmentMetadataLengths.of(clientFactory, connection.controllerTimeout());
        if (lengths == null) {
            LOG.warn("No pendingBytes metric: the Pravega client factory is not the client's own");
            return;
        }
        pendingBytes = new PendingBytes(lastPosition::get, lengths);
        context.metricGroup().setPendingBytesGauge(pendingBytes);
        pendingBytes.start("pravega-pending-bytes-" + split.splitId());
    }

    @Override
    public InputStatus pollNext(ReaderOutput<T> output) throws Exception {
        IOException hang = stuck;
        if (hang != null) {
            throw hang;
        }
        if (handshake.holdsOutput()) {
            return InputStatus.NOTHING_AVAILABLE;
        }
        if (pending.hasNext()) {
            emit(output);
            return InputStatus.MORE_AVAILABLE;
        }
        if (finished) {
            return InputStatus.END_OF_INPUT;
        }
        FetchedElement element = handover.poll();
        if (element == null) {
            return InputStatus.NOTHING_AVAILABLE;
        }
        switch (element.kind) {
            case EVENTS:
                pending = element.events.iterator();
                emit(output);
                return InputStatus.MORE_AVAILABLE;
            case CHECKPOINT:
                OptionalLong id = PravegaCheckpoints.checkpointId(element.checkpointName);
                if (id.isPresent()) {
                    // Everything before the marker is out; nothing after it goes out before
                    // Flink's barrier for this checkpoint.
                    handshake.pauseAt(id.getAsLong());
                    return InputStatus.NOTHING_AVAILABLE;
                }
                return InputStatus.MORE_AVAILABLE;
            case WATERMARK:
                output.emitWatermark(new Watermark(element.watermark));
                return InputStatus.MORE_AVAILABLE;
            case END:
                finished = true;
                context.sendSourceEventToCoordinator(new ReaderFinishedEvent());
                return InputStatus.END_OF_INPUT;
            case FAILURE:
                throw new IOException(
                        "Reading Pravega reader group '"
                                + split.readerGroupName()
                                + "' failed: "
                                + element.failure.getMessage(),
                        element.failure);
            default:
                throw new IllegalStateException("unknown element " + element.kind);
        }
    }

    private void emit(ReaderOutput<T> output) throws IOException {
        collector.output = output;
        while (pending.hasNext()) {
            EventRead<ByteBuffer> event = pending.next();
            numRecordsIn.inc();
            numBytesIn.inc(event.getEvent().remaining());
            try {
                deserializer.deserialize(event, collector);
            } catch (DownstreamException e) {
                // Not the format's fault: an operator chained after the source failed.
                throw e.unwrap();
            } catch (IOException | RuntimeException e) {
                throw new IOException(
                        "Failed to deserialize an event of stream '"
                                + describePosition(event.getEventPointer())
                                + ". Fix the event or let the format skip it (for example"
                                + " 'json.ignore-parse-errors' = 'true').",
                        e);
            }
        }
    }

    /** {@code scope/stream' at event <segment>:<offset>-<length>}: where a bad event is. */
    static String describePosition(EventPointer pointer) {
        if (pointer == null) {
            return "?'";
        }
        return pointer.getStream().getScopedName()
                + "' at event "
                + pointer
                + " (segment:offset-length)";
    }

    /** Carries an exception of a downstream operator through the format's code. */
    private static final class DownstreamException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        DownstreamException(RuntimeException cause) {
            super(cause);
        }

        RuntimeException unwrap() {
            return (RuntimeException) getCause();
        }
    }

    @Override
    public List<PravegaSplit> snapshotState(long checkpointId) {
        handshake.onSnapshotState(checkpointId);
        // Positions live in the reader group's checkpoint (the enumerator's state); the split
        // is handed out again by the enumerator on restore.
        return Collections.emptyList();
    }

    @Override
    public void notifyCheckpointAborted(long checkpointId) {
        // Checkpoint n failed elsewhere, so its barrier will not come: go on reading.
        handshake.onCheckpointAborted(checkpointId);
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        handshake.onCheckpointComplete(checkpointId);
    }

    @Override
    public CompletableFuture<Void> isAvailable() {
        if (stuck != null) {
            return CompletableFuture.completedFuture(null);
        }
        if (handshake.isPaused()) {
            return handshake.pauseEndsOrNewerMarker();
        }
        if (pending.hasNext() || finished) {
            return CompletableFuture.completedFuture(null);
        }
        return handover.available();
    }

    @Override
    public void notifyNoMoreSplits() {}

    @Override
    public void handleSourceEvents(SourceEvent event) {
        if (event instanceof EndOfDataEvent) {
            if (fetcher == null) {
                throw new IllegalStateException("end of data before a split was assigned");
            }
            fetcher.finish();
        }
    }

    @Override
    public void close() throws Exception {
        if (watchdog != null) {
            watchdog.close();
        }
        if (pendingBytes != null) {
            pendingBytes.close();
        }
        if (fetcher != null) {
            fetcher.stop();
            handover.close();
            // A read normally returns within milliseconds; one that has not for seconds waits on
            // an unreachable Pravega (so does a failed fetch thread's close of its reader), and
            // waiting for it would only hold up the restart that connects anew.
            long inReadSince = fetcher.readStartedNanos();
            boolean stuck =
                    inReadSince != 0
                            && System.nanoTime() - inReadSince > STUCK_READ_THRESHOLD.toNanos();
            long waitMs =
                    stuck ? STUCK_READ_STOP_WAIT.toMillis() : eventReadTimeout.toMillis() + 10_000;
            fetchThread.join(waitMs);
            if (fetchThread.isAlive()) {
                // It still holds the Pravega reader (online in the group, its segments not handed
                // back) and will close it whenever its read returns.
                LOG.warn(
                        "Fetch thread {} of Pravega reader group '{}' did not stop within {} ms"
                                + " of closing the reader; it may still hold its segments:\n{}",
                        fetchThread.getName(),
                        split.readerGroupName(),
                        waitMs,
                        stackOf(fetchThread));
                fetchThreadsLeft.inc();
            }
        }
        if (clientFactory != null) {
            clientFactory.close();
        }
    }

    private static String stackOf(Thread thread) {
        StringBuilder stack = new StringBuilder();
        for (StackTraceElement element : thread.getStackTrace()) {
            stack.append("\tat ").append(element).append('\n');
        }
        return stack.toString();
    }

    /**
     * Forwards deserialized records to the reader output; marks failures of the operators chained
     * behind the source so that they are not taken for format errors.
     */
    private static final class EmittingCollector<T> implements Collector<T> {
        ReaderOutput<T> output;

        @Override
        public void collect(T record) {
            try {
                output.collect(record);
            } catch (RuntimeException e) {
                throw new DownstreamException(e);
            }
        }

        @Override
        public void close() {}
    }
}
