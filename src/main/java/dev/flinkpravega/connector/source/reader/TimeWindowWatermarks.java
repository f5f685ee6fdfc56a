package dev.flinkpravega.connector.source.reader;

import io.pravega.client.stream.EventStreamReader;
import io.pravega.client.stream.Stream;
import io.pravega.client.stream.TimeWindow;
import java.util.List;
import java.util.OptionalLong;

/**
 * Watermarks from Pravega's time windows. A reader's time window for a stream has as lower bound
 * the time its writers noted that every event after the reader group's position is at or after;
 * over several streams the smallest bound holds for all. A stream without a note yet has no bound,
 * and so no watermark. The watermark is the bound minus 1 ms, since an event may carry exactly the
 * bound and a Flink watermark t says that no event at t or before follows.
 *
 * <p>Called on the fetch thread only, right after it handed over what it had fetched: the window
 * follows the group's positions, which never run ahead of what this reader fetched, so every event
 * the bound does not cover is ahead of the watermark in the handover.
 */
final class TimeWindowWatermarks {
    private final List<Stream> streams;
    private long emitted = Long.MIN_VALUE;

    TimeWindowWatermarks(List<Stream> streams) {
        if (streams.isEmpty()) {
            throw new IllegalArgumentException("no streams");
        }
        this.streams = streams;
    }

    /** The watermark to emit now, if the bound moved on since the last one. */
    OptionalLong advance(EventStreamReader<?> reader) {
        long lowest = Long.MAX_VALUE;
        for (Stream stream : streams) {
            TimeWindow window = reader.getCurrentTimeWindow(stream);
            if (window == null || window.getLowerTimeBound() == null) {
                return OptionalLong.empty();
            }
            lowest = Math.min(lowest, window.getLowerTimeBound());
        }
        long watermark = lowest == Long.MIN_VALUE ? lowest : lowest - 1;
        if (watermark <= emitted) {
            return OptionalLong.empty();
        }
        emitted = watermark;
        return OptionalLong.of(watermark);
    }
}
