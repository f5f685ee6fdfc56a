package dev.flinkpravega.connector.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flinkpravega.connector.config.BoundedMode;
import dev.flinkpravega.connector.config.PravegaConfig;
import dev.flinkpravega.connector.config.StartupMode;
import dev.flinkpravega.connector.config.StreamPolicy;
import dev.flinkpravega.connector.config.StreamRef;
import io.pravega.client.segment.impl.Segment;
import io.pravega.client.stream.Stream;
import io.pravega.client.stream.impl.StreamCutImpl;
import java.time.Duration;
import java.util.Map;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.junit.jupiter.api.Test;

/** The builder's plain-string entry points (used by the PyFlink wrappers); no network. */
class PravegaSourceBuilderTest {

    private static final PravegaConfig CONFIG =
            PravegaConfig.builder()
                    .controllerUri("tcp://localhost:9090")
                    .defaultScope("web")
                    .build();

    @Test
    void streamCutsByStreamName() {
        String start = cut("web", "clicks", 10L);
        String end = cut("web", "clicks", 99L);
        String other = cut("logs", "views", 5L);

        PravegaSource<String> source =
                PravegaSource.<String>builder()
                        .withPravegaConfig(CONFIG)
                        .forStream("clicks")
                        .forStream("logs/views")
                        .withStartupMode(StartupMode.STREAM_CUT)
                        .withStartStreamCut("clicks", " " + start + "\n")
                        .withStartStreamCut("logs/views", other)
                        .withBoundedMode(BoundedMode.STREAM_CUT)
                        .withEndStreamCut("web/clicks", end)
                        .withEndStreamCut("logs/views", other)
                        .withDeserializationSchema(new SimpleStringSchema())
                        .build();

        StreamRef clicks = StreamRef.of("web", "clicks");
        StreamRef views = StreamRef.of("logs", "views");
        assertThat(source.config().startStreamCuts())
                .containsExactly(Map.entry(clicks, start), Map.entry(views, other));
        assertThat(source.config().endStreamCuts())
                .containsExactly(Map.entry(clicks, end), Map.entry(views, other));
    }

    @Test
    void invalidCutTextIsRejectedAtOnce() {
        PravegaSourceBuilder<String> builder =
                PravegaSource.<String>builder().withPravegaConfig(CONFIG);

        assertThatThrownBy(() -> builder.withStartStreamCut("clicks", "nonsense"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'nonsense' is not a base64 Pravega StreamCut");
        assertThatThrownBy(() -> builder.withEndStreamCut("a/b/c", cut("web", "clicks", 1L)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'a/b/c' is not a stream name: use 'stream' or 'scope/stream'");
    }

    @Test
    void streamPolicyOfCreatedStreams() {
        StreamPolicy policy =
                StreamPolicy.byEventRate(100, 2, 1).withRetentionTime(Duration.ofDays(1));

        PravegaSource<String> withPolicy =
                builder().withCreateStreamsIfMissing(true, policy).build();
        PravegaSource<String> withSegments = builder().withCreateStreamsIfMissing(true, 3).build();
        PravegaSource<String> without = builder().build();

        assertThat(withPolicy.config().createStreamsIfMissing()).isTrue();
        assertThat(withPolicy.config().requestedStreamPolicy()).isEqualTo(policy);
        assertThat(withSegments.config().requestedStreamPolicy()).isEqualTo(StreamPolicy.fixed(3));
        assertThat(without.config().requestedStreamPolicy()).isNull();
        assertThat(without.config().streamPolicy()).isEqualTo(StreamPolicy.DEFAULT);
        assertThatThrownBy(() -> builder().withCreateStreamsIfMissing(true, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("minSegments must be at least 1");
    }

    private static PravegaSourceBuilder<String> builder() {
        return PravegaSource.<String>builder()
                .withPravegaConfig(CONFIG)
                .forStream("clicks")
                .withDeserializationSchema(new SimpleStringSchema());
    }

    private static String cut(String scope, String stream, long offset) {
        return new StreamCutImpl(
                        Stream.of(scope, stream), Map.of(new Segment(scope, stream, 0L), offset))
                .asText();
    }
}
