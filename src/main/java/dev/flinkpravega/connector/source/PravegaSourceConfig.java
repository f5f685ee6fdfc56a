package dev.flinkpravega.connector.source;

import dev.flinkpravega.connector.config.BoundedMode;
import dev.flinkpravega.connector.config.PravegaConfig;
import dev.flinkpravega.connector.config.StartupMode;
import dev.flinkpravega.connector.config.StreamCuts;
import dev.flinkpravega.connector.config.StreamPolicy;
import dev.flinkpravega.connector.config.StreamRef;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import javax.annotation.Nullable;

/**
 * Every setting of a {@link PravegaSource}, checked and immutable: the table connector builds it
 * from DDL options, {@link PravegaSourceBuilder} from its {@code with...} calls. The enumerator and
 * the readers take the parts they need from it.
 *
 * <p>Adding a source setting: a field and its accessor here, a {@link Builder} method with its
 * check, the DDL option and its line in the table's scan validator, and the place that uses it.
 */
public final class PravegaSourceConfig implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final Duration DEFAULT_EVENT_READ_TIMEOUT = Duration.ofSeconds(1);
    public static final Duration DEFAULT_CHECKPOINT_TIMEOUT = Duration.ofMinutes(5);
    public static final Duration DEFAULT_READER_GROUP_REFRESH = Duration.ofSeconds(3);
    public static final int DEFAULT_TOLERABLE_CHECKPOINT_TIMEOUTS = 0;

    /**
     * Flink's checkpoint and the source's internal ones (bounded ends, scaled streams) may be
     * outstanding at once, so fewer than two would make one of them fail.
     */
    public static final int MIN_OUTSTANDING_CHECKPOINT_REQUESTS = 2;

    public static final int DEFAULT_MAX_OUTSTANDING_CHECKPOINT_REQUESTS = 10;

    private final PravegaConfig connection;
    private final List<StreamRef> streams;
    private final StartupMode startupMode;
    private final Map<StreamRef, String> startStreamCuts;
    private final BoundedMode boundedMode;
    private final Map<StreamRef, String> endStreamCuts;
    private final String readerGroupScope;
    @Nullable private final String readerGroupName;
    private final Duration eventReadTimeout;
    private final Duration checkpointTimeout;
    private final int tolerableCheckpointTimeouts;
    private final Duration readerGroupRefreshInterval;
    private final int maxOutstandingCheckpointRequests;
    private final boolean pravegaMetrics;
    private final boolean pravegaWatermarks;
    private final boolean createStreamsIfMissing;
    @Nullable private final StreamPolicy streamPolicy;

    private PravegaSourceConfig(Builder b, String readerGroupScope, String readerGroupName) {
        this.connection = b.connection;
        this.streams = Collections.unmodifiableList(new ArrayList<>(b.streams));
        this.startupMode = b.startupMode;
        this.startStreamCuts = Collections.unmodifiableMap(new LinkedHashMap<>(b.startStreamCuts));
        this.boundedMode = b.boundedMode;
        this.endStreamCuts = Collections.unmodifiableMap(new LinkedHashMap<>(b.endStreamCuts));
        this.readerGroupScope = readerGroupScope;
        this.readerGroupName = readerGroupName;
        this.eventReadTimeout = b.eventReadTimeout;
        this.checkpointTimeout = b.checkpointTimeout;
        this.tolerableCheckpointTimeouts = b.tolerableCheckpointTimeouts;
        this.readerGroupRefreshInterval = b.readerGroupRefreshInterval;
        this.maxOutstandingCheckpointRequests = b.maxOutstandingCheckpointRequests;
        this.pravegaMetrics = b.pravegaMetrics;
        this.pravegaWatermarks = b.pravegaWatermarks;
        this.createStreamsIfMissing = b.createStreamsIfMissing;
        this.streamPolicy = b.streamPolicy;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** How to reach Pravega. */
    public PravegaConfig connection() {
        return connection;
    }

    /** The streams read, in the order given; never empty. */
    public List<StreamRef> streams() {
        return streams;
    }

    public StartupMode startupMode() {
        return startupMode;
    }

    /** Base64 start cut per stream; one for every stream with {@link StartupMode#STREAM_CUT}. */
    public Map<StreamRef, String> startStreamCuts() {
        return startStreamCuts;
    }

    public BoundedMode boundedMode() {
        return boundedMode;
    }

    /** Base64 end cut per stream; one for every stream with {@link BoundedMode#STREAM_CUT}. */
    public Map<StreamRef, String> endStreamCuts() {
        return endStreamCuts;
    }

    public boolean isBounded() {
        return boundedMode != BoundedMode.UNBOUNDED;
    }

    /** Scope of the reader group: the default scope, else the first stream's. */
    public String readerGroupScope() {
        return readerGroupScope;
    }

    /** The reader group's name, or null for a new random one per source. */
    @Nullable
    public String readerGroupName() {
        return readerGroupName;
    }

    /**
     * This configuration with a reader group name: its own, or a new random one. Random, two
     * sources, even over the same streams, never share a group by accident. A failover keeps the
     * name (the source is not built again); a job started from a savepoint reads through its own
     * group, reset to the savepoint's positions.
     */
    PravegaSourceConfig withReaderGroupNamed() {
        if (readerGroupName != null) {
            return this;
        }
        String random = "flink-" + UUID.randomUUID().toString().replace("-", "");
        return new PravegaSourceConfig(toBuilder(), readerGroupScope, random);
    }

    /** How long one read waits for an event when the stream is idle. */
    public Duration eventReadTimeout() {
        return eventReadTimeout;
    }

    /** How long the Pravega checkpoint behind a Flink checkpoint may take. */
    public Duration checkpointTimeout() {
        return checkpointTimeout;
    }

    /**
     * How many Flink checkpoints in a row may fail on {@link #checkpointTimeout()} before the
     * source fails the job.
     */
    public int tolerableCheckpointTimeouts() {
        return tolerableCheckpointTimeouts;
    }

    /** How often readers refresh the reader group's state. */
    public Duration readerGroupRefreshInterval() {
        return readerGroupRefreshInterval;
    }

    /**
     * How many reader-group checkpoints may be outstanding at once (Pravega's {@code
     * ReaderGroupConfig.maxOutstandingCheckpointRequest}); more are refused by Pravega.
     */
    public int maxOutstandingCheckpointRequests() {
        return maxOutstandingCheckpointRequests;
    }

    /** Whether the source registers its Pravega metrics (reader group, readers, unread bytes). */
    public boolean pravegaMetrics() {
        return pravegaMetrics;
    }

    /**
     * Whether readers emit watermarks from Pravega's time windows (the lower bound noted by the
     * streams' writers, the minimum over the streams read), as SQL's {@code SOURCE_WATERMARK()}.
     */
    public boolean pravegaWatermarks() {
        return pravegaWatermarks;
    }

    /** Whether missing scopes and streams are created (with {@link #streamPolicy()}). */
    public boolean createStreamsIfMissing() {
        return createStreamsIfMissing;
    }

    /** The policy of the streams the source creates: the one asked for, else the default. */
    public StreamPolicy streamPolicy() {
        return streamPolicy == null ? StreamPolicy.DEFAULT : streamPolicy;
    }

    /**
     * The policy asked for, or null when none was; existing streams are compared with it (see
     * {@link dev.flinkpravega.connector.config.PravegaAdmin#ensureStream}).
     */
    @Nullable
    public StreamPolicy requestedStreamPolicy() {
        return streamPolicy;
    }

    /** Minimum (and initial) segments of the streams the source creates. */
    public int minSegments() {
        return streamPolicy().minSegments();
    }

    /** A builder holding this configuration's settings. */
    public Builder toBuilder() {
        Builder b = new Builder().connection(connection);
        b.streams.addAll(streams);
        b.startupMode = startupMode;
        b.startStreamCuts.putAll(startStreamCuts);
        b.boundedMode = boundedMode;
        b.endStreamCuts.putAll(endStreamCuts);
        b.readerGroupScope = readerGroupScope;
        b.readerGroupName = readerGroupName;
        b.eventReadTimeout = eventReadTimeout;
        b.checkpointTimeout = checkpointTimeout;
        b.tolerableCheckpointTimeouts = tolerableCheckpointTimeouts;
        b.readerGroupRefreshInterval = readerGroupRefreshInterval;
        b.maxOutstandingCheckpointRequests = maxOutstandingCheckpointRequests;
        b.pravegaMetrics = pravegaMetrics;
        b.pravegaWatermarks = pravegaWatermarks;
        b.createStreamsIfMissing = createStreamsIfMissing;
        b.streamPolicy = streamPolicy;
        return b;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof PravegaSourceConfig)) {
            return false;
        }
        PravegaSourceConfig that = (PravegaSourceConfig) o;
        return createStreamsIfMissing == that.createStreamsIfMissing
                && Objects.equals(streamPolicy, that.streamPolicy)
                && connection.equals(that.connection)
                && streams.equals(that.streams)
                && startupMode == that.startupMode
                && startStreamCuts.equals(that.startStreamCuts)
                && boundedMode == that.boundedMode
                && endStreamCuts.equals(that.endStreamCuts)
                && readerGroupScope.equals(that.readerGroupScope)
                && Objects.equals(readerGroupName, that.readerGroupName)
                && eventReadTimeout.equals(that.eventReadTimeout)
                && checkpointTimeout.equals(that.checkpointTimeout)
                && tolerableCheckpointTimeouts == that.tolerableCheckpointTimeouts
                && readerGroupRefreshInterval.equals(that.readerGroupRefreshInterval)
                && maxOutstandingCheckpointRequests == that.maxOutstandingCheckpointRequests
                && pravegaMetrics == that.pravegaMetrics
                && pravegaWatermarks == that.pravegaWatermarks;
    }

    @Override
    public int hashCode() {
        return Objects.hash(connection, streams, startupMode, boundedMode, readerGroupName);
    }

    @Override
    public String toString() {
        return "PravegaSourceConfig{"
                + connection
                + ", streams="
                + streams
                + ", startup="
                + startupMode
                + ", bounded="
                + boundedMode
                + ", readerGroup="
                + readerGroupScope
                + "/"
                + (readerGroupName == null ? "<random>" : readerGroupName)
                + "}";
    }

    /** Collects and checks the settings; each check fails with the setting's name. */
    public static final class Builder {
        private PravegaConfig connection;
        private final List<StreamRef> streams = new ArrayList<>();
        private StartupMode startupMode = StartupMode.EARLIEST;
        private final Map<StreamRef, String> startStreamCuts = new LinkedHashMap<>();
        private BoundedMode boundedMode = BoundedMode.UNBOUNDED;
        private final Map<StreamRef, String> endStreamCuts = new LinkedHashMap<>();
        private String readerGroupScope;
        private String readerGroupName;
        private Duration eventReadTimeout = DEFAULT_EVENT_READ_TIMEOUT;
        private Duration checkpointTimeout = DEFAULT_CHECKPOINT_TIMEOUT;
        private int tolerableCheckpointTimeouts = DEFAULT_TOLERABLE_CHECKPOINT_TIMEOUTS;
        private Duration readerGroupRefreshInterval = DEFAULT_READER_GROUP_REFRESH;
        private int maxOutstandingCheckpointRequests = DEFAULT_MAX_OUTSTANDING_CHECKPOINT_REQUESTS;
        private boolean pravegaMetrics = true;
        private boolean pravegaWatermarks;
        private boolean createStreamsIfMissing;
        private StreamPolicy streamPolicy;

        private Builder() {}

        /** How to reach Pravega; required, and needed before streams are added by name. */
        public Builder connection(PravegaConfig connection) {
            this.connection = Objects.requireNonNull(connection, "connection");
            return this;
        }

        /** Adds a stream to read; a stream added twice is read once. */
        public Builder stream(StreamRef stream) {
            Objects.requireNonNull(stream, "stream");
            if (!streams.contains(stream)) {
                streams.add(stream);
            }
            return this;
        }

        /** Adds a stream named {@code stream} (default scope) or {@code scope/stream}. */
        public Builder stream(String stream) {
            return stream(resolve(stream));
        }

        /** Resolves {@code stream} or {@code scope/stream} against the connection's scope. */
        public StreamRef resolve(String stream) {
            if (connection == null) {
                throw new IllegalStateException(
                        "call withPravegaConfig(...) before forStream(...)");
            }
            return connection.resolve(stream);
        }

        public Builder startupMode(StartupMode mode) {
            this.startupMode = Objects.requireNonNull(mode, "startupMode");
            return this;
        }

        public Builder boundedMode(BoundedMode mode) {
            this.boundedMode = Objects.requireNonNull(mode, "boundedMode");
            return this;
        }

        /** Start cut of one stream (base64), for {@link StartupMode#STREAM_CUT}. */
        public Builder startStreamCut(StreamRef stream, String base64) {
            StreamCuts.parse(base64);
            startStreamCuts.put(Objects.requireNonNull(stream, "stream"), base64.trim());
            return this;
        }

        /** End cut of one stream (base64), for {@link BoundedMode#STREAM_CUT}. */
        public Builder endStreamCut(StreamRef stream, String base64) {
            StreamCuts.parse(base64);
            endStreamCuts.put(Objects.requireNonNull(stream, "stream"), base64.trim());
            return this;
        }

        public Builder readerGroupName(String name) {
            StreamRef.checkName("reader group", name);
            this.readerGroupName = name;
            return this;
        }

        public Builder readerGroupScope(String scope) {
            StreamRef.checkName("scope", scope);
            this.readerGroupScope = scope;
            return this;
        }

        public Builder eventReadTimeout(Duration timeout) {
            this.eventReadTimeout = positive(timeout, "event read timeout");
            return this;
        }

        public Builder checkpointTimeout(Duration timeout) {
            this.checkpointTimeout = positive(timeout, "checkpoint timeout");
            return this;
        }

        public Builder tolerableCheckpointTimeouts(int timeouts) {
            if (timeouts < 0) {
                throw new IllegalArgumentException(
                        "tolerable checkpoint timeouts must be 0 or more, got " + timeouts);
            }
            this.tolerableCheckpointTimeouts = timeouts;
            return this;
        }

        public Builder readerGroupRefreshInterval(Duration interval) {
            this.readerGroupRefreshInterval = positive(interval, "reader group refresh interval");
            return this;
        }

        public Builder maxOutstandingCheckpointRequests(int requests) {
            if (requests < MIN_OUTSTANDING_CHECKPOINT_REQUESTS) {
                throw new IllegalArgumentException(
                        "max outstanding checkpoint requests must be at least "
                                + MIN_OUTSTANDING_CHECKPOINT_REQUESTS
                                + " (a Flink checkpoint and an internal one may overlap), got "
                                + requests);
            }
            this.maxOutstandingCheckpointRequests = requests;
            return this;
        }

        public Builder pravegaMetrics(boolean enabled) {
            this.pravegaMetrics = enabled;
            return this;
        }

        /** See {@link PravegaSourceConfig#pravegaWatermarks()}. */
        public Builder pravegaWatermarks(boolean enabled) {
            this.pravegaWatermarks = enabled;
            return this;
        }

        /**
         * Creates missing scopes and streams (with {@code minSegments} fixed segments) first; the
         * same as {@code createStreamsIfMissing(create, StreamPolicy.fixed(minSegments))}.
         */
        public Builder createStreamsIfMissing(boolean create, int minSegments) {
            if (minSegments < 1) {
                throw new IllegalArgumentException("minSegments must be at least 1");
            }
            return createStreamsIfMissing(create, StreamPolicy.fixed(minSegments));
        }

        /**
         * Creates missing scopes and streams first, with {@code policy}; null asks for no policy
         * (streams are created with {@link StreamPolicy#DEFAULT}). An existing stream is never
         * changed; one with another policy is reported in the log.
         */
        public Builder createStreamsIfMissing(boolean create, @Nullable StreamPolicy policy) {
            this.createStreamsIfMissing = create;
            this.streamPolicy = policy;
            return this;
        }

        /**
         * @throws IllegalStateException when the connection or every stream is missing, or the
         *     stream cuts do not match the streams their mode needs them for
         */
        public PravegaSourceConfig build() {
            if (connection == null) {
                throw new IllegalStateException("withPravegaConfig(...) is required");
            }
            if (streams.isEmpty()) {
                throw new IllegalStateException("at least one stream is required (forStream)");
            }
            checkCuts("start", startupMode == StartupMode.STREAM_CUT, startStreamCuts);
            checkCuts("end", boundedMode == BoundedMode.STREAM_CUT, endStreamCuts);
            String scope = readerGroupScope;
            if (scope == null) {
                scope =
                        connection.defaultScope() != null
                                ? connection.defaultScope()
                                : streams.get(0).scope();
            }
            return new PravegaSourceConfig(this, scope, readerGroupName);
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

        private static Duration positive(Duration d, String what) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("the " + what + " must be positive");
            }
            return d;
        }
    }
}
