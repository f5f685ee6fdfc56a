package dev.flinkpravega.connector.sink.writer;

import dev.flinkpravega.connector.sink.PravegaEventRouter;
import dev.flinkpravega.connector.sink.PravegaSink;
import dev.flinkpravega.connector.sink.committer.PravegaCommittable;
import io.pravega.client.stream.EventStreamWriter;
import io.pravega.client.stream.EventWriterConfig;
import io.pravega.client.stream.impl.ByteBufferSerializer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.groups.SinkWriterMetricGroup;

/**
 * Writes events with the Pravega client's asynchronous writer. With {@code at-least-once} every
 * checkpoint waits until all events written before it are durable; with {@code none} only the end
 * of input does. Any failed write fails the job at the next record, flush or close.
 *
 * <p>Events are gathered into {@link EventBatches} of up to {@link PravegaSink#batchSize()} bytes
 * and written a batch at a time; none waits longer than {@link PravegaSink#batchLinger()} (a
 * processing-time timer) or past the next checkpoint. A linger of zero writes each event at once.
 */
public final class PravegaWriter<T> implements PravegaSinkWriter<T> {

    private final PravegaSink<T> sink;
    private final SerializationSchema<T> serializer;
    private final PravegaEventRouter<T> router;
    private final SinkConnection<EventStreamWriter<ByteBuffer>> connection;
    private final EventStreamWriter<ByteBuffer> writer;
    private final AtomicReference<Throwable> asyncError = new AtomicReference<>();

    /** Flink's standard sink metrics (FLIP-33). */
    private final Counter numRecordsSend;

    private final Counter numBytesSend;
    private final Counter numRecordsSendErrors;
    private final BiConsumer<Void, Throwable> onWritten;

    /** Null when batching is off (a linger of zero). */
    private final EventBatches batches;

    private final ProcessingTimeService timers;
    private final long lingerMillis;

    /** When the oldest event of {@link #batches} arrived (processing time, ms). */
    private long oldestEventMillis;

    private boolean timerPending;
    private boolean closed;

    public PravegaWriter(
            PravegaSink<T> sink, SinkWriterMetricGroup metrics, ProcessingTimeService timers) {
        this.sink = sink;
        this.timers = timers;
        this.numRecordsSend = metrics.getNumRecordsSendCounter();
        this.numBytesSend = metrics.getNumBytesSendCounter();
        this.numRecordsSendErrors = metrics.getNumRecordsSendErrorsCounter();
        this.onWritten = written(1);
        this.serializer = sink.serializationSchema();
        this.router = sink.eventRouter();
        this.connection =
                SinkConnection.open(
                        sink,
                        "a writer",
                        factory ->
                                factory.createEventWriter(
                                        sink.stream().stream(),
                                        new ByteBufferSerializer(),
                                        EventWriterConfig.builder().build()));
        this.writer = connection.writer;
        this.lingerMillis = sink.batchLinger().toMillis();
        this.batches =
                lingerMillis == 0
                        ? null
                        : new EventBatches(writer, sink.batchSize().getBytes(), this::written);
    }

    /** The completion callback of a write of {@code events} events. */
    private BiConsumer<Void, Throwable> written(int events) {
        return (ignored, error) -> {
            if (error != null) {
                numRecordsSendErrors.inc(events);
                asyncError.compareAndSet(null, error);
            }
        };
    }

    @Override
    public void write(T element, Context context) throws IOException {
        checkAsyncError();
        byte[] bytes = serializer.serialize(element);
        if (bytes == null) {
            return;
        }
        ByteBuffer event = ByteBuffer.wrap(bytes);
        String routingKey = router == null ? null : router.getRoutingKey(element);
        if (batches != null) {
            batch(routingKey, event);
        } else if (routingKey == null) {
            writer.writeEvent(event).whenComplete(onWritten);
        } else {
            writer.writeEvent(routingKey, event).whenComplete(onWritten);
        }
        numRecordsSend.inc();
        numBytesSend.inc(bytes.length);
    }

    private void batch(String routingKey, ByteBuffer event) {
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

    @Override
    public void flush(boolean endOfInput) throws IOException {
        if (batches != null) {
            batches.writeAll();
        }
        if (endOfInput || sink.deliveryGuarantee() != DeliveryGuarantee.NONE) {
            try {
                writer.flush();
            } catch (RuntimeException e) {
                asyncError.compareAndSet(null, e);
            }
        }
        checkAsyncError();
    }

    private void checkAsyncError() throws IOException {
        Throwable error = asyncError.get();
        if (error != null) {
            throw new IOException(
                    "Writing to Pravega stream '"
                            + sink.stream()
                            + "' failed; the job fails so that, with a restart strategy, it"
                            + " writes again from its last checkpoint",
                    error);
        }
    }

    /** Nothing to commit: events are durable once flushed. */
    @Override
    public Collection<PravegaCommittable> prepareCommit() {
        return Collections.emptyList();
    }

    @Override
    public List<PravegaWriterState> snapshotState(long checkpointId) {
        return Collections.emptyList();
    }

    @Override
    public void close() throws Exception {
        closed = true;
        connection.close();
    }
}
