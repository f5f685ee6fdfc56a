package dev.flinkpravega.connector.sink;

import static org.apache.flink.configuration.ExecutionOptions.RUNTIME_MODE;

import dev.flinkpravega.connector.sink.committer.PravegaCommittable;
import dev.flinkpravega.connector.sink.committer.PravegaCommittableSerializer;
import dev.flinkpravega.connector.sink.committer.PravegaCommitter;
import dev.flinkpravega.connector.sink.writer.EventWriter;
import dev.flinkpravega.connector.sink.writer.PravegaSinkWriter;
import dev.flinkpravega.connector.sink.writer.PravegaWriterState;
import dev.flinkpravega.connector.sink.writer.PravegaWriterStateSerializer;
import dev.flinkpravega.connector.sink.writer.SinkMetrics;
import dev.flinkpravega.connector.sink.writer.TransactionalEventWriter;
import java.io.IOException;
import java.util.Collection;
import java.util.Collections;
import java.util.Objects;
import javax.annotation.Nullable;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.api.connector.sink2.CommitterInitContext;
import org.apache.flink.api.connector.sink2.SupportsCommitter;
import org.apache.flink.api.connector.sink2.SupportsWriterState;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.streaming.api.connector.sink2.CommittableMessage;
import org.apache.flink.streaming.api.connector.sink2.SupportsPreCommitTopology;
import org.apache.flink.streaming.api.connector.sink2.SupportsPreWriteTopology;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * A Sink V2 that writes to one Pravega stream with the chosen {@link DeliveryGuarantee}. Build it
 * with {@link #builder()}.
 */
public final class PravegaSink<T> extends PravegaSinkBase<T>
        implements SupportsCommitter<PravegaCommittable>,
                SupportsWriterState<T, PravegaWriterState>,
                SupportsPreWriteTopology<T>,
                SupportsPreCommitTopology<PravegaCommittable, PravegaCommittable> {
    private static final long serialVersionUID = 1L;

    private final PravegaSinkConfig config;
    private final SerializationSchema<T> serializationSchema;
    @Nullable private final PravegaEventRouter<T> eventRouter;

    /**
     * The router the writers use: {@link #eventRouter}, or its copy bound to the input's type when
     * it routes by named row fields. Set when the sink is added to the job, before it is shipped to
     * the task managers.
     */
    @Nullable private PravegaEventRouter<T> writerRouter;

    /**
     * @param eventRouter chooses each record's routing key; null lets Pravega choose
     */
    public PravegaSink(
            PravegaSinkConfig config,
            SerializationSchema<T> serializationSchema,
            @Nullable PravegaEventRouter<T> eventRouter) {
        this.config = Objects.requireNonNull(config, "config");
        this.serializationSchema =
                Objects.requireNonNull(serializationSchema, "serializationSchema");
        this.eventRouter = eventRouter;
        this.writerRouter = eventRouter;
    }

    public static <T> PravegaSinkBuilder<T> builder() {
        return new PravegaSinkBuilder<>();
    }

    @Override
    public PravegaSinkWriter<T> createWriter(WriterInitContext context) throws IOException {
        return restoreWriter(context, Collections.emptyList());
    }

    @Override
    public PravegaSinkWriter<T> restoreWriter(
            WriterInitContext context, Collection<PravegaWriterState> recoveredState)
            throws IOException {
        try {
            serializationSchema.open(context.asSerializationSchemaInitializationContext());
        } catch (Exception e) {
            throw new IOException("could not open the serialization schema", e);
        }
        if (config.deliveryGuarantee() == DeliveryGuarantee.EXACTLY_ONCE) {
            return new TransactionalEventWriter<>(
                    config,
                    serializationSchema,
                    writerRouter,
                    context.metricGroup(),
                    recoveredState,
                    context.getRestoredCheckpointId().orElse(0L));
        }
        return new EventWriter<>(
                config,
                serializationSchema,
                writerRouter,
                context.metricGroup(),
                context.getProcessingTimeService());
    }

    @Override
    public Committer<PravegaCommittable> createCommitter(CommitterInitContext context) {
        return new PravegaCommitter(
                config.connection(),
                config.transactionTimeout(),
                config.onLostTransaction(),
                context.metricGroup().counter(PravegaCommitter.NUM_LOST_TRANSACTIONS),
                SinkMetrics.counter(
                        context.metricGroup(),
                        SinkMetrics.TRANSACTIONS_COMMITTED,
                        config.pravegaMetrics()));
    }

    @Override
    public SimpleVersionedSerializer<PravegaCommittable> getCommittableSerializer() {
        return PravegaCommittableSerializer.INSTANCE;
    }

    @Override
    public SimpleVersionedSerializer<PravegaWriterState> getWriterStateSerializer() {
        return PravegaWriterStateSerializer.INSTANCE;
    }

    /**
     * Adds nothing. Flink calls it while it turns the program into the job's graph, after the job
     * is configured and before it runs: the one point where a Sink V2 sees the job's checkpoint
     * settings and its input's type. So the sink refuses here what exactly-once cannot promise
     * ({@link ExactlyOnceCheckpointing}), and binds a {@link EventRouters#rowFields} router to the
     * input's row type (a bound copy; the user's router stays as it is).
     */
    @Override
    public DataStream<T> addPreWriteTopology(DataStream<T> input) {
        writerRouter = writerRouterFor(input.getType());
        ExactlyOnceCheckpointing.check(
                config,
                input.getExecutionEnvironment().getCheckpointConfig(),
                input.getExecutionEnvironment().getConfiguration());
        return input;
    }

    /**
     * In a batch job with exactly-once, sends every committable to one committer over an all-to-all
     * edge, so that nothing is committed before every writer finished. Flink's own
     * writer-to-committer edge is pointwise: committer {@code i} would commit as soon as writer
     * {@code i} finished, and a source failure after that (a Pravega reader cannot restart alone,
     * so the whole job restarts, finished tasks too) would write and commit those rows again
     * ({@code ExactlyOnceBatchITCase} saw the duplicates). In streaming jobs, and with the other
     * guarantees (which have no committables), the committables go on as they are.
     */
    @Override
    public DataStream<CommittableMessage<PravegaCommittable>> addPreCommitTopology(
            DataStream<CommittableMessage<PravegaCommittable>> committables) {
        boolean batch =
                committables.getExecutionEnvironment().getConfiguration().get(RUNTIME_MODE)
                        == RuntimeExecutionMode.BATCH;
        if (batch && config.deliveryGuarantee() == DeliveryGuarantee.EXACTLY_ONCE) {
            return committables.global();
        }
        return committables;
    }

    @Override
    public SimpleVersionedSerializer<PravegaCommittable> getWriteResultSerializer() {
        return PravegaCommittableSerializer.INSTANCE;
    }

    /**
     * The router the writers of this input use: a {@link EventRouters#rowFields} router bound to
     * the input's row type, any other router as it is.
     */
    @Nullable
    private PravegaEventRouter<T> writerRouterFor(TypeInformation<T> inputType) {
        if (!(eventRouter instanceof RowFieldsRouter)) {
            return eventRouter;
        }
        // bind succeeds only for a row type, so T is Row
        @SuppressWarnings("unchecked")
        PravegaEventRouter<T> bound =
                (PravegaEventRouter<T>) ((RowFieldsRouter) eventRouter).bind(inputType);
        if (writerRouter != eventRouter && !writerRouter.equals(bound)) {
            // The writers of every input are copies of this one sink: one input would be routed
            // by the other's field positions.
            throw new IllegalStateException(
                    "one PravegaSink with "
                            + eventRouter
                            + " is added to streams whose rows have these fields at different"
                            + " positions; build one sink per stream");
        }
        return bound;
    }

    /** The sink's settings. */
    public PravegaSinkConfig config() {
        return config;
    }

    public SerializationSchema<T> serializationSchema() {
        return serializationSchema;
    }

    /** The router the sink was built with, as given. */
    @Nullable
    public PravegaEventRouter<T> eventRouter() {
        return eventRouter;
    }

    /**
     * The router the writers use: {@link #eventRouter()}, bound to the input type if it must be.
     */
    @Nullable
    PravegaEventRouter<T> writerRouter() {
        return writerRouter;
    }
}
