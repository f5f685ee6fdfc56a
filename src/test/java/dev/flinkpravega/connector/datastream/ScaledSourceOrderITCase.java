package dev.flinkpravega.connector.datastream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flinkpravega.connector.config.PravegaConfig;
import dev.flinkpravega.connector.source.PravegaSource;
import dev.flinkpravega.connector.testutils.Await;
import dev.flinkpravega.connector.testutils.PravegaExtension;
import dev.flinkpravega.connector.testutils.PravegaTestData;
import dev.flinkpravega.connector.testutils.SqlTestSupport;
import dev.flinkpravega.connector.testutils.StreamScaler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Order per routing key as the source emits it, at parallelism 3, while the stream goes from 1
 * segment to 2, to 4 and back to 1: a key's events move between source subtasks with its segments,
 * and Pravega hands a successor to a reader only after its predecessors were read, so in the order
 * of emission (one JVM, one monotonic clock) every key's events come in the order they were
 * written, whichever subtask emitted them.
 */
class ScaledSourceOrderITCase {

    @RegisterExtension static final PravegaExtension PRAVEGA = new PravegaExtension();

    @RegisterExtension static final MiniClusterExtension FLINK = SqlTestSupport.miniCluster();

    private static final int KEYS = 6;
    private static final int ROWS_PER_PHASE = 240; // a multiple of KEYS
    private static final int[] SEGMENTS = {2, 4, 1};

    /** What the map right after the source saw: key, seq, emission time, subtask. */
    static final Queue<Object[]> EMITTED = new ConcurrentLinkedQueue<>();

    @Test
    void everyKeyIsEmittedInOrderAcrossSubtasksWhileTheStreamScales() throws Exception {
        String scope = PRAVEGA.scope();
        PRAVEGA.createStream(scope, "s", 1);
        EMITTED.clear();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(3);
        PravegaSource<String> source =
                PravegaSource.<String>builder()
                        .withPravegaConfig(
                                PravegaConfig.builder()
                                        .controllerUri(PRAVEGA.controllerUri())
                                        .defaultScope(scope)
                                        .build())
                        .forStream("s")
                        .withDeserializationSchema(new SimpleStringSchema())
                        .build();
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "pravega")
                .map(new Record())
                .sinkTo(new DiscardingSink<>());
        JobClient job = env.executeAsync("order per key while scaling");
        int rows = (SEGMENTS.length + 1) * ROWS_PER_PHASE;
        try (StreamScaler scaler = new StreamScaler(PRAVEGA.clientConfig())) {
            for (int phase = 0; phase <= SEGMENTS.length; phase++) {
                write(scope, phase * ROWS_PER_PHASE, ROWS_PER_PHASE);
                if (phase < SEGMENTS.length) {
                    // scale while the readers are inside this phase's segments
                    int halfOfPhase = phase * ROWS_PER_PHASE + ROWS_PER_PHASE / 2;
                    Await.until(
                            Duration.ofSeconds(60),
                            halfOfPhase + " events emitted",
                            () -> EMITTED.size() >= halfOfPhase);
                    scaler.scaleTo(scope, "s", SEGMENTS[phase]);
                }
            }
            Await.until(
                    Duration.ofMinutes(2),
                    "all " + rows + " events emitted",
                    () -> EMITTED.size() >= rows);
        } finally {
            job.cancel().get(30, TimeUnit.SECONDS);
        }

        List<Object[]> emitted = new ArrayList<>(EMITTED);
        assertThat(emitted).as("events emitted (no failures, so each once)").hasSize(rows);
        Map<String, List<Object[]>> byKey =
                emitted.stream().collect(Collectors.groupingBy(e -> (String) e[0]));
        Set<String> movedKeys = new HashSet<>();
        for (Map.Entry<String, List<Object[]>> key : byKey.entrySet()) {
            List<Object[]> events = new ArrayList<>(key.getValue());
            events.sort(Comparator.comparingLong(e -> (Long) e[2]));
            List<Integer> seqs =
                    events.stream().map(e -> (Integer) e[1]).collect(Collectors.toList());
            List<Integer> expected = new ArrayList<>();
            for (int i = 0; i < rows / KEYS; i++) {
                expected.add(i);
            }
            assertThat(seqs)
                    .as("key " + key.getKey() + " in the order it was emitted")
                    .isEqualTo(expected);
            if (events.stream().map(e -> e[3]).distinct().count() > 1) {
                movedKeys.add(key.getKey());
            }
        }
        assertThat(movedKeys).as("keys whose events more than one subtask emitted").isNotEmpty();
    }

    /** Rows "k<id % KEYS>:<id / KEYS>", routed by key. */
    private static void write(String scope, int from, int count) {
        List<String> rows = new ArrayList<>();
        for (int id = from; id < from + count; id++) {
            rows.add("k" + (id % KEYS) + ":" + (id / KEYS));
        }
        PravegaTestData.write(
                PRAVEGA.clientConfig(),
                scope,
                "s",
                rows,
                row -> row.substring(0, row.indexOf(':')));
    }

    /** Records each event with the time it left the source and the subtask that emitted it. */
    static final class Record extends RichMapFunction<String, String> {
        @Override
        public String map(String row) {
            int colon = row.indexOf(':');
            EMITTED.add(
                    new Object[] {
                        row.substring(0, colon),
                        Integer.parseInt(row.substring(colon + 1)),
                        System.nanoTime(),
                        getRuntimeContext().getTaskInfo().getIndexOfThisSubtask()
                    });
            return row;
        }
    }
}
