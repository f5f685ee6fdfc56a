package dev.flinkpravega.connector.sink;

import dev.flinkpravega.connector.config.PravegaConfig;
import dev.flinkpravega.connector.config.StreamPolicy;
import dev.flinkpravega.connector.config.StreamRef;
import java.time.Duration;
import java.util.Objects;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.connector.base.DeliveryGuarantee;

/**
 * Builder of {@link PravegaSink}: the settings go into a {@link PravegaSinkConfig}, the
 * serialization schema and the event router beside it.
 */
public final class PravegaSinkBuilder<T> {
    private final PravegaSinkConfig.Builder config = PravegaSinkConfig.builder();
    private SerializationSchema<T> serializationSchema;
    private PravegaEventRouter<T> eventRouter;

    PravegaSinkBuilder() {}

    public PravegaSinkBuilder<T> withPravegaConfig(PravegaConfig config) {
        this.config.connection(config);
        return this;
    }

    /** The stream: {@code stream} in the default scope, or {@code scope/stream}. */
    public PravegaSinkBuilder<T> forStream(String stream) {
        config.stream(stream);
        return this;
    }

    public PravegaSinkBuilder<T> forStream(StreamRef stream) {
        config.stream(stream);
        return this;
    }

    public PravegaSinkBuilder<T> withSerializationSchema(SerializationSchema<T> schema) {
        this.serializationSchema = Objects.requireNonNull(schema);
        return this;
    }

    /** How each record's routing key is chosen; null (the default) lets Pravega choose. */
    public PravegaSinkBuilder<T> withEventRouter(PravegaEventRouter<T> router) {
        this.eventRouter = router;
        return this;
    }

    public PravegaSinkBuilder<T> withDeliveryGuarantee(DeliveryGuarantee guarantee) {
        config.deliveryGuarantee(guarantee);
        return this;
    }

    /** Creates a missing scope and stream (with {@code minSegments} segments) before writing. */
    public PravegaSinkBuilder<T> withCreateStreamIfMissing(boolean create, int minSegments) {
        config.createStreamIfMissing(create, minSegments);
        return this;
    }

    /**
     * Creates a missing scope and stream with {@code policy} (scaling and retention) before
     * writing. An existing stream is never changed; when its policy differs from {@code policy} the
     * job logs a warning and runs.
     */
    public PravegaSinkBuilder<T> withCreateStreamIfMissing(boolean create, StreamPolicy policy) {
        config.createStreamIfMissing(create, Objects.requireNonNull(policy, "policy"));
        return this;
    }

    /**
     * For exactly-once: the transactions' lease (at least 10 s), how long Pravega keeps a
     * transaction open that nobody renews. Running writers renew theirs, so it does not limit the
     * checkpoint interval; it must exceed the time from a writer's failure until the restored job
     * commits (restart delay plus restore), or that checkpoint's rows are lost ({@link
     * #withOnLostTransaction}).
     */
    public PravegaSinkBuilder<T> withTransactionTimeout(Duration timeout) {
        config.transactionTimeout(timeout);
        return this;
    }

    /**
     * For exactly-once: what a restored job does with a transaction of a completed checkpoint that
     * was aborted before it could be committed; {@link OnLostTransaction#CONTINUE} by default.
     */
    public PravegaSinkBuilder<T> withOnLostTransaction(OnLostTransaction action) {
        config.onLostTransaction(action);
        return this;
    }

    /**
     * Without exactly-once, while Pravega is behind (many events unacknowledged), events are
     * written to it in batches of up to {@code size} bytes (one batch per routing key; readers
     * still see single events, in order per key). Pravega transactions take events one at a time,
     * so exactly-once does not batch and refuses this setting.
     *
     * @param size at most 8 MiB, Pravega's largest write
     * @param linger the longest an event waits for its batch to fill; zero writes every event at
     *     once (no batching)
     */
    public PravegaSinkBuilder<T> withBatching(MemorySize size, Duration linger) {
        config.batching(size, linger);
        return this;
    }

    /**
     * Notes Flink's current watermark in Pravega as the writer's time (the commit time of each
     * transaction with exactly-once), so that readers of the stream get Pravega time windows across
     * its segments. Off by default.
     */
    public PravegaSinkBuilder<T> withWatermarkPropagation(boolean enabled) {
        config.watermarkPropagation(enabled);
        return this;
    }

    /** Same as {@code withWatermarkPropagation(true)}. */
    public PravegaSinkBuilder<T> withWatermarkPropagation() {
        return withWatermarkPropagation(true);
    }

    /**
     * Whether the sink registers its Pravega metrics (transactions begun, committed and aborted,
     * events pending; default true). Flink's own sink metrics stay.
     */
    public PravegaSinkBuilder<T> withPravegaMetrics(boolean enabled) {
        config.pravegaMetrics(enabled);
        return this;
    }

    public PravegaSink<T> build() {
        PravegaSinkConfig built = config.build();
        if (serializationSchema == null) {
            throw new IllegalStateException("withSerializationSchema(...) is required");
        }
        return new PravegaSink<>(built, serializationSchema, eventRouter);
    }
}
