package dev.flinkpravega.connector.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pravega.client.stream.RetentionPolicy;
import io.pravega.client.stream.ScalingPolicy;
import io.pravega.client.stream.StreamConfiguration;
import java.time.Duration;
import java.util.Set;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;

/** {@link StreamPolicy}: its checks and the Pravega configuration it turns into; no network. */
class StreamPolicyTest {

    @Test
    void defaultIsOneFixedSegmentWithoutRetention() {
        StreamConfiguration config = StreamPolicy.DEFAULT.toStreamConfiguration();

        assertThat(config.getScalingPolicy()).isEqualTo(ScalingPolicy.fixed(1));
        assertThat(config.getRetentionPolicy()).isNull();
        assertThat(StreamPolicy.DEFAULT.retentionTime()).isNull();
        assertThat(StreamPolicy.DEFAULT.retentionSize()).isNull();
    }

    @Test
    void eachScalingPolicyBecomesPravegas() {
        assertThat(StreamPolicy.fixed(3).scalingPolicy()).isEqualTo(ScalingPolicy.fixed(3));
        assertThat(StreamPolicy.byEventRate(100, 2, 1).scalingPolicy())
                .isEqualTo(ScalingPolicy.byEventRate(100, 2, 1));
        assertThat(StreamPolicy.byDataRate(1024, 4, 3).scalingPolicy())
                .isEqualTo(ScalingPolicy.byDataRate(1024, 4, 3));
    }

    @Test
    void eachRetentionPolicyBecomesPravegas() {
        StreamPolicy byTime = StreamPolicy.fixed(2).withRetentionTime(Duration.ofDays(7));
        StreamPolicy bySize =
                StreamPolicy.byEventRate(10, 2, 1).withRetentionSize(MemorySize.parse("10 gb"));

        assertThat(byTime.toStreamConfiguration().getRetentionPolicy())
                .isEqualTo(RetentionPolicy.byTime(Duration.ofDays(7)));
        assertThat(byTime.retentionTime()).isEqualTo(Duration.ofDays(7));
        assertThat(bySize.toStreamConfiguration().getRetentionPolicy())
                .isEqualTo(RetentionPolicy.bySizeBytes(10L << 30));
        assertThat(bySize.retentionSize()).isEqualTo(MemorySize.parse("10 gb"));
        assertThat(bySize.toStreamConfiguration().getScalingPolicy())
                .isEqualTo(ScalingPolicy.byEventRate(10, 2, 1));
        assertThat(byTime.withoutRetention()).isEqualTo(StreamPolicy.fixed(2));
    }

    @Test
    void badSettingsAreRefusedNamingThem() {
        assertThatThrownBy(() -> StreamPolicy.fixed(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the number of segments must be at least 1, not 0");
        assertThatThrownBy(() -> StreamPolicy.byEventRate(0, 2, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the target rate must be at least 1, not 0");
        assertThatThrownBy(() -> StreamPolicy.byDataRate(10, 1, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("the scale factor must be at least 2");
        assertThatThrownBy(() -> StreamPolicy.byDataRate(10, 2, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the number of segments must be at least 1, not 0");
        assertThatThrownBy(() -> StreamPolicy.DEFAULT.withRetentionTime(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the retention time must be positive, not PT0S");
        assertThatThrownBy(() -> StreamPolicy.DEFAULT.withRetentionSize(MemorySize.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("the retention size must be at least 1 byte");
    }

    @Test
    void matchesComparesScalingAndRetentionOnly() {
        StreamPolicy policy =
                StreamPolicy.byEventRate(100, 2, 1).withRetentionTime(Duration.ofHours(1));
        StreamConfiguration same =
                StreamConfiguration.builder()
                        .scalingPolicy(ScalingPolicy.byEventRate(100, 2, 1))
                        .retentionPolicy(RetentionPolicy.byTime(Duration.ofHours(1)))
                        .tag("other-setting")
                        .build();

        assertThat(policy.matches(same)).isTrue();
        assertThat(policy.matches(policy.toStreamConfiguration())).isTrue();
        assertThat(policy.matches(StreamPolicy.DEFAULT.toStreamConfiguration())).isFalse();
        assertThat(policy.withoutRetention().matches(same)).isFalse();
        assertThat(StreamPolicy.byEventRate(100, 3, 1).matches(same)).isFalse();
        assertThat(StreamPolicy.DEFAULT.matches(StreamConfiguration.builder().build())).isTrue();
    }

    @Test
    void applyToKeepsTheRestOfAConfiguration() {
        StreamConfiguration existing =
                StreamConfiguration.builder()
                        .scalingPolicy(ScalingPolicy.fixed(1))
                        .tag("team-a")
                        .rolloverSizeBytes(1 << 20)
                        .build();

        StreamConfiguration updated =
                StreamPolicy.byDataRate(512, 2, 2)
                        .withRetentionSize(MemorySize.parse("1 gb"))
                        .applyTo(existing);

        assertThat(updated.getScalingPolicy()).isEqualTo(ScalingPolicy.byDataRate(512, 2, 2));
        assertThat(updated.getRetentionPolicy()).isEqualTo(RetentionPolicy.bySizeBytes(1L << 30));
        assertThat(updated.getTags()).isEqualTo(Set.of("team-a"));
        assertThat(updated.getRolloverSizeBytes()).isEqualTo(1 << 20);
    }

    @Test
    void describedInTheWordsOfTheOptions() {
        assertThat(StreamPolicy.fixed(3)).hasToString("fixed (3 segments), retention none");
        assertThat(StreamPolicy.byEventRate(100, 2, 1).withRetentionTime(Duration.ofDays(7)))
                .hasToString(
                        "by-event-rate (target rate 100 events/s per segment, scale factor 2, at"
                                + " least 1 segments), retention time (7 d)");
        assertThat(StreamPolicy.byDataRate(64, 3, 2).withRetentionSize(MemorySize.parse("2 gb")))
                .hasToString(
                        "by-data-rate (target rate 64 KiB/s per segment, scale factor 3, at least"
                                + " 2 segments), retention size (2 gb)");
    }

    @Test
    void survivesJavaSerialization() throws Exception {
        StreamPolicy policy =
                StreamPolicy.byEventRate(100, 2, 1).withRetentionTime(Duration.ofMinutes(90));

        StreamPolicy copy =
                InstantiationUtil.clone(policy, StreamPolicyTest.class.getClassLoader());

        assertThat(copy).isEqualTo(policy).hasSameHashCodeAs(policy);
    }
}
