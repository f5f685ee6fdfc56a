package dev.flinkpravega.connector.sink.writer;

import io.pravega.client.stream.EventStreamWriter;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import javax.annotation.Nullable;
import org.apache.flink.api.common.operators.ProcessingTimeService;

/**
 * Hands serialized events to a Pravega writer: each at once while Pravega keeps up, in {@link
 * EventBatches} while it is behind.
 *
 * <p>Behind means more than a threshold of events written and not yet acknowledged. Batching then
 * takes most of the Pravega client's work per event away (a future, a pending event, a wire command
 * and its acknowledgement per write). It is not used otherwise because a batch costs latency even
 * when small: the Pravega client counts a batch of n events as n appends in flight and then holds
 * its next appends back, up to 20 ms, to fill a block sized for that many.
 *
 * <p>A batch is written when it holds the maximum bytes, when its oldest event has waited the
 * linger time (a processing-time timer), and at {@link #writeBatches()} (checkpoints, end of
 * input). Once one event is batched the next ones are too until the batches are written, so that no
 * event overtakes an earlier one of its routing key.
 *
 * <p>Used by the sink writer's task thread only; acknowledgements arrive on Pravega's threads.
 */
final class EventSender {
    /**
     * Events in flight above which new events are batched. Well above what a writer has in flight
     * at moderate rates (rate times round trip: 10,000 events/s and 1 ms are 10), well below what
     * it has when Pravega falls behind (thousands).
     */
    static final long BATCH_ABOVE_IN_FLIGHT = 256;

    private final EventStreamWriter<ByteBuffer> writer;
    private final long batchAboveInFlight;
    private final ProcessingTimeService timers;
    private final long lingerMillis;

    /** Told the number of events of every write that failed, and why. */
    private final BiConsumer<Integer, Throwable> onFailure;

    /** Null when batching is off (a linger of zero). */
    @Nullable private final EventBatches batches;

    /** Events handed to the Pravega writer and not yet acknowledged. */
    private final AtomicLong inFlight = new AtomicLong();

    /** Whether {@link #inFlight} is kept: batching needs it, and so does the metric. */
    private final boolean countInFlight;

    /**
     * The completion callback of one event written alone (one instance, no allocation). When
     * counting it counts the event back out of {@link #inFlight}; else it only reports failures.
     */
    private final BiConsumer<Void, Throwable> oneWritten;

    /** When the oldest event of {@link #batches} arrived (processing time, ms). */
    private long oldestEventMillis;

    private boolean timerPending;
    private boolean closed;

    /**
     * @param maxBatchBytes the bytes the batches may hold together
     * @param lingerMillis the longest an event waits in a batch; 0 turns batching off
     * @param batchAboveInFlight events in flight above which events are batched
     */
    EventSender(
            EventStreamWriter<ByteBuffer> writer,
            long maxBatchBytes,
            long lingerMillis,
            long batchAboveInFlight,
            ProcessingTimeService timers,
            BiConsumer<Integer, Throwable> onFailure) {
        this(writer, maxBatchBytes, lingerMillis, batchAboveInFlight, timers, onFailure, false);
    }

    /**
     * @param countPending whether {@link #pendingEvents()} is wanted even without batching
     */
    EventSender(
            EventStreamWriter<ByteBuffer> writer,
            long maxBatchBytes,
            long lingerMillis,
            long batchAboveInFlight,
            ProcessingTimeService timers,
            BiConsumer<Integer, Throwable> onFailure,
            boolean countPending) {
        this.writer = writer;
        this.lingerMillis = lingerMillis;
        this.batchAboveInFlight = batchAboveInFlight;
        this.timers = timers;
        this.onFailure = onFailure;
        this.batches =
                lingerMillis == 0 ? null : new EventBatches(writer, maxBatchBytes, this::sending);
        this.countInFlight = batches != null || countPending;
        this.oneWritten = written(1, countInFlight);
    }

    /** Writes the event now or puts it into a batch. */
    void send(@Nullable String routingKey, ByteBuffer event) {
        if (batches == null) {
            // Batching off: the count in flight decides nothing, so it is kept only when asked.
            write(routingKey, event).whenComplete(countInFlight ? sending(1) : oneWritten);
        } else if (!batches.isEmpty() || inFlight.get() > batchAboveInFlight) {
            batch(routingKey, event);
        } else {
            write(routingKey, event).whenComplete(sending(1));
        }
    }

    private CompletableFuture<Void> write(@Nullable String routingKey, ByteBuffer event) {
        return routingKey == null ? writer.writeEvent(event) : writer.writeEvent(routingKey, event);
    }

    /** Writes every batch now; the Pravega writer's flush then makes them durable. */
    void writeBatches() {
        if (batches != null) {
            batches.writeAll();
        }
    }

    /** Events handed to Pravega and not yet acknowledged. */
    long inFlight() {
        return inFlight.get();
    }

    /**
     * Events accepted and not yet acknowledged by Pravega: batched, or handed to the writer and in
     * flight. Any thread; 0 with batching off unless counting was asked for.
     */
    long pendingEvents() {
        return inFlight.get() + (batches == null ? 0 : batches.events());
    }

    /** A linger timer that fires after this does nothing. */
    void close() {
        closed = true;
    }

    private void batch(@Nullable String routingKey, ByteBuffer event) {
        if (batches.isEmpty()) {
            oldestEventMillis = timers.getCurrentProcessingTime();
        }
        batches.add(routingKey, event);
        if (!timerPending && !batches.isEmpty()) {
            timerPending = true;
            timers.registerTimer(oldestEventMillis + lingerMillis, this::onLingerTimer);
        }
    }

    /**
     * Writes the batches once their oldest event has waited the linger time; one timer at a time,
     * moved on to the oldest event of newer batches when the ones it was set for are gone.
     */
    private void onLingerTimer(long now) {
        timerPending = false;
        if (closed || batches.isEmpty()) {
            return;
        }
        long due = oldestEventMillis + lingerMillis;
        if (now >= due) {
            batches.writeAll();
        } else {
            timerPending = true;
            timers.registerTimer(due, this::onLingerTimer);
        }
    }

    /** Counts {@code events} as in flight; returns the callback that counts them back. */
    private BiConsumer<Void, Throwable> sending(int events) {
        inFlight.addAndGet(events);
        return events == 1 ? oneWritten : written(events, true);
    }

    private BiConsumer<Void, Throwable> written(int events, boolean counted) {
        return (ignored, error) -> {
            if (counted) {
                inFlight.addAndGet(-events);
            }
            if (error != null) {
                onFailure.accept(events, error);
            }
        };
    }
}
