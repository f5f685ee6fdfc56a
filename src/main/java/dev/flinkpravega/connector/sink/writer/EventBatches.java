package dev.flinkpravega.connector.sink.writer;

import io.pravega.client.stream.EventStreamWriter;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiConsumer;
import java.util.function.IntFunction;
import javax.annotation.Nullable;

/**
 * Events waiting to be written, one batch per routing key; {@link #writeAll()} hands each batch to
 * Pravega with one {@code writeEvents} call. Readers still see every event on its own; what a batch
 * saves is the Pravega client's work per write (a future, a pending event, a wire command and its
 * acknowledgement), which is most of its cost for small events.
 *
 * <p>Order: events of one routing key keep their order (one batch per key, batches written in the
 * order their first event arrived). Events without a routing key share one batch, which goes to a
 * segment chosen at random per batch instead of per event.
 *
 * <p>Not thread-safe: the sink writer's task thread is its only user.
 */
final class EventBatches {
    private final EventStreamWriter<ByteBuffer> writer;
    private final long maxBytes;

    /** The completion callback of a batch of the given number of events. */
    private final IntFunction<BiConsumer<Void, Throwable>> onWritten;

    private final Map<String, List<ByteBuffer>> keyed = new LinkedHashMap<>();
    private List<ByteBuffer> unkeyed = new ArrayList<>();
    private long bytes;

    /** Events in the batches; read by a metric from another thread, stale at worst. */
    private int events;

    /**
     * @param maxBytes the bytes the batches may hold together; an event that does not fit makes
     *     them be written first
     */
    EventBatches(
            EventStreamWriter<ByteBuffer> writer,
            long maxBytes,
            IntFunction<BiConsumer<Void, Throwable>> onWritten) {
        this.writer = writer;
        this.maxBytes = maxBytes;
        this.onWritten = onWritten;
    }

    /** Adds an event; writes all batches first when it would not fit beside them. */
    void add(@Nullable String routingKey, ByteBuffer event) {
        int size = event.remaining();
        if (bytes > 0 && bytes + size > maxBytes) {
            writeAll();
        }
        if (routingKey == null) {
            unkeyed.add(event);
        } else {
            keyed.computeIfAbsent(routingKey, key -> new ArrayList<>()).add(event);
        }
        bytes += size;
        events++;
        if (bytes >= maxBytes) {
            writeAll();
        }
    }

    boolean isEmpty() {
        return unkeyed.isEmpty() && keyed.isEmpty();
    }

    int events() {
        return events;
    }

    /** Hands every batch to the Pravega writer; they are durable after its next flush. */
    void writeAll() {
        if (!unkeyed.isEmpty()) {
            write(randomKey(), unkeyed);
            unkeyed = new ArrayList<>(unkeyed.size());
        }
        for (Map.Entry<String, List<ByteBuffer>> batch : keyed.entrySet()) {
            write(batch.getKey(), batch.getValue());
        }
        keyed.clear();
        bytes = 0;
        events = 0;
    }

    private void write(String routingKey, List<ByteBuffer> events) {
        if (events.size() == 1) {
            writer.writeEvent(routingKey, events.get(0)).whenComplete(onWritten.apply(1));
        } else {
            writer.writeEvents(routingKey, events).whenComplete(onWritten.apply(events.size()));
        }
    }

    /** Spreads batches of events without a key over the segments, as Pravega spreads events. */
    private static String randomKey() {
        return Long.toString(ThreadLocalRandom.current().nextLong(), Character.MAX_RADIX);
    }
}
