package dev.flinkpravega.connector.table;

import static dev.flinkpravega.connector.testutils.SqlTestSupport.pravegaOptions;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flinkpravega.connector.testutils.Await;
import dev.flinkpravega.connector.testutils.PravegaExtension;
import dev.flinkpravega.connector.testutils.PravegaTestData;
import dev.flinkpravega.connector.testutils.SqlTestSupport;
import dev.flinkpravega.connector.testutils.StreamScaler;
import io.pravega.client.EventStreamClientFactory;
import io.pravega.client.stream.EventStreamWriter;
import io.pravega.client.stream.EventWriterConfig;
import io.pravega.client.stream.impl.UTF8StringSerializer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pravega's own auto-scaler splits the streams of a running exactly-once {@code INSERT INTO dst
 * SELECT ... FROM src}: both tables create their streams with a by-event-rate policy far below the
 * rate a writer thread keeps up on {@code src}, and the segment store asks the controller to split
 * them. Every row must reach {@code dst} exactly once and, at parallelism 1, in order per routing
 * key.
 *
 * <p>This takes a little over two minutes, whatever the test does: Pravega 0.13's segment store
 * reports a segment's rates every two minutes and splits only segments older than two minutes (see
 * {@link PravegaExtension#withFastAutoScaling()}). So it runs only when asked for, with {@code
 * -Dit.autoscale=true}; {@code ElasticStreamITCase} covers the same pipeline with scales made by
 * hand, in seconds.
 */
@EnabledIfSystemProperty(named = "it.autoscale", matches = "true")
class AutoScalingITCase {
    private static final Logger LOG = LoggerFactory.getLogger(AutoScalingITCase.class);

    @RegisterExtension
    static final PravegaExtension PRAVEGA = PravegaExtension.withFastAutoScaling();

    @RegisterExtension static final MiniClusterExtension FLINK = SqlTestSupport.miniCluster();

    private static final int KEYS = 8;

    /**
     * Events per second per segment the policy allows; the writer keeps up about 50 times it (the
     * segment store asks for a split above 5 times it).
     */
    private static final int TARGET_RATE = 2;

    private static final Pattern ROW = Pattern.compile("\"k\":\"(k\\d+)\",\"seq\":(\\d+)");

    @Test
    void everyRowArrivesOnceWhilePravegaSplitsTheStreams() throws Exception {
        String scope = PRAVEGA.scope();
        TableEnvironment env = pipeline(scope);
        TableResult insert = env.executeSql("INSERT INTO dst SELECT k, seq FROM src");
        long started = System.nanoTime();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger written = new AtomicInteger();
        AtomicReference<Throwable> writeError = new AtomicReference<>();
        Thread writer =
                new Thread(() -> writeUntil(scope, stop, written, writeError), "src-writer");
        try (StreamScaler streams = new StreamScaler(PRAVEGA.clientConfig())) {
            // the job's source creates src
            Await.until(
                    Duration.ofSeconds(60),
                    "the job to create " + scope + "/src",
                    () -> PRAVEGA.streamManager().checkStreamExists(scope, "src"));
            writer.start();
            awaitSplit(streams, scope, "src", started);
            awaitSplit(streams, scope, "dst", started);
            int beforeSplit = written.get();
            // rows after the split go to the new segments; the reader must follow them
            Thread.sleep(3_000);
            stop.set(true);
            writer.join(30_000);
            assertThat(writeError.get()).as("error of the src writer").isNull();
            int rows = written.get();
            LOG.info("{} rows written to src, {} after the splits", rows, rows - beforeSplit);
            assertThat(rows - beforeSplit).as("rows written after the splits").isPositive();
            Await.until(
                    Duration.ofSeconds(60),
                    rows + " rows in dst",
                    () -> readDst(scope).size() >= rows);
            // a short while for copies beyond the expected rows, if any were written
            Thread.sleep(1_000);

            List<String[]> arrived = readDst(scope);
            Map<Integer, Long> copies = ids(arrived);
            assertThat(copies.keySet())
                    .as("ids in dst")
                    .containsExactlyInAnyOrderElementsOf(
                            IntStream.range(0, rows).boxed().collect(Collectors.toList()));
            assertThat(copies.values()).as("copies of each row").allMatch(n -> n == 1L);
            assertInOrderPerKey(arrived);
        } finally {
            stop.set(true);
            cancelAndAwaitEnd(insert);
        }
        LOG.info("test body took {} s", (System.nanoTime() - started) / 1_000_000_000L);
    }

    /**
     * Cancels the job and waits until it ended: a sink that is still closing aborts its open
     * transaction, which must reach Pravega before the extension stops it (Pravega's {@code
     * Transaction.abort()} retries for as long as the controller does not answer).
     */
    private static void cancelAndAwaitEnd(TableResult insert) throws Exception {
        JobClient job = insert.getJobClient().orElseThrow();
        job.cancel().get(30, TimeUnit.SECONDS);
        try {
            job.getJobExecutionResult().get(60, TimeUnit.SECONDS);
        } catch (ExecutionException cancelled) {
            // a cancelled job's result is its cancellation
        }
    }

    private TableEnvironment pipeline(String scope) {
        TableEnvironment env = SqlTestSupport.streaming();
        env.getConfig().set("execution.checkpointing.interval", "500 ms");
        env.getConfig().set("table.exec.resource.default-parallelism", "1");
        String[] policy = {
            "stream.create-if-missing", "true",
            "stream.scaling.policy", "by-event-rate",
            "stream.scaling.target-rate", String.valueOf(TARGET_RATE),
            "stream.scaling.scale-factor", "2"
        };
        env.executeSql(
                "CREATE TABLE src (k STRING, seq INT) "
                        + pravegaOptions(
                                PRAVEGA,
                                scope,
                                concat(policy, "scan.streams", "src", "format", "json")));
        env.executeSql(
                "CREATE TABLE dst (k STRING, seq INT) "
                        + pravegaOptions(
                                PRAVEGA,
                                scope,
                                concat(
                                        policy,
                                        "sink.stream",
                                        "dst",
                                        "sink.delivery-guarantee",
                                        "exactly-once",
                                        "sink.routing-key.fields",
                                        "k",
                                        "format",
                                        "json")));
        return env;
    }

    private static String[] concat(String[] first, String... rest) {
        String[] all = new String[first.length + rest.length];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(rest, 0, all, first.length, rest.length);
        return all;
    }

    /**
     * About 100 rows a second until {@code stop}: row {@code id} has key k(id % KEYS) and seq id /
     * KEYS, routed by its key.
     */
    private static void writeUntil(
            String scope,
            AtomicBoolean stop,
            AtomicInteger written,
            AtomicReference<Throwable> error) {
        try (EventStreamClientFactory factory =
                        EventStreamClientFactory.withScope(scope, PRAVEGA.clientConfig());
                EventStreamWriter<String> writer =
                        factory.createEventWriter(
                                "src",
                                new UTF8StringSerializer(),
                                EventWriterConfig.builder().build())) {
            int id = 0;
            while (!stop.get()) {
                for (int i = 0; i < 10; i++, id++) {
                    String key = "k" + (id % KEYS);
                    writer.writeEvent(
                            key, String.format("{\"k\":\"%s\",\"seq\":%d}", key, id / KEYS));
                }
                writer.flush();
                written.set(id);
                Thread.sleep(100);
            }
        } catch (Throwable e) {
            error.set(e);
        }
    }

    /** Waits until the auto-scaler split the stream (more than one open segment). */
    private static void awaitSplit(
            StreamScaler streams, String scope, String stream, long started) {
        Await.until(
                Duration.ofMinutes(4),
                "Pravega to split " + scope + "/" + stream,
                () -> {
                    try {
                        return streams.current(scope, stream).size() > 1;
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
        LOG.info(
                "{} split {} s after the job was submitted",
                stream,
                (System.nanoTime() - started) / 1_000_000_000L);
    }

    /** dst's rows in the order a single Pravega reader returns them: {key, seq}. */
    private static List<String[]> readDst(String scope) {
        List<String[]> rows = new ArrayList<>();
        for (String event : PravegaTestData.readAll(PRAVEGA.clientConfig(), scope, "dst")) {
            Matcher m = ROW.matcher(event);
            assertThat(m.find()).as("row " + event).isTrue();
            rows.add(new String[] {m.group(1), m.group(2)});
        }
        return rows;
    }

    private static Map<Integer, Long> ids(List<String[]> rows) {
        return rows.stream()
                .map(r -> Integer.parseInt(r[1]) * KEYS + Integer.parseInt(r[0].substring(1)))
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }

    /** Per key, seq 0, 1, 2, ... with nothing missing, repeated or out of order. */
    private static void assertInOrderPerKey(List<String[]> rows) {
        Map<String, Integer> next = new HashMap<>();
        Map<String, List<Integer>> wrong = new LinkedHashMap<>();
        for (String[] row : rows) {
            int seq = Integer.parseInt(row[1]);
            int expected = next.getOrDefault(row[0], 0);
            if (seq != expected) {
                wrong.computeIfAbsent(row[0], k -> new ArrayList<>()).add(seq);
            }
            next.put(row[0], Math.max(expected, seq + 1));
        }
        assertThat(wrong).as("rows out of order per key (key -> seq)").isEmpty();
    }
}
