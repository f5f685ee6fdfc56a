package dev.flinkpravega.connector.source.reader;

import io.pravega.client.segment.impl.Segment;
import io.pravega.client.stream.Position;
import io.pravega.client.stream.impl.PositionImpl;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.annotation.Nullable;
import org.apache.flink.metrics.Gauge;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * FLIP-33 {@code pendingBytes} of one reader: the bytes of the segments this reader owns that it
 * has not fetched yet, from its last read position to each segment's current length.
 *
 * <p>What it counts: only the segments the reader owns at its last read (their offsets in {@link
 * Position}, including a segment sealed by scaling that it has not read to its end). Segments the
 * reader group has not assigned to any reader yet (successors of sealed segments, segments of a
 * reader that went offline) are in nobody's count until a reader takes them, so the sum over the
 * readers can be below the stream's backlog for a moment around scaling. Events fetched and waiting
 * to be emitted are not pending (FLIP-33: not yet fetched by the source). The value is the sum of
 * the bytes in the segments (event payloads and their 8-byte headers).
 *
 * <p>Why not {@code ReaderGroup.unreadBytes()}: it is one number for the whole group, computed from
 * the positions of the last completed reader-group checkpoint (or the group's last known offsets)
 * through the controller's successors of that cut, and users found it wrong once segments had been
 * sealed and dropped out of those positions. The reader's own position is current, and a segment's
 * length is asked of that segment itself, sealed or not.
 *
 * <p>The lengths are asked of Pravega on a thread of this class every {@link #REFRESH_INTERVAL};
 * the gauge only reads the cached sum, so a metric reporter never waits for Pravega.
 */
final class PendingBytes implements Gauge<Long>, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PendingBytes.class);

    static final Duration REFRESH_INTERVAL = Duration.ofSeconds(2);

    /** The reader's last read position, null before its first read. */
    private final Supplier<Position> lastPosition;

    private final SegmentLengths lengths;
    @Nullable private ScheduledExecutorService refresher;

    /** 0 until the first refresh: the reader owns nothing before its first read. */
    private volatile long pending;

    PendingBytes(Supplier<Position> lastPosition, SegmentLengths lengths) {
        this.lastPosition = lastPosition;
        this.lengths = lengths;
    }

    /** Refreshes the value every {@link #REFRESH_INTERVAL} on its own daemon thread. */
    void start(String threadName) {
        refresher =
                Executors.newSingleThreadScheduledExecutor(
                        r -> {
                            Thread thread = new Thread(r, threadName);
                            thread.setDaemon(true);
                            return thread;
                        });
        long interval = REFRESH_INTERVAL.toMillis();
        refresher.scheduleWithFixedDelay(this::refresh, interval, interval, TimeUnit.MILLISECONDS);
    }

    void refresh() {
        try {
            Position position = lastPosition.get();
            if (position == null) {
                return;
            }
            // the client's only Position; its offsets are public on the implementation only
            Map<Segment, Long> offsets =
                    ((PositionImpl) position.asImpl()).getOwnedSegmentsWithOffsets();
            List<Segment> segments = UnreadBytes.toAsk(offsets);
            pending = UnreadBytes.between(offsets, lengths.of(segments));
        } catch (RuntimeException e) {
            // keep the last value; the next refresh tries again
            LOG.debug("Could not refresh the pending bytes", e);
        }
    }

    @Override
    public Long getValue() {
        return pending;
    }

    @Override
    public void close() {
        if (refresher != null) {
            refresher.shutdownNow();
        }
        lengths.close();
    }
}
