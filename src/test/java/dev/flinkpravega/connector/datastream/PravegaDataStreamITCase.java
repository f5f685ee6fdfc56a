package dev.flinkpravega.connector.datastream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flinkpravega.connector.config.BoundedMode;
import dev.flinkpravega.connector.config.PravegaConfig;
import dev.flinkpravega.connector.config.StartupMode;
import dev.flinkpravega.connector.config.StreamRef;
import dev.flinkpravega.connector.sink.PravegaSink;
import dev.flinkpravega.connector.source.PravegaSource;
import dev.flinkpravega.connector.testutils.Await;
import dev.flinkpravega.connector.testutils.PravegaExtension;
import dev.flinkpravega.connector.testutils.PravegaTestData;
import dev.flinkpravega.connector.testutils.SqlTestSupport;
import io.pravega.client.admin.ReaderGroupManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link PravegaSource} and {@link PravegaSink} used directly from the DataStream API. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class PravegaDataStreamITCase {

    @RegisterExtension static final PravegaExtension PRAVEGA = new PravegaExtension();

    @RegisterExtension static final MiniClusterExtension FLINK = SqlTestSupport.miniCluster();

    private static final int EVENTS = 1_000;
    private static final int KEYS = 10;

    @Test
    void sinkWritesAndBoundedSourceReadsBackTheSameEvents() throws Exception {
        String scope = PRAVEGA.scope();
        PRAVEGA.createStream(scope, "numbers", 3);
        List<String> written =
                IntStream.range(0, EVENTS)
                        .mapToObj(i -> (i % KEYS) + ":" + i)
                        .collect(Collectors.toList());

        StreamExecutionEnvironment writeEnv = StreamExecutionEnvironment.getExecutionEnvironment();
        writeEnv.setParallelism(2);
        PravegaSink<String> sink =
                PravegaSink.<String>builder()
                        .withPravegaConfig(config(scope))
                        .forStream("numbers")
                        .withSerializationSchema(new SimpleStringSchema())
                        .withDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                        .withEventRouter(PravegaDataStreamITCase::keyOf)
                        .build();
        // keyBy keeps the order of each key from the single source subtask to its sink subtask.
        writeEnv.fromData(written).keyBy(PravegaDataStreamITCase::keyOf).sinkTo(sink);
        writeEnv.execute("write to pravega");

        StreamExecutionEnvironment readEnv = StreamExecutionEnvironment.getExecutionEnvironment();
        // One reader: it reads each segment in order, so each routing key comes back in order.
        readEnv.setParallelism(1);
        PravegaSource<String> source =
                PravegaSource.<String>builder()
                        .withPravegaConfig(config(scope))
                        .forStream("numbers")
                        .withDeserializationSchema(new SimpleStringSchema())
                        .withBoundedMode(BoundedMode.LATEST)
                        .build();
        List<String> read = new ArrayList<>();
        try (CloseableIterator<String> it =
                readEnv.fromSource(source, WatermarkStrategy.noWatermarks(), "pravega")
                        .executeAndCollect("read from pravega")) {
            it.forEachRemaining(read::add);
        }

        assertThat(read).containsExactlyInAnyOrderElementsOf(written);
        Map<String, List<Integer>> byKey = new LinkedHashMap<>();
        for (String event : read) {
            byKey.computeIfAbsent(keyOf(event), k -> new ArrayList<>()).add(valueOf(event));
        }
        assertThat(byKey).hasSize(KEYS);
        byKey.forEach(
                (key, values) -> assertThat(values).as("events of routing key %s", key).isSorted());
    }

    @Test
    void unboundedSourceSeesEventsWrittenAfterTheJobStarted() throws Exception {
        String scope = PRAVEGA.scope();
        PRAVEGA.createStream(scope, "live", 2);
        PravegaTestData.write(PRAVEGA.clientConfig(), scope, "live", events("old", 10));

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        PravegaSource<String> source =
                PravegaSource.<String>builder()
                        .withPravegaConfig(config(scope))
                        .forStream("live")
                        .withDeserializationSchema(new SimpleStringSchema())
                        .withStartupMode(StartupMode.LATEST)
                        .withReaderGroupName("live-readers")
                        .build();
        assertThat(source.getBoundedness().toString()).isEqualTo("CONTINUOUS_UNBOUNDED");

        List<String> fresh = events("new", 50);
        List<String> seen = new ArrayList<>();
        try (CloseableIterator<String> it =
                        env.fromSource(source, WatermarkStrategy.noWatermarks(), "pravega")
                                .executeAndCollect("live read");
                ReaderGroupManager groups =
                        ReaderGroupManager.withScope(scope, PRAVEGA.clientConfig())) {
            Await.onlineReader(groups, "live-readers");
            PravegaTestData.write(PRAVEGA.clientConfig(), scope, "live", fresh);
            while (seen.size() < fresh.size() && it.hasNext()) {
                seen.add(it.next());
            }
        }

        assertThat(seen).containsExactlyInAnyOrderElementsOf(fresh);
    }

    @Test
    void sourceBuilderNamesWhatIsMissing() {
        PravegaConfig config = config(PRAVEGA.scope());
        StreamRef stream = StreamRef.of(PRAVEGA.scope(), "s");

        assertThatThrownBy(
                        () ->
                                PravegaSource.<String>builder()
                                        .forStream(stream)
                                        .withDeserializationSchema(new SimpleStringSchema())
                                        .build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("withPravegaConfig(...) is required");
        assertThatThrownBy(() -> PravegaSource.<String>builder().forStream("s"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("call withPravegaConfig(...) before forStream(...)");
        assertThatThrownBy(
                        () ->
                                PravegaSource.<String>builder()
                                        .withPravegaConfig(config)
                                        .withDeserializationSchema(new SimpleStringSchema())
                                        .build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("at least one stream is required (forStream)");
        assertThatThrownBy(
                        () ->
                                PravegaSource.<String>builder()
                                        .withPravegaConfig(config)
                                        .forStream("s")
                                        .build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("withDeserializationSchema(...) is required");
        assertThatThrownBy(
                        () ->
                                PravegaSource.<String>builder()
                                        .withPravegaConfig(config)
                                        .forStream("s")
                                        .withDeserializationSchema(new SimpleStringSchema())
                                        .withBoundedMode(BoundedMode.STREAM_CUT)
                                        .build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("no end stream cut for stream '" + stream + "'");
        assertThatThrownBy(
                        () ->
                                PravegaSource.<String>builder()
                                        .withPravegaConfig(
                                                PravegaConfig.builder()
                                                        .controllerUri(PRAVEGA.controllerUri())
                                                        .build())
                                        .forStream("s"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("stream 's' has no scope and no default scope is set");

        // Complete: builds.
        assertThat(
                        PravegaSource.<String>builder()
                                .withPravegaConfig(config)
                                .forStream("s")
                                .withDeserializationSchema(new SimpleStringSchema())
                                .build()
                                .config()
                                .streams())
                .containsExactly(stream);
    }

    @Test
    void sinkBuilderNamesWhatIsMissing() {
        PravegaConfig config = config(PRAVEGA.scope());

        assertThatThrownBy(
                        () ->
                                PravegaSink.<String>builder()
                                        .forStream("s")
                                        .withSerializationSchema(new SimpleStringSchema())
                                        .build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("withPravegaConfig(...) is required");
        assertThatThrownBy(
                        () ->
                                PravegaSink.<String>builder()
                                        .withPravegaConfig(config)
                                        .withSerializationSchema(new SimpleStringSchema())
                                        .build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("forStream(...) is required");
        assertThatThrownBy(
                        () ->
                                PravegaSink.<String>builder()
                                        .withPravegaConfig(config)
                                        .forStream("s")
                                        .build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("withSerializationSchema(...) is required");
        assertThatThrownBy(
                        () ->
                                PravegaSink.<String>builder()
                                        .withPravegaConfig(config)
                                        .forStream("s")
                                        .withSerializationSchema(new SimpleStringSchema())
                                        .withTransactionTimeout(Duration.ofSeconds(9)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "the transaction timeout must be at least 10 s, the shortest lease Pravega"
                                + " grants, not PT9S");

        // Complete: builds, and resolves the stream against the default scope.
        assertThat(
                        PravegaSink.<String>builder()
                                .withPravegaConfig(config)
                                .forStream("s")
                                .withSerializationSchema(new SimpleStringSchema())
                                .withDeliveryGuarantee(DeliveryGuarantee.NONE)
                                .build()
                                .config()
                                .stream())
                .isEqualTo(StreamRef.of(PRAVEGA.scope(), "s"));
    }

    private static PravegaConfig config(String scope) {
        return PravegaConfig.builder()
                .controllerUri(PRAVEGA.controllerUri())
                .defaultScope(scope)
                .controllerTimeout(Duration.ofSeconds(20))
                .build();
    }

    private static String keyOf(String event) {
        return event.substring(0, event.indexOf(':'));
    }

    private static int valueOf(String event) {
        return Integer.parseInt(event.substring(event.indexOf(':') + 1));
    }

    private static List<String> events(String prefix, int count) {
        return IntStream.range(0, count)
                .mapToObj(i -> prefix + "-" + i)
                .collect(Collectors.toList());
    }
}
