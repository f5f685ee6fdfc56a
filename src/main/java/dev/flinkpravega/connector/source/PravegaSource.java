package dev.flinkpravega.connector.source;

import dev.flinkpravega.connector.config.BoundedMode;
import dev.flinkpravega.connector.config.PravegaConfig;
import dev.flinkpravega.connector.config.StartupMode;
import dev.flinkpravega.connector.config.StreamRef;
import dev.flinkpravega.connector.source.enumerator.PravegaEnumeratorState;
import dev.flinkpravega.connector.source.enumerator.PravegaEnumeratorStateSerializer;
import dev.flinkpravega.connector.source.enumerator.PravegaSplitEnumerator;
import dev.flinkpravega.connector.source.reader.PravegaSourceReader;
import dev.flinkpravega.connector.source.split.PravegaSplit;
import dev.flinkpravega.connector.source.split.PravegaSplitSerializer;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    private final PravegaConfig pravegaConfig;
    private final List<StreamRef> streams;
    private final StartupMode startupMode;
    private final Map<StreamRef, String> startStreamCuts;
    private final BoundedMode boundedMode;
    private final Map<StreamRef, String> endStreamCuts;
    private final String readerGroupScope;
    private final String readerGroupName;
    private final PravegaDeserializationSchema<T> deserializationSchema;
    private final Duration eventReadTimeout;
    private final Duration checkpointTimeout;
    private final Duration readerGroupRefreshInterval;
    private final boolean createStreamsIfMissing;
    private final int minSegments;

    PravegaSource(PravegaSourceBuilder<T> b) {
        this.pravegaConfig = b.pravegaConfig;
        this.streams = Collections.unmodifiableList(b.streams);
        this.startupMode = b.startupMode;
        this.startStreamCuts = Collections.unmodifiableMap(new LinkedHashMap<>(b.startStreamCuts));
        this.boundedMode = b.boundedMode;
        this.endStreamCuts = Collections.unmodifiableMap(new LinkedHashMap<>(b.endStreamCuts));
        this.readerGroupScope = b.readerGroupScope;
        this.readerGroupName = b.readerGroupName;
        this.deserializationSchema = b.deserializationSchema;
        this.eventReadTimeout = b.eventReadTimeout;
        this.checkpointTimeout = b.checkpointTimeout;
        this.readerGroupRefreshInterval = b.readerGroupRefreshInterval;
        this.createStreamsIfMissing = b.createStreamsIfMissing;
        this.minSegments = b.minSegments;
    }

    public static <T> PravegaSourceBuilder<T> builder() {
        return new PravegaSourceBuilder<>();
    }

    @Override
    public Boundedness getBoundedness() {
        return boundedMode == BoundedMode.UNBOUNDED
                ? Boundedness.CONTINUOUS_UNBOUNDED
                : Boundedness.BOUNDED;
    }

    @Override
    public SplitEnumerator<PravegaSplit, PravegaEnumeratorState> createEnumerator(
            SplitEnumeratorContext<PravegaSplit> context) {
        return new PravegaSplitEnumerator(this, context, null);
    }

    @Override
    public SplitEnumerator<PravegaSplit, PravegaEnumeratorState> restoreEnumerator(
            SplitEnumeratorContext<PravegaSplit> context, PravegaEnumeratorState state) {
        return new PravegaSplitEnumerator(this, context, state);
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
        return new PravegaSourceReader<>(this, readerContext);
    }

    @Override
    public TypeInformation<T> getProducedType() {
        return deserializationSchema.getProducedType();
    }

    public PravegaConfig pravegaConfig() {
        return pravegaConfig;
    }

    public List<StreamRef> streams() {
        return streams;
    }

    public StartupMode startupMode() {
        return startupMode;
    }

    public Map<StreamRef, String> startStreamCuts() {
        return startStreamCuts;
    }

    public BoundedMode boundedMode() {
        return boundedMode;
    }

    public Map<StreamRef, String> endStreamCuts() {
        return endStreamCuts;
    }

    public String readerGroupScope() {
        return readerGroupScope;
    }

    public String readerGroupName() {
        return readerGroupName;
    }

    public PravegaDeserializationSchema<T> deserializationSchema() {
        return deserializationSchema;
    }

    public Duration eventReadTimeout() {
        return eventReadTimeout;
    }

    public Duration checkpointTimeout() {
        return checkpointTimeout;
    }

    public Duration readerGroupRefreshInterval() {
        return readerGroupRefreshInterval;
    }

    public boolean createStreamsIfMissing() {
        return createStreamsIfMissing;
    }

    public int minSegments() {
        return minSegments;
    }
}
