package dev.flinkpravega.connector.source.reader;

import dev.flinkpravega.connector.source.PravegaCheckpoints;
import io.pravega.client.stream.EventRead;
import io.pravega.client.stream.EventStreamReader;
import io.pravega.client.stream.Position;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicReference;
import javax.annotation.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thread that reads one Pravega reader and hands events over in batches. It keeps reading past
 * a checkpoint marker (that next read is what completes the reader's part of the Pravega
 * checkpoint), once the task thread reached the marker ({@link MarkerHandshake}); the task thread
 * emits nothing past the marker until Flink took the checkpoint.
 */
final class EventFetcher implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(EventFetcher.class);

    /**
     * Largest batch. A batch is handed over when it is full or when the reader has nothing more
     * buffered, not whenever the task thread is idle: waking the task thread for a handful of
     * events cost the fetch thread more than reading them (measured: 1.5 million events/s with
     * that, 2.6 million without, against 2.8 million for the raw reader). Filling a batch from the
     * reader's buffer takes well under a millisecond, so latency does not suffer.
     */
    static final int MAX_BATCH = 512;

    /**
     * Longest that one read blocks. A Pravega 0.13 reader waiting at the tail sometimes misses the
     * arrival of new data and sleeps out its whole timeout, so long waits delayed events by up to
     * the read timeout (measured: median 0.5 s with a 1 s timeout, 3 ms with this cap).
     */
    static final long MAX_BLOCKING_READ_MS = 20;

    private final EventStreamReader<ByteBuffer> reader;
    private final Handover<FetchedElement> handover;
    private final long blockingReadMs;
    private final MarkerHandshake handshake;

    /**
     * The position after the last event fetched, for {@link PendingBytes}; null when not wanted.
     * Set once per batch and per read without an event (whose position also shows segments taken or
     * released), not per event.
     */
    @Nullable private final AtomicReference<Position> lastPosition;

    /** Watermarks from Pravega's time windows; null when not wanted. */
    @Nullable private final TimeWindowWatermarks watermarks;

    /** When the current read started ({@code System.nanoTime()}); 0 outside a read. */
    private volatile long readStartedNanos;

    private volatile boolean running = true;
    private volatile boolean finishRequested;

    EventFetcher(
            EventStreamReader<ByteBuffer> reader,
            Handover<FetchedElement> handover,
            MarkerHandshake handshake,
            long readTimeoutMs,
            @Nullable AtomicReference<Position> lastPosition,
            @Nullable TimeWindowWatermarks watermarks) {
        this.reader = reader;
        this.watermarks = watermarks;
        this.lastPosition = lastPosition;
        this.handover = handover;
        this.handshake = handshake;
        this.blockingReadMs = Math.min(readTimeoutMs, MAX_BLOCKING_READ_MS);
    }

    /** When the current read started ({@code System.nanoTime()}); 0 outside a read. */
    long readStartedNanos() {
        return readStartedNanos;
    }

    private static long nowNonZero() {
        long now = System.nanoTime();
        return now == 0 ? 1 : now;
    }

    void stop() {
        running = false;
        handshake.stop();
    }

    /** Ends reading after the current read: everything up to the end cuts has been read. */
    void finish() {
        finishRequested = true;
    }

    @Override
    public void run() {
        List<EventRead<ByteBuffer>> batch = new ArrayList<>(MAX_BATCH);
        try {
            while (running) {
                if (finishRequested) {
                    handOver(batch);
                    handover.put(FetchedElement.end());
                    return;
                }
                // With events in hand, only take what the reader has buffered: a blocking read
                // would hold them back until more arrive or the read times out.
                readStartedNanos = nowNonZero();
                EventRead<ByteBuffer> read =
                        reader.readNextEvent(batch.isEmpty() ? blockingReadMs : 0);
                readStartedNanos = 0;
                if (read.isCheckpoint()) {
                    batch = handOver(batch);
                    fetched(read);
                    String name = read.getCheckpointName();
                    OptionalLong flinkCheckpoint = PravegaCheckpoints.checkpointId(name);
                    if (flinkCheckpoint.isPresent()) {
                        handshake.markerRead(flinkCheckpoint.getAsLong());
                    }
                    handover.put(FetchedElement.checkpoint(name));
                    if (flinkCheckpoint.isPresent()) {
                        // The next read completes this reader's part of the Pravega checkpoint.
                        // Wait until the task emitted every event before the marker, so that
                        // Flink's barrier for it cannot overtake any of them.
                        handshake.awaitTaskAtMarker();
                    }
                } else if (read.getEvent() != null) {
                    batch.add(read);
                    if (batch.size() >= MAX_BATCH) {
                        batch = handOver(batch);
                    }
                } else {
                    batch = handOver(batch);
                    fetched(read);
                    if (read.isReadCompleted()) {
                        handover.put(FetchedElement.end());
                        return;
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            if (running) {
                LOG.warn("Pravega reader {} failed", reader, t);
                try {
                    handover.put(FetchedElement.failure(t));
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                }
            }
        } finally {
            // Going offline hands the reader's segments back to the group.
            try {
                reader.close();
            } catch (RuntimeException e) {
                // Its segments then stay with it until the group's next reset.
                LOG.warn("Closing Pravega reader {} failed", reader, e);
            }
        }
    }

    /** Hands over the events in hand, then a watermark if Pravega's time window moved on. */
    private List<EventRead<ByteBuffer>> handOver(List<EventRead<ByteBuffer>> batch)
            throws InterruptedException {
        List<EventRead<ByteBuffer>> next = batch;
        if (!batch.isEmpty()) {
            // fetched already, even while the handover waits for room
            fetched(batch.get(batch.size() - 1));
            handover.put(FetchedElement.events(batch));
            next = new ArrayList<>(MAX_BATCH);
        }
        if (watermarks != null) {
            OptionalLong watermark = watermarks.advance(reader);
            if (watermark.isPresent()) {
                handover.put(FetchedElement.watermark(watermark.getAsLong()));
            }
        }
        return next;
    }

    private void fetched(EventRead<ByteBuffer> read) {
        if (lastPosition != null) {
            lastPosition.set(read.getPosition());
        }
    }
}
