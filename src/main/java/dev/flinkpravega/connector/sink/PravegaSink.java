package dev.flinkpravega.connector.sink;

import dev.flinkpravega.connector.config.PravegaConfig;
import dev.flinkpravega.connector.config.StreamRef;
import dev.flinkpravega.connector.sink.writer.PravegaWriter;
import java.io.IOException;
import javax.annotation.Nullable;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.connector.base.DeliveryGuarantee;

/**
 * A Sink V2 that writes to one Pravega stream with the chosen {@link DeliveryGuarantee}. Build it
 * with {@link #builder()}.
 */
public final class PravegaSink<T> extends PravegaSinkBase<T> {
    private static final long serialVersionUID = 1L;

    private final PravegaConfig pravegaConfig;
    private final StreamRef stream;
    private final SerializationSchema<T> serializationSchema;
    @Nullable private final PravegaEventRouter<T> eventRouter;
    private final DeliveryGuarantee deliveryGuarantee;
    private final boolean createStreamIfMissing;
    private final int minSegments;

    PravegaSink(PravegaSinkBuilder<T> b) {
        this.pravegaConfig = b.pravegaConfig;
        this.stream = b.stream;
        this.serializationSchema = b.serializationSchema;
        this.eventRouter = b.eventRouter;
        this.deliveryGuarantee = b.deliveryGuarantee;
        this.createStreamIfMissing = b.createStreamIfMissing;
        this.minSegments = b.minSegments;
    }

    public static <T> PravegaSinkBuilder<T> builder() {
        return new PravegaSinkBuilder<>();
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) throws IOException {
        try {
            serializationSchema.open(context.asSerializationSchemaInitializationContext());
        } catch (Exception e) {
            throw new IOException("could not open the serialization schema", e);
        }
        return new PravegaWriter<>(this);
    }

    public PravegaConfig pravegaConfig() {
        return pravegaConfig;
    }

    public StreamRef stream() {
        return stream;
    }

    public SerializationSchema<T> serializationSchema() {
        return serializationSchema;
    }

    @Nullable
    public PravegaEventRouter<T> eventRouter() {
        return eventRouter;
    }

    public DeliveryGuarantee deliveryGuarantee() {
        return deliveryGuarantee;
    }

    public boolean createStreamIfMissing() {
        return createStreamIfMissing;
    }

    public int minSegments() {
        return minSegments;
    }
}
