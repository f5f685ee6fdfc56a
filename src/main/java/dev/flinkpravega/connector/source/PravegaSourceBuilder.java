package dev.flinkpravega.connector.source;

import dev.flinkpravega.connector.config.BoundedMode;
import dev.flinkpravega.connector.config.PravegaConfig;
import dev.flinkpravega.connector.config.StartupMode;
import dev.flinkpravega.connector.config.StreamCuts;
import dev.flinkpravega.connector.config.StreamPolicy;
import dev.flinkpravega.connector.config.StreamRef;
import io.pravega.client.stream.StreamCut;
import java.time.Duration;
import java.util.Objects;
import org.apache.flink.api.common.serialization.DeserializationSchema;

/**
 * Builder of {@link PravegaSource}: the settings go into a {@link PravegaSourceConfig}, the
 * deserialization schema beside it.
 */
public final class PravegaSourceBuilder<T> {
    private final PravegaSourceConfig.Builder config = PravegaSourceConfig.builder();
    private PravegaDeserializationSchema<T> deserializationSchema;

    PravegaSourceBuilder() {}

    public PravegaSourceBuilder<T> withPravegaConfig(PravegaConfig config) {
        this.config.connection(config);
        return this;
    }

    /** Adds a stream ({@code stream} in the default scope, or {@code scope/stream}). */
    public PravegaSourceBuilder<T> forStream(String stream) {
        config.stream(stream);
        return this;
    }

    public PravegaSourceBuilder<T> forStream(StreamRef stream) {
        config.stream(stream);
        return this;
    }

    /** Adds a stream read from {@code start} (null: the configured startup mode) to {@code end}. */
    public PravegaSourceBuilder<T> forStream(String stream, StreamCut start, StreamCut end) {
        StreamRef ref = config.resolve(stream);
        config.stream(ref);
        if (start != null && start != StreamCut.UNBOUNDED) {
            config.startupMode(StartupMode.STREAM_CUT).startStreamCut(ref, StreamCuts.print(start));
        }
        if (end != null && end != StreamCut.UNBOUNDED) {
            config.boundedMode(BoundedMode.STREAM_CUT).endStreamCut(ref, StreamCuts.print(end));
        }
        return this;
    }

    public PravegaSourceBuilder<T> withStartupMode(StartupMode mode) {
        config.startupMode(mode);
        return this;
    }

    public PravegaSourceBuilder<T> withBoundedMode(BoundedMode mode) {
        config.boundedMode(mode);
        return this;
    }

    /** Start cut of one stream (base64), for {@link StartupMode#STREAM_CUT}. */
    public PravegaSourceBuilder<T> withStartStreamCut(StreamRef stream, String base64) {
        config.startStreamCut(stream, base64);
        return this;
    }

    /** End cut of one stream (base64), for {@link BoundedMode#STREAM_CUT}. */
    public PravegaSourceBuilder<T> withEndStreamCut(StreamRef stream, String base64) {
        config.endStreamCut(stream, base64);
        return this;
    }

    /**
     * Start cut (base64) of a stream named as in {@link #forStream(String)}, for {@link
     * StartupMode#STREAM_CUT}. Plain strings only, for callers such as PyFlink.
     */
    public PravegaSourceBuilder<T> withStartStreamCut(String stream, String base64) {
        return withStartStreamCut(config.resolve(stream), base64);
    }

    /**
     * End cut (base64) of a stream named as in {@link #forStream(String)}, for {@link
     * BoundedMode#STREAM_CUT}. Plain strings only, for callers such as PyFlink.
     */
    public PravegaSourceBuilder<T> withEndStreamCut(String stream, String base64) {
        return withEndStreamCut(config.resolve(stream), base64);
    }

    public PravegaSourceBuilder<T> withReaderGroupName(String name) {
        config.readerGroupName(name);
        return this;
    }

    public PravegaSourceBuilder<T> withReaderGroupScope(String scope) {
        config.readerGroupScope(scope);
        return this;
    }

    public PravegaSourceBuilder<T> withDeserializationSchema(DeserializationSchema<T> schema) {
        return withDeserializationSchema(PravegaDeserializationSchema.of(schema));
    }

    public PravegaSourceBuilder<T> withDeserializationSchema(
            PravegaDeserializationSchema<T> schema) {
        this.deserializationSchema = Objects.requireNonNull(schema);
        return this;
    }

    /** How long one read waits for an event before the reader checks for other work. */
    public PravegaSourceBuilder<T> withEventReadTimeout(Duration timeout) {
        config.eventReadTimeout(timeout);
        return this;
    }

    /** How long a Pravega checkpoint may take before the Flink checkpoint fails. */
    public PravegaSourceBuilder<T> withCheckpointTimeout(Duration timeout) {
        config.checkpointTimeout(timeout);
        return this;
    }

    /**
     * How many Flink checkpoints in a row may fail because their Pravega checkpoint timed out; the
     * next one fails the job (default 0: the first fails it).
     */
    public PravegaSourceBuilder<T> withTolerableCheckpointTimeouts(int timeouts) {
        config.tolerableCheckpointTimeouts(timeouts);
        return this;
    }

    public PravegaSourceBuilder<T> withReaderGroupRefreshInterval(Duration interval) {
        config.readerGroupRefreshInterval(interval);
        return this;
    }

    /**
     * How many reader-group checkpoints may be outstanding at once (Pravega's {@code
     * maxOutstandingCheckpointRequest}; default 10, at least 2 because a Flink checkpoint and an
     * internal one of the source may overlap).
     */
    public PravegaSourceBuilder<T> withMaxOutstandingCheckpointRequests(int requests) {
        config.maxOutstandingCheckpointRequests(requests);
        return this;
    }

    /**
     * Whether the source registers its Pravega metrics (reader group gauges and unread bytes;
     * default true). Flink's own source metrics stay.
     */
    public PravegaSourceBuilder<T> withPravegaMetrics(boolean enabled) {
        config.pravegaMetrics(enabled);
        return this;
    }

    /**
     * Readers emit watermarks from Pravega's time windows: the time the streams' writers noted
     * ({@code EventStreamWriter.noteTime}, a transaction's commit time, or this connector's sink
     * with {@code withWatermarkPropagation()}) that every event still to come is at or after. Use
     * it with {@code WatermarkStrategy.<T>noWatermarks().withTimestampAssigner(...)}: a watermark
     * generator of the strategy would emit its own watermarks as well.
     */
    public PravegaSourceBuilder<T> withPravegaWatermarks() {
        config.pravegaWatermarks(true);
        return this;
    }

    /** Creates missing scopes and streams (with {@code minSegments} segments) before reading. */
    public PravegaSourceBuilder<T> withCreateStreamsIfMissing(boolean create, int minSegments) {
        config.createStreamsIfMissing(create, minSegments);
        return this;
    }

    /**
     * Creates missing scopes and streams with {@code policy} (scaling and retention) before
     * reading. An existing stream is never changed; when its policy differs from {@code policy} the
     * job logs a warning and runs.
     */
    public PravegaSourceBuilder<T> withCreateStreamsIfMissing(boolean create, StreamPolicy policy) {
        config.createStreamsIfMissing(create, Objects.requireNonNull(policy, "policy"));
        return this;
    }

    public PravegaSource<T> build() {
        PravegaSourceConfig built = config.build();
        if (deserializationSchema == null) {
            throw new IllegalStateException("withDeserializationSchema(...) is required");
        }
        return new PravegaSource<>(built, deserializationSchema);
    }
}
