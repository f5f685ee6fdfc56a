package dev.flinkpravega.connector.config;

import static org.apache.flink.configuration.description.TextElement.text;

import io.pravega.client.stream.RetentionPolicy;
import io.pravega.client.stream.ScalingPolicy;
import io.pravega.client.stream.StreamConfiguration;
import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;
import javax.annotation.Nullable;
import org.apache.flink.configuration.DescribedEnum;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.description.InlineElement;
import org.apache.flink.util.TimeUtils;

/**
 * Scaling and retention of a stream the connector or the catalog creates, checked and immutable;
 * {@link #toStreamConfiguration()} turns it into Pravega's {@link StreamConfiguration}.
 *
 * <p>Start from {@link #fixed}, {@link #byEventRate} or {@link #byDataRate} and add retention with
 * {@link #withRetentionTime} or {@link #withRetentionSize}. Each factory fails with an {@link
 * IllegalArgumentException} naming the bad setting.
 */
public final class StreamPolicy implements Serializable {
    private static final long serialVersionUID = 1L;

    /** How many successors a split makes when none is given. */
    public static final int DEFAULT_SCALE_FACTOR = 2;

    /** One segment, never scaled, nothing removed: what a stream gets when nothing is asked. */
    public static final StreamPolicy DEFAULT = fixed(1);

    /** The scaling policies, as the option {@code stream.scaling.policy} names them. */
    public enum Scaling implements DescribedEnum {
        FIXED("fixed", "A fixed number of segments, 'stream.scaling.min-segments'; never scaled."),
        BY_EVENT_RATE(
                "by-event-rate",
                "Pravega splits a segment that receives more than 'stream.scaling.target-rate'"
                        + " events per second and merges segments that receive much less."),
        BY_DATA_RATE(
                "by-data-rate",
                "As 'by-event-rate', with 'stream.scaling.target-rate' in KiB per second.");

        private final String value;
        private final String description;

        Scaling(String value, String description) {
            this.value = value;
            this.description = description;
        }

        @Override
        public String toString() {
            return value;
        }

        @Override
        public InlineElement getDescription() {
            return text(description);
        }
    }

    /** The retention policies, as the option {@code stream.retention.policy} names them. */
    public enum Retention implements DescribedEnum {
        NONE("none", "Events are kept until the stream is truncated or deleted."),
        TIME("time", "Pravega removes events older than 'stream.retention.time'."),
        SIZE(
                "size",
                "Pravega removes the oldest events while the stream holds more than"
                        + " 'stream.retention.size'.");

        private final String value;
        private final String description;

        Retention(String value, String description) {
            this.value = value;
            this.description = description;
        }

        @Override
        public String toString() {
            return value;
        }

        @Override
        public InlineElement getDescription() {
            return text(description);
        }
    }

    private final Scaling scaling;
    private final int targetRate;
    private final int scaleFactor;
    private final int minSegments;
    private final Retention retention;

    /** Milliseconds with {@link Retention#TIME}, bytes with {@link Retention#SIZE}, else 0. */
    private final long retentionLimit;

    private StreamPolicy(
            Scaling scaling,
            int targetRate,
            int scaleFactor,
            int minSegments,
            Retention retention,
            long retentionLimit) {
        this.scaling = scaling;
        this.targetRate = targetRate;
        this.scaleFactor = scaleFactor;
        this.minSegments = minSegments;
        this.retention = retention;
        this.retentionLimit = retentionLimit;
    }

    /** Exactly {@code segments} segments, never scaled. */
    public static StreamPolicy fixed(int segments) {
        checkMinSegments(segments);
        return new StreamPolicy(Scaling.FIXED, 0, 0, segments, Retention.NONE, 0);
    }

    /**
     * At least {@code minSegments} segments (also the initial number); Pravega splits a segment
     * into {@code scaleFactor} when it receives more than {@code eventsPerSecond} events per
     * second.
     */
    public static StreamPolicy byEventRate(int eventsPerSecond, int scaleFactor, int minSegments) {
        return byRate(Scaling.BY_EVENT_RATE, eventsPerSecond, scaleFactor, minSegments);
    }

    /** As {@link #byEventRate}, with the target rate in KiB per second per segment. */
    public static StreamPolicy byDataRate(int kibPerSecond, int scaleFactor, int minSegments) {
        return byRate(Scaling.BY_DATA_RATE, kibPerSecond, scaleFactor, minSegments);
    }

    private static StreamPolicy byRate(
            Scaling scaling, int targetRate, int scaleFactor, int minSegments) {
        if (targetRate < 1) {
            throw new IllegalArgumentException(
                    "the target rate must be at least 1, not " + targetRate);
        }
        if (scaleFactor < 2) {
            throw new IllegalArgumentException(
                    "the scale factor must be at least 2 (a split makes that many segments of"
                            + " one), not "
                            + scaleFactor);
        }
        checkMinSegments(minSegments);
        return new StreamPolicy(scaling, targetRate, scaleFactor, minSegments, Retention.NONE, 0);
    }

    /** This scaling, and events older than {@code time} are removed. */
    public StreamPolicy withRetentionTime(Duration time) {
        if (time == null || time.isNegative() || time.isZero()) {
            throw new IllegalArgumentException("the retention time must be positive, not " + time);
        }
        return new StreamPolicy(
                scaling, targetRate, scaleFactor, minSegments, Retention.TIME, time.toMillis());
    }

    /** This scaling, and the oldest events are removed while the stream holds more than this. */
    public StreamPolicy withRetentionSize(MemorySize size) {
        if (size == null || size.getBytes() < 1) {
            throw new IllegalArgumentException(
                    "the retention size must be at least 1 byte, not " + size);
        }
        return new StreamPolicy(
                scaling, targetRate, scaleFactor, minSegments, Retention.SIZE, size.getBytes());
    }

    /** This scaling, with nothing removed. */
    public StreamPolicy withoutRetention() {
        return new StreamPolicy(scaling, targetRate, scaleFactor, minSegments, Retention.NONE, 0);
    }

    private static void checkMinSegments(int segments) {
        if (segments < 1) {
            throw new IllegalArgumentException(
                    "the number of segments must be at least 1, not " + segments);
        }
    }

    public Scaling scaling() {
        return scaling;
    }

    /** Events (by event rate) or KiB (by data rate) per second per segment; 0 when fixed. */
    public int targetRate() {
        return targetRate;
    }

    /** Successors of a split; 0 when fixed. */
    public int scaleFactor() {
        return scaleFactor;
    }

    /** Minimum and initial number of segments (the number, when fixed). */
    public int minSegments() {
        return minSegments;
    }

    public Retention retention() {
        return retention;
    }

    /** With {@link Retention#TIME}: how long events are kept; else null. */
    @Nullable
    public Duration retentionTime() {
        return retention == Retention.TIME ? Duration.ofMillis(retentionLimit) : null;
    }

    /** With {@link Retention#SIZE}: how much the stream keeps; else null. */
    @Nullable
    public MemorySize retentionSize() {
        return retention == Retention.SIZE ? new MemorySize(retentionLimit) : null;
    }

    public ScalingPolicy scalingPolicy() {
        switch (scaling) {
            case BY_EVENT_RATE:
                return ScalingPolicy.byEventRate(targetRate, scaleFactor, minSegments);
            case BY_DATA_RATE:
                return ScalingPolicy.byDataRate(targetRate, scaleFactor, minSegments);
            default:
                return ScalingPolicy.fixed(minSegments);
        }
    }

    /** Pravega's retention policy; null for {@link Retention#NONE}. */
    @Nullable
    public RetentionPolicy retentionPolicy() {
        switch (retention) {
            case TIME:
                return RetentionPolicy.byTime(Duration.ofMillis(retentionLimit));
            case SIZE:
                return RetentionPolicy.bySizeBytes(retentionLimit);
            default:
                return null;
        }
    }

    /** The configuration of a new stream with this policy. */
    public StreamConfiguration toStreamConfiguration() {
        return applyTo(StreamConfiguration.builder().build());
    }

    /**
     * {@code existing} with this scaling and retention, and everything else (tags, rollover size,
     * timestamp aggregation) kept: what {@code StreamManager.updateStream} needs.
     */
    public StreamConfiguration applyTo(StreamConfiguration existing) {
        return existing.toBuilder()
                .scalingPolicy(scalingPolicy())
                .retentionPolicy(retentionPolicy())
                .build();
    }

    /** Whether a stream with {@code existing} configuration has this scaling and retention. */
    public boolean matches(StreamConfiguration existing) {
        return scalingPolicy().equals(existing.getScalingPolicy())
                && retentionMatches(existing.getRetentionPolicy());
    }

    private boolean retentionMatches(@Nullable RetentionPolicy existing) {
        RetentionPolicy own = retentionPolicy();
        if (own == null || existing == null) {
            return own == null && existing == null;
        }
        // Compare what this class sets; Pravega may report another upper limit.
        return own.getRetentionType() == existing.getRetentionType()
                && own.getRetentionParam() == existing.getRetentionParam();
    }

    /** The scaling and retention of {@code configuration}, in the words of {@link #toString()}. */
    public static String describe(StreamConfiguration configuration) {
        ScalingPolicy scalingPolicy = configuration.getScalingPolicy();
        StringBuilder text = new StringBuilder();
        if (scalingPolicy == null) {
            text.append("no scaling policy");
        } else {
            switch (scalingPolicy.getScaleType()) {
                case BY_RATE_IN_EVENTS_PER_SEC:
                    rate(text, Scaling.BY_EVENT_RATE, scalingPolicy);
                    break;
                case BY_RATE_IN_KBYTES_PER_SEC:
                    rate(text, Scaling.BY_DATA_RATE, scalingPolicy);
                    break;
                default:
                    text.append(Scaling.FIXED)
                            .append(" (")
                            .append(scalingPolicy.getMinNumSegments())
                            .append(" segments)");
            }
        }
        RetentionPolicy retentionPolicy = configuration.getRetentionPolicy();
        text.append(", retention ");
        if (retentionPolicy == null) {
            text.append(Retention.NONE);
        } else if (retentionPolicy.getRetentionType() == RetentionPolicy.RetentionType.TIME) {
            text.append(Retention.TIME)
                    .append(" (")
                    .append(
                            TimeUtils.formatWithHighestUnit(
                                    Duration.ofMillis(retentionPolicy.getRetentionParam())))
                    .append(")");
        } else {
            text.append(Retention.SIZE)
                    .append(" (")
                    .append(new MemorySize(retentionPolicy.getRetentionParam()).toString())
                    .append(")");
        }
        return text.toString();
    }

    private static void rate(StringBuilder text, Scaling scaling, ScalingPolicy policy) {
        text.append(scaling)
                .append(" (target rate ")
                .append(policy.getTargetRate())
                .append(scaling == Scaling.BY_EVENT_RATE ? " events/s" : " KiB/s")
                .append(" per segment, scale factor ")
                .append(policy.getScaleFactor())
                .append(", at least ")
                .append(policy.getMinNumSegments())
                .append(" segments)");
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof StreamPolicy)) {
            return false;
        }
        StreamPolicy that = (StreamPolicy) o;
        return scaling == that.scaling
                && targetRate == that.targetRate
                && scaleFactor == that.scaleFactor
                && minSegments == that.minSegments
                && retention == that.retention
                && retentionLimit == that.retentionLimit;
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                scaling, targetRate, scaleFactor, minSegments, retention, retentionLimit);
    }

    /** For example "by-event-rate (target rate 100 events/s per segment, ...), retention none". */
    @Override
    public String toString() {
        return describe(toStreamConfiguration());
    }
}
