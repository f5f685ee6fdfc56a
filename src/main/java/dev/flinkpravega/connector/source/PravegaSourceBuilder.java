package dev.flinkpravega.connector.source;

import dev.flinkpravega.connector.config.BoundedMode;
import dev.flinkpravega.connector.config.PravegaConfig;
import dev.flinkpravega.connector.config.StartupMode;
import dev.flinkpravega.connector.config.StreamCuts;
import dev.flinkpravega.connector.config.StreamRef;
import io.pravega.client.stream.StreamCut;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.apache.flink.api.common.serialization.DeserializationSchema;

/** Builder of {@link PravegaSource}. */
public final class PravegaSourceBuilder<T> {
    public static final Duration DEFAULT_EVENT_READ_TIMEOUT = Duration.ofSeconds(1);
    public static final Duration DEFAULT_CHECKPOINT_TIMEOUT = Duration.ofMinutes(5);
    public static final Duration DEFAULT_READER_GROUP_REFRESH = Duration.ofSeconds(3);

    PravegaConfig pravegaConfig;
    final List<StreamRef> streams = new ArrayList<>();
    StartupMode startupMode = StartupMode.EARLIEST;
    final Map<StreamRef, String> startStreamCuts = new LinkedHashMap<>();
    BoundedMode boundedMode = BoundedMode.UNBOUNDED;
    final Map<StreamRef, String> endStreamCuts = new LinkedHashMap<>();
    String readerGroupScope;
    String readerGroupName;
    PravegaDeserializationSchema<T> deserializationSchema;
    Duration eventReadTimeout = DEFAULT_EVENT_READ_TIMEOUT;
    Duration checkpointTimeout = DEFAULT_CHECKPOINT_TIMEOUT;
    Duration readerGroupRefreshInterval = DEFAULT_READER_GROUP_REFRESH;
    boolean createStreamsIfMissing;
    int minSegments = 1;

    PravegaSourceBuilder() {}

    public PravegaSourceBuilder<T> withPravegaConfig(PravegaConfig config) {
        this.pravegaConfig = Objects.requireNonNull(config);
        return this;
    }

    /** Adds a stream ({@code stream} in the default scope, or {@code scope/stream}). */
    public PravegaSourceBuilder<T> forStream(String stream) {
        return forStream(resolve(stream));
    }

    public PravegaSourceBuilder<T> forStream(StreamRef stream) {
        if (!streams.contains(stream)) {
            streams.add(stream);
        }
        return this;
    }

    /** Adds a stream read from {@code start} (null: the configured startup mode) to {@code end}. */
    public PravegaSourceBuilder<T> forStream(String stream, StreamCut start, StreamCut end) {
        StreamRef ref = resolve(stream);
        forStream(ref);
        if (start != null && start != StreamCut.UNBOUNDED) {
            startupMode = StartupMode.STREAM_CUT;
            startStreamCuts.put(ref, StreamCuts.print(start));
        }
        if (end != null && end != StreamCut.UNBOUNDED) {
            boundedMode = BoundedMode.STREAM_CUT;
            endStreamCuts.put(ref, StreamCuts.print(end));
        }
        return this;
    }

    public PravegaSourceBuilder<T> withStartupMode(StartupMode mode) {
        this.startupMode = Objects.requireNonNull(mode);
        return this;
    }

    public PravegaSourceBuilder<T> withBoundedMode(BoundedMode mode) {
        this.boundedMode = Objects.requireNonNull(mode);
        return this;
    }

    /** Start cut of one stream (base64), for {@link StartupMode#STREAM_CUT}. */
    public PravegaSourceBuilder<T> withStartStreamCut(StreamRef stream, String base64) {
        StreamCuts.parse(base64);
        startStreamCuts.put(stream, base64.trim());
        return this;
    }

    /** End cut of one stream (base64), for {@link BoundedMode#STREAM_CUT}. */
    public PravegaSourceBuilder<T> withEndStreamCut(StreamRef stream, String base64) {
        StreamCuts.parse(base64);
        endStreamCuts.put(stream, base64.trim());
        return this;
    }

    /**
     * Start cut (base64) of a stream named as in {@link #forStream(String)}, for {@link
     * StartupMode#STREAM_CUT}. Plain strings only, for callers such as PyFlink.
     */
    public PravegaSourceBuilder<T> withStartStreamCut(String stream, String base64) {
        return withStartStreamCut(resolve(stream), base64);
    }

    /**
     * End cut (base64) of a stream named as in {@link #forStream(String)}, for {@link
     * BoundedMode#STREAM_CUT}. Plain strings only, for callers such as PyFlink.
     */
    public PravegaSourceBuilder<T> withEndStreamCut(String stream, String base64) {
        return withEndStreamCut(resolve(stream), base64);
    }

    public PravegaSourceBuilder<T> withReaderGroupName(String name) {
        StreamRef.checkName("reader group", name);
        this.readerGroupName = name;
        return this;
    }

    public PravegaSourceBuilder<T> withReaderGroupScope(String scope) {
        StreamRef.checkName("scope", scope);
        this.readerGroupScope = scope;
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
        this.eventReadTimeout = positive(timeout, "event read timeout");
        return this;
    }

    /** How long a Pravega checkpoint may take before the Flink checkpoint fails. */
    public PravegaSourceBuilder<T> withCheckpointTimeout(Duration timeout) {
        this.checkpointTimeout = positive(timeout, "checkpoint timeout");
        return this;
    }

    public PravegaSourceBuilder<T> withReaderGroupRefreshInterval(Duration interval) {
        this.readerGroupRefreshInterval = positive(interval, "reader group refresh interval");
        return this;
    }

    /** Creates missing scopes and streams (with {@code minSegments} segments) before reading. */
    public PravegaSourceBuilder<T> withCreateStreamsIfMissing(boolean create, int minSegments) {
        if (minSegments < 1) {
            throw new IllegalArgumentException("minSegments must be at least 1");
        }
        this.createStreamsIfMissing = create;
        this.minSegments = minSegments;
        return this;
    }

    public PravegaSource<T> build() {
        if (pravegaConfig == null) {
            throw new IllegalStateException("withPravegaConfig(...) is required");
        }
        if (streams.isEmpty()) {
            throw new IllegalStateException("at least one stream is required (forStream)");
        }
        if (deserializationSchema == null) {
            throw new IllegalStateException("withDeserializationSchema(...) is required");
        }
        checkCuts("start", startupMode == StartupMode.STREAM_CUT, startStreamCuts);
        checkCuts("end", boundedMode == BoundedMode.STREAM_CUT, endStreamCuts);
        if (readerGroupScope == null) {
            readerGroupScope =
                    pravegaConfig.defaultScope() != null
                            ? pravegaConfig.defaultScope()
                            : streams.get(0).scope();
        }
        if (readerGroupName == null) {
            // Random: two sources, even over the same streams, never share a group by accident.
            // A restore finds the group through the enumerator's state, not through this name.
            readerGroupName = "flink-" + UUID.randomUUID().toString().replace("-", "");
        }
        return new PravegaSource<>(this);
    }

    private void checkCuts(String which, boolean required, Map<StreamRef, String> cuts) {
        if (!required) {
            return;
        }
        for (StreamRef stream : streams) {
            if (!cuts.containsKey(stream)) {
                throw new IllegalStateException(
                        "no " + which + " stream cut for stream '" + stream + "'");
            }
        }
        for (StreamRef stream : cuts.keySet()) {
            if (!streams.contains(stream)) {
                throw new IllegalStateException(
                        "a "
                                + which
                                + " stream cut is given for '"
                                + stream
                                + "', which is not read");
            }
        }
    }

    private StreamRef resolve(String stream) {
        if (pravegaConfig == null) {
            throw new IllegalStateException("call withPravegaConfig(...) before forStream(...)");
        }
        return pravegaConfig.resolve(stream);
    }

    private static Duration positive(Duration d, String what) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("the " + what + " must be positive");
        }
        return d;
    }
}
