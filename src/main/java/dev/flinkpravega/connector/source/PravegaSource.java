package dev.flinkpravega.connector.source;

import dev.flinkpravega.connector.config.StreamRef;
import dev.flinkpravega.connector.source.enumerator.PravegaEnumeratorState;
import dev.flinkpravega.connector.source.enumerator.PravegaEnumeratorStateSerializer;
import dev.flinkpravega.connector.source.enumerator.PravegaSplitEnumerator;
import dev.flinkpravega.connector.source.reader.PravegaSourceReader;
import dev.flinkpravega.connector.source.split.PravegaSplit;
import dev.flinkpravega.connector.source.split.PravegaSplitSerializer;
import java.util.Collections;
import java.util.Objects;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * A FLIP-27 source over one or more Pravega streams. The enumerator owns one Pravega reader group;
 * each subtask is one reader of it. Flink checkpoints are aligned with Pravega reader-group
 * checkpoints (see {@link PravegaSourceReader}). Build it with {@link #builder()}.
 */
public final class PravegaSource<T>
        implements Source<T, PravegaSplit, PravegaEnumeratorState>, ResultTypeQueryable<T> {
    private static final long serialVersionUID = 1L;

    private final PravegaSourceConfig config;
    private final PravegaDeserializationSchema<T> deserializationSchema;

    /**
     * A source with these settings. A configuration without a reader group name gets a new random
     * one here, so that every source has its own group.
     */
    public PravegaSource(
            PravegaSourceConfig config, PravegaDeserializationSchema<T> deserializationSchema) {
        this.config = Objects.requireNonNull(config, "config").withReaderGroupNamed();
        this.deserializationSchema =
                Objects.requireNonNull(deserializationSchema, "deserializationSchema");
    }

    public static <T> PravegaSourceBuilder<T> builder() {
        return new PravegaSourceBuilder<>();
    }

    @Override
    public Boundedness getBoundedness() {
        return config.isBounded() ? Boundedness.BOUNDED : Boundedness.CONTINUOUS_UNBOUNDED;
    }

    @Override
    public SplitEnumerator<PravegaSplit, PravegaEnumeratorState> createEnumerator(
            SplitEnumeratorContext<PravegaSplit> context) {
        return new PravegaSplitEnumerator(config, context, null);
    }

    @Override
    public SplitEnumerator<PravegaSplit, PravegaEnumeratorState> restoreEnumerator(
            SplitEnumeratorContext<PravegaSplit> context, PravegaEnumeratorState state) {
        return new PravegaSplitEnumerator(config, context, state);
    }

    @Override
    public SimpleVersionedSerializer<PravegaSplit> getSplitSerializer() {
        return PravegaSplitSerializer.INSTANCE;
    }

    @Override
    public SimpleVersionedSerializer<PravegaEnumeratorState> getEnumeratorCheckpointSerializer() {
        return PravegaEnumeratorStateSerializer.INSTANCE;
    }

    @Override
    public SourceReader<T, PravegaSplit> createReader(SourceReaderContext readerContext) {
        return new PravegaSourceReader<>(
                config.connection(),
                config.eventReadTimeout(),
                deserializationSchema,
                config.pravegaMetrics(),
                config.pravegaWatermarks()
                        ? config.streams().stream()
                                .map(StreamRef::toStream)
                                .collect(Collectors.toList())
                        : Collections.emptyList(),
                readerContext);
    }

    @Override
    public TypeInformation<T> getProducedType() {
        return deserializationSchema.getProducedType();
    }

    /** The source's settings; its reader group name is always set. */
    public PravegaSourceConfig config() {
        return config;
    }

    public PravegaDeserializationSchema<T> deserializationSchema() {
        return deserializationSchema;
    }
}
