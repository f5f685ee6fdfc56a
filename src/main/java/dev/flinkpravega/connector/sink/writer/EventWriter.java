package dev.flinkpravega.connector.sink.writer;

import dev.flinkpravega.connector.sink.PravegaEventRouter;
import dev.flinkpravega.connector.sink.PravegaSinkConfig;
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
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.groups.SinkWriterMetricGroup;

/**
 * The writer of {@code none} and {@code at-least-once}: writes each event straight to the stream
 * with the Pravega client's asynchronous writer. With {@code at-least-once} every checkpoint waits
 * until all events written before it are durable; with {@code none} only the end of input does. Any
 * failed write fails the job at the next record, flush or close. While Pravega is behind, events go
 * out in batches ({@link EventSender}).
 */
public final class EventWriter<T> implements PravegaSinkWriter<T> {

    private final PravegaSinkConfig sink;
    private final SerializationSchema<T> serializer;
    private final PravegaEventRouter<T> router;
    private final SinkConnection<EventStreamWriter<ByteBuffer>> connection;
    private final EventStreamWriter<ByteBuffer> writer;
    private final EventSender sender;
    private final AtomicReference<Throwable> asyncError = new AtomicReference<>();

    /** With {@code sink.watermark-propagation}, else null. */
    private final WriterTime time;

    /** Flink's standard sink metrics (FLIP-33). */
    private final Counter numRecordsSend;

    private final Counter numBytesSend;
    private final Counter numRecordsSendErrors;

    public EventWriter(
            PravegaSinkConfig sink,
            SerializationSchema<T> serializer,
            PravegaEventRouter<T> router,
            SinkWriterMetricGroup metrics,
            ProcessingTimeService timers) {
        this(sink, serializer, router, metrics, timers, EventSender.BATCH_ABOVE_IN_FLIGHT);
    }

    /**
     * @param batchAboveInFlight events in flight above which events are batched (tests: -1)
     */
    EventWriter(
            PravegaSinkConfig sink,
            SerializationSchema<T> serializer,
            PravegaEventRouter<T> router,
            SinkWriterMetricGroup metrics,
            ProcessingTimeService timers,
            long batchAboveInFlight) {
        this.sink = sink;
        this.time = sink.watermarkPropagation() ? new WriterTime() : null;
        this.numRecordsSend = metrics.getNumRecordsSendCounter();
        this.numBytesSend = metrics.getNumBytesSendCounter();
        this.numRecordsSendErrors = metrics.getNumRecordsSendErrorsCounter();
        this.serializer = serializer;
        this.router = router;
        this.connection =
                SinkConnection.open(
                        sink,
                        "a writer",
                        factory ->
                                factory.createEventWriter(
                                        sink.stream().stream(),
                                        new ByteBufferSerializer(),
                                        EventWriterConfig.builder().build()));
        this.writer = connection.writer();
        this.sender =
                new EventSender(
                        writer,
                        sink.batchSize().getBytes(),
                        sink.batchLinger().toMillis(),
                        batchAboveInFlight,
                        timers,
                        (events, error) -> {
                            numRecordsSendErrors.inc(events);
                            asyncError.compareAndSet(null, error);
                        },
                        sink.pravegaMetrics());
        SinkMetrics.gauge(
                metrics, SinkMetrics.PENDING_EVENTS, sender::pendingEvents, sink.pravegaMetrics());
    }

    @Override
    public void write(T element, Context context) throws IOException {
        checkAsyncError();
        byte[] bytes = serializer.serialize(element);
        if (bytes == null) {
            return;
        }
        sender.send(router == null ? null : router.getRoutingKey(element), ByteBuffer.wrap(bytes));
        numRecordsSend.inc();
        numBytesSend.inc(bytes.length);
    }

    @Override
    public void writeWatermark(Watermark watermark) throws IOException {
        if (time == null) {
            return;
        }
        time.advance(watermark.getTimestamp());
        if (time.dueForNote(System.nanoTime())) {
            noteTime();
        }
    }

    /**
     * Notes the latest watermark at the writer's position, which must be after every event written
     * before it: Pravega's {@code noteTime} records the segment lengths the writer has seen
     * acknowledged, so the batches waiting in the sender go out and everything in flight is
     * acknowledged first. Otherwise a reader past the noted position could still meet an earlier
     * event. The flush happens at most once a second, and at checkpoints, which flush anyway.
     */
    private void noteTime() throws IOException {
        sender.writeBatches();
        try {
            writer.flush();
            writer.noteTime(time.latest());
        } catch (RuntimeException e) {
            asyncError.compareAndSet(null, e);
        }
        time.noted(System.nanoTime());
        checkAsyncError();
    }

    @Override
    public void flush(boolean endOfInput) throws IOException {
        if (time != null && time.unnoted()) {
            noteTime();
        }
        sender.writeBatches();
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
        sender.close();
        connection.close();
    }
}
