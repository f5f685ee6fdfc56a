package dev.flinkpravega.connector.sink;

import dev.flinkpravega.connector.config.PravegaConfig;
import dev.flinkpravega.connector.config.StreamPolicy;
import dev.flinkpravega.connector.config.StreamRef;
import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;
import javax.annotation.Nullable;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.connector.base.DeliveryGuarantee;

/**
 * Every setting of a {@link PravegaSink}, checked and immutable: the table connector builds it from
 * DDL options, {@link PravegaSinkBuilder} from its {@code with...} calls. The writers and the
 * committer take the parts they need from it. What depends on the record type (serializer, routing
 * key) sits beside it in the sink.
 *
 * <p>Adding a sink setting: a field and its accessor here, a {@link Builder} method with its check,
 * the DDL option and its line in the table's sink validator, and the place that uses it.
 */
public final class PravegaSinkConfig implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The longest transaction lease a default Pravega controller grants (it refuses 10 min). */
    public static final Duration DEFAULT_TRANSACTION_TIMEOUT = Duration.ofMillis(599_999);

    /** The Pravega client refuses a shorter transaction lease. */
    public static final Duration MIN_TRANSACTION_TIMEOUT = Duration.ofSeconds(10);

    /**
     * Batches of this size (64 KiB of 100-byte events is 640 events) take most of the Pravega
     * client's cost per write off each event; larger ones gain little more.
     */
    public static final MemorySize DEFAULT_BATCH_SIZE = MemorySize.parse("64 kb");

    /** The most an event waits for its batch to fill, when rows come slowly. */
    public static final Duration DEFAULT_BATCH_LINGER = Duration.ofMillis(5);

    /** Pravega refuses a single write larger than this (8 MiB). */
    public static final MemorySize MAX_BATCH_SIZE = MemorySize.ofMebiBytes(8);

    private final PravegaConfig connection;
    private final StreamRef stream;
    private final DeliveryGuarantee deliveryGuarantee;
    private final Duration transactionTimeout;
    private final OnLostTransaction onLostTransaction;
    private final boolean createStreamIfMissing;
    @Nullable private final StreamPolicy streamPolicy;
    private final MemorySize batchSize;
    private final Duration batchLinger;
    private final boolean watermarkPropagation;
    private final boolean pravegaMetrics;

    private PravegaSinkConfig(Builder b, StreamRef stream) {
        this.connection = b.connection;
        this.stream = stream;
        this.deliveryGuarantee = b.deliveryGuarantee;
        this.transactionTimeout = b.transactionTimeout;
        this.onLostTransaction = b.onLostTransaction;
        this.createStreamIfMissing = b.createStreamIfMissing;
        this.streamPolicy = b.streamPolicy;
        this.batchSize = b.batchSize;
        this.batchLinger = b.batchLinger;
        this.watermarkPropagation = b.watermarkPropagation;
        this.pravegaMetrics = b.pravegaMetrics;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** How to reach Pravega. */
    public PravegaConfig connection() {
        return connection;
    }

    /** The stream written. */
    public StreamRef stream() {
        return stream;
    }

    public DeliveryGuarantee deliveryGuarantee() {
        return deliveryGuarantee;
    }

    /**
     * With exactly-once: the transactions' lease, how long Pravega keeps a transaction open that
     * nobody renews. A running writer renews its transactions however long they stay open, so this
     * bounds only the time from a writer's failure until the restored job commits.
     */
    public Duration transactionTimeout() {
        return transactionTimeout;
    }

    /** With exactly-once: what the committer does with a transaction aborted before its commit. */
    public OnLostTransaction onLostTransaction() {
        return onLostTransaction;
    }

    /** Whether a missing scope and stream are created (with {@link #streamPolicy()}). */
    public boolean createStreamIfMissing() {
        return createStreamIfMissing;
    }

    /** The policy of the stream the sink creates: the one asked for, else the default. */
    public StreamPolicy streamPolicy() {
        return streamPolicy == null ? StreamPolicy.DEFAULT : streamPolicy;
    }

    /**
     * The policy asked for, or null when none was; an existing stream is compared with it (see
     * {@link dev.flinkpravega.connector.config.PravegaAdmin#ensureStream}).
     */
    @Nullable
    public StreamPolicy requestedStreamPolicy() {
        return streamPolicy;
    }

    /** Minimum (and initial) segments of the stream the sink creates. */
    public int minSegments() {
        return streamPolicy().minSegments();
    }

    /** Without exactly-once: the most bytes of events written with one Pravega call. */
    public MemorySize batchSize() {
        return batchSize;
    }

    /** Without exactly-once: the longest an event waits for its batch; zero turns batching off. */
    public Duration batchLinger() {
        return batchLinger;
    }

    /**
     * Whether the writer notes Flink's watermark in Pravega (the writer's {@code noteTime}, or the
     * transaction's commit time with exactly-once), so that Pravega readers get time windows.
     */
    public boolean watermarkPropagation() {
        return watermarkPropagation;
    }

    /** Whether the sink registers its Pravega metrics (transactions, pending events). */
    public boolean pravegaMetrics() {
        return pravegaMetrics;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof PravegaSinkConfig)) {
            return false;
        }
        PravegaSinkConfig that = (PravegaSinkConfig) o;
        return createStreamIfMissing == that.createStreamIfMissing
                && Objects.equals(streamPolicy, that.streamPolicy)
                && connection.equals(that.connection)
                && stream.equals(that.stream)
                && deliveryGuarantee == that.deliveryGuarantee
                && transactionTimeout.equals(that.transactionTimeout)
                && onLostTransaction == that.onLostTransaction
                && batchSize.equals(that.batchSize)
                && batchLinger.equals(that.batchLinger)
                && watermarkPropagation == that.watermarkPropagation
                && pravegaMetrics == that.pravegaMetrics;
    }

    @Override
    public int hashCode() {
        return Objects.hash(connection, stream, deliveryGuarantee);
    }

    @Override
    public String toString() {
        return "PravegaSinkConfig{"
                + connection
                + ", stream="
                + stream
                + ", deliveryGuarantee="
                + deliveryGuarantee
                + "}";
    }

    /** Collects and checks the settings. */
    public static final class Builder {
        private PravegaConfig connection;
        private StreamRef stream;
        private String streamName;
        private DeliveryGuarantee deliveryGuarantee = DeliveryGuarantee.AT_LEAST_ONCE;
        private Duration transactionTimeout = DEFAULT_TRANSACTION_TIMEOUT;
        private OnLostTransaction onLostTransaction = OnLostTransaction.CONTINUE;
        private boolean createStreamIfMissing;
        private StreamPolicy streamPolicy;
        private MemorySize batchSize = DEFAULT_BATCH_SIZE;
        private Duration batchLinger = DEFAULT_BATCH_LINGER;
        private boolean batchingSet;
        private boolean watermarkPropagation;
        private boolean pravegaMetrics = true;

        private Builder() {}

        /** How to reach Pravega; required. */
        public Builder connection(PravegaConfig connection) {
            this.connection = Objects.requireNonNull(connection, "connection");
            return this;
        }

        /** The stream: {@code stream} in the connection's scope, or {@code scope/stream}. */
        public Builder stream(String stream) {
            this.streamName = Objects.requireNonNull(stream, "stream");
            this.stream = null;
            return this;
        }

        public Builder stream(StreamRef stream) {
            this.stream = Objects.requireNonNull(stream, "stream");
            this.streamName = null;
            return this;
        }

        public Builder deliveryGuarantee(DeliveryGuarantee guarantee) {
            this.deliveryGuarantee = Objects.requireNonNull(guarantee, "deliveryGuarantee");
            return this;
        }

        /**
         * Creates a missing scope and stream (with {@code minSegments} fixed segments) first; the
         * same as {@code createStreamIfMissing(create, StreamPolicy.fixed(minSegments))}.
         */
        public Builder createStreamIfMissing(boolean create, int minSegments) {
            if (minSegments < 1) {
                throw new IllegalArgumentException("minSegments must be at least 1");
            }
            return createStreamIfMissing(create, StreamPolicy.fixed(minSegments));
        }

        /**
         * Creates a missing scope and stream first, with {@code policy}; null asks for no policy
         * (the stream is created with {@link StreamPolicy#DEFAULT}). An existing stream is never
         * changed; one with another policy is reported in the log.
         */
        public Builder createStreamIfMissing(boolean create, @Nullable StreamPolicy policy) {
            this.createStreamIfMissing = create;
            this.streamPolicy = policy;
            return this;
        }

        /** At least {@link #MIN_TRANSACTION_TIMEOUT}, the shortest lease Pravega grants. */
        public Builder transactionTimeout(Duration timeout) {
            if (timeout == null || timeout.compareTo(MIN_TRANSACTION_TIMEOUT) < 0) {
                throw new IllegalArgumentException(
                        "the transaction timeout must be at least 10 s, the shortest lease"
                                + " Pravega grants, not "
                                + timeout);
            }
            this.transactionTimeout = timeout;
            return this;
        }

        public Builder onLostTransaction(OnLostTransaction action) {
            this.onLostTransaction = Objects.requireNonNull(action, "onLostTransaction");
            return this;
        }

        public Builder watermarkPropagation(boolean enabled) {
            this.watermarkPropagation = enabled;
            return this;
        }

        public Builder pravegaMetrics(boolean enabled) {
            this.pravegaMetrics = enabled;
            return this;
        }

        /** See {@link PravegaSinkBuilder#withBatching}; refused with exactly-once at build. */
        public Builder batching(MemorySize size, Duration linger) {
            if (size == null
                    || size.getBytes() < 1
                    || size.getBytes() > MAX_BATCH_SIZE.getBytes()) {
                throw new IllegalArgumentException(
                        "the batch size must be between 1 byte and 8 MiB, Pravega's largest"
                                + " write, not "
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

        /**
         * @throws IllegalStateException when the connection or the stream is missing, or batching
         *     was set for exactly-once
         */
        public PravegaSinkConfig build() {
            if (connection == null) {
                throw new IllegalStateException("withPravegaConfig(...) is required");
            }
            StreamRef resolved = stream;
            if (resolved == null) {
                if (streamName == null) {
                    throw new IllegalStateException("forStream(...) is required");
                }
                resolved = connection.resolve(streamName);
            }
            if (batchingSet && deliveryGuarantee == DeliveryGuarantee.EXACTLY_ONCE) {
                throw new IllegalStateException(
                        "withBatching(...) applies only to NONE and AT_LEAST_ONCE: with"
                                + " EXACTLY_ONCE events go into a Pravega transaction one at a"
                                + " time");
            }
            return new PravegaSinkConfig(this, resolved);
        }
    }
}
