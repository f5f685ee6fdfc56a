package dev.flinkpravega.connector.sink;

import dev.flinkpravega.connector.config.PravegaConfig;
import dev.flinkpravega.connector.config.StreamRef;
import java.time.Duration;
import java.util.Objects;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.connector.base.DeliveryGuarantee;

/** Builder of {@link PravegaSink}. */
public final class PravegaSinkBuilder<T> {
    /** The longest transaction lease a default Pravega controller grants (it refuses 10 min). */
    public static final Duration DEFAULT_TRANSACTION_TIMEOUT = Duration.ofMillis(599_999);

    /**
     * Batches of this size (64 KiB of 100-byte events is 640 events) take most of the Pravega
     * client's cost per write off each event; larger ones gain little more.
     */
    public static final MemorySize DEFAULT_BATCH_SIZE = MemorySize.parse("64 kb");

    /** The most an event waits for its batch to fill, when rows come slowly. */
    public static final Duration DEFAULT_BATCH_LINGER = Duration.ofMillis(5);

    /** Pravega refuses a single write larger than this (8 MiB). */
    public static final MemorySize MAX_BATCH_SIZE = MemorySize.ofMebiBytes(8);

    PravegaConfig pravegaConfig;
    StreamRef stream;
    private String streamName;
    SerializationSchema<T> serializationSchema;
    PravegaEventRouter<T> eventRouter;
    DeliveryGuarantee deliveryGuarantee = DeliveryGuarantee.AT_LEAST_ONCE;
    boolean createStreamIfMissing;
    int minSegments = 1;
    Duration transactionTimeout = DEFAULT_TRANSACTION_TIMEOUT;
    MemorySize batchSize = DEFAULT_BATCH_SIZE;
    Duration batchLinger = DEFAULT_BATCH_LINGER;
    private boolean batchingSet;

    PravegaSinkBuilder() {}

    public PravegaSinkBuilder<T> withPravegaConfig(PravegaConfig config) {
        this.pravegaConfig = Objects.requireNonNull(config);
        return this;
    }

    /** The stream: {@code stream} in the default scope, or {@code scope/stream}. */
    public PravegaSinkBuilder<T> forStream(String stream) {
        this.streamName = Objects.requireNonNull(stream);
        return this;
    }

    public PravegaSinkBuilder<T> forStream(StreamRef stream) {
        this.stream = Objects.requireNonNull(stream);
        return this;
    }

    public PravegaSinkBuilder<T> withSerializationSchema(SerializationSchema<T> schema) {
        this.serializationSchema = Objects.requireNonNull(schema);
        return this;
    }

    public PravegaSinkBuilder<T> withEventRouter(PravegaEventRouter<T> router) {
        this.eventRouter = router;
        return this;
    }

    public PravegaSinkBuilder<T> withDeliveryGuarantee(DeliveryGuarantee guarantee) {
        this.deliveryGuarantee = Objects.requireNonNull(guarantee);
        return this;
    }

    /** Creates a missing scope and stream (with {@code minSegments} segments) before writing. */
    public PravegaSinkBuilder<T> withCreateStreamIfMissing(boolean create, int minSegments) {
        if (minSegments < 1) {
            throw new IllegalArgumentException("minSegments must be at least 1");
        }
        this.createStreamIfMissing = create;
        this.minSegments = minSegments;
        return this;
    }

    /**
     * How long a transaction may stay open, for exactly-once: it must exceed the checkpoint
     * interval plus the time a restore takes, or its rows are lost (the job then fails loudly).
     */
    public PravegaSinkBuilder<T> withTransactionTimeout(Duration timeout) {
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the transaction timeout must be positive");
        }
        this.transactionTimeout = timeout;
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
        if (size == null || size.getBytes() < 1 || size.getBytes() > MAX_BATCH_SIZE.getBytes()) {
            throw new IllegalArgumentException(
                    "the batch size must be between 1 byte and 8 MiB, Pravega's largest write, not "
                            + (size == null ? "null" : size.getBytes() + " bytes"));
        }
        if (linger == null || linger.isNegative()) {
            throw new IllegalArgumentException("the batch linger must not be negative");
        }
        this.batchSize = size;
        this.batchLinger = linger;
        this.batchingSet = true;
        return this;
    }

    public PravegaSink<T> build() {
        if (pravegaConfig == null) {
            throw new IllegalStateException("withPravegaConfig(...) is required");
        }
        if (stream == null) {
            if (streamName == null) {
                throw new IllegalStateException("forStream(...) is required");
            }
            stream = pravegaConfig.resolve(streamName);
        }
        if (serializationSchema == null) {
            throw new IllegalStateException("withSerializationSchema(...) is required");
        }
        if (batchingSet && deliveryGuarantee == DeliveryGuarantee.EXACTLY_ONCE) {
            throw new IllegalStateException(
                    "withBatching(...) applies only to NONE and AT_LEAST_ONCE: with EXACTLY_ONCE"
                            + " events go into a Pravega transaction one at a time");
        }
        return new PravegaSink<>(this);
    }
}
