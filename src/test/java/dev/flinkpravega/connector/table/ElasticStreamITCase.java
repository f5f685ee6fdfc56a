package dev.flinkpravega.connector.table;

import static dev.flinkpravega.connector.testutils.SqlTestSupport.pravegaOptions;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flinkpravega.connector.testutils.PravegaExtension;
import dev.flinkpravega.connector.testutils.PravegaTestData;
import dev.flinkpravega.connector.testutils.SqlTestSupport;
import dev.flinkpravega.connector.testutils.StreamScaler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An unbounded {@code INSERT INTO dst SELECT ... FROM src} while both streams split and merge:
 * {@code src} goes from 1 segment to 2, to 4 and back to 1, {@code dst} from 1 to 2 and back, with
 * rows written between the scales and failures injected right after each scale of {@code src}.
 * Every row must arrive (exactly once with exactly-once), and at parallelism 1 in order per routing
 * key.
 */
class ElasticStreamITCase {
    private static final Logger LOG = LoggerFactory.getLogger(ElasticStreamITCase.class);

    @RegisterExtension static final PravegaExtension PRAVEGA = new PravegaExtension();

    @RegisterExtension static final MiniClusterExtension FLINK = SqlTestSupport.miniCluster();

    private static final int KEYS = 6;
    private static final int ROWS_PER_PHASE = 250;

    /** Segment counts of src after each phase's rows; dst scales at the same time. */
    private static final int[] SRC_SEGMENTS = {2, 4, 1};

    private static final int[] DST_SEGMENTS = {2, 2, 1};
    private static final Pattern ROW = Pattern.compile("\"k\":\"(k\\d+)\",\"seq\":(\\d+)");

    @ParameterizedTest(name = "{0}, parallelism {1}, failures {2}")
    @CsvSource({
        "exactly-once, 2, true",
        "exactly-once, 1, true",
        "exactly-once, 3, true",
        "at-least-once, 1, true",
        "at-least-once, 2, true",
        "none, 2, false"
    })
    void everyRowArrivesWhileBothStreamsScale(String guarantee, int parallelism, boolean failures)
            throws Exception {
        run(guarantee, parallelism, failures, () -> {});
    }

    /**
     * The exactly-once job at parallelism 2 loses its only TaskManager right after src merged from
     * four segments into one (a new one is started): it restores there with every row once.
     */
    @Test
    void everyRowArrivesOnceWhenTheTaskManagerIsKilledDuringAMerge(
            @InjectMiniCluster MiniCluster cluster) throws Exception {
        run(
                "exactly-once",
                2,
                false,
                () -> {
                    cluster.terminateTaskManager(0).get(30, TimeUnit.SECONDS);
                    cluster.startTaskManager();
                    LOG.info("TaskManager killed after the merge, a new one started");
                });
    }

    /** What a test does to the job right after src merged back into one segment. */
    private interface AfterMerge {
        void run() throws Exception;
    }

    private void run(String guarantee, int parallelism, boolean failures, AfterMerge afterMerge)
            throws Exception {
        String scope = PRAVEGA.scope();
        PRAVEGA.createStream(scope, "src", 1);
        PRAVEGA.createStream(scope, "dst", 1);
        int phases = SRC_SEGMENTS.length + 1;
        int rows = phases * ROWS_PER_PHASE;
        Set<Integer> failAt = new HashSet<>();
        if (failures) {
            // right after the split into 4 and the merge back into 1, while some readers are
            // still on the old segments (the split 1 -> 2 is the easy case)
            for (int phase = 2; phase < phases; phase++) {
                failAt.add(phase * ROWS_PER_PHASE + 5);
            }
            failAt.add((phases - 1) * ROWS_PER_PHASE + ROWS_PER_PHASE / 2);
        }
        // a pause per row so that the job is still reading when the next scale comes
        FailOnce.reset(failAt, 1_000_000L);

        TableEnvironment env = pipeline(scope, guarantee, parallelism);
        TableResult insert =
                env.executeSql("INSERT INTO dst SELECT k, seq, fail_once(id) FROM src");
        try (StreamScaler scaler = new StreamScaler(PRAVEGA.clientConfig())) {
            for (int phase = 0; phase < phases; phase++) {
                write(scope, phase * ROWS_PER_PHASE, ROWS_PER_PHASE);
                if (phase < SRC_SEGMENTS.length) {
                    // pacing only (rows arrive while segments change); every check below waits
                    // for its condition, so a slow machine changes when scales land, not results
                    Thread.sleep(300);
                    long started = System.nanoTime();
                    scaler.scaleTo(scope, "src", SRC_SEGMENTS[phase]);
                    LOG.info(
                            "src scaled to {} in {} ms",
                            SRC_SEGMENTS[phase],
                            (System.nanoTime() - started) / 1_000_000);
                    if (scaler.current(scope, "dst").size() != DST_SEGMENTS[phase]) {
                        started = System.nanoTime();
                        scaler.scaleTo(scope, "dst", DST_SEGMENTS[phase]);
                        LOG.info(
                                "dst scaled to {} in {} ms",
                                DST_SEGMENTS[phase],
                                (System.nanoTime() - started) / 1_000_000);
                    }
                    if (SRC_SEGMENTS[phase] == 1) {
                        afterMerge.run();
                    }
                }
            }
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (ids(readDst(scope)).size() < rows && System.nanoTime() < deadline) {
                Thread.sleep(500);
            }
        } finally {
            insert.getJobClient().orElseThrow().cancel().get(30, TimeUnit.SECONDS);
        }

        List<String[]> arrived = readDst(scope);
        Map<Integer, Long> copies = ids(arrived);
        assertThat(copies.keySet())
                .as("ids in dst")
                .containsExactlyInAnyOrderElementsOf(
                        IntStream.range(0, rows).boxed().collect(Collectors.toList()));
        assertThat(FailOnce.failures()).as("injected failures").isEqualTo(failAt.size());
        if (guarantee.equals("exactly-once")) {
            assertThat(copies.values()).as("copies of each row").allMatch(n -> n == 1L);
        }
        if (parallelism == 1) {
            assertInOrderPerKey(arrived);
        }
    }

    private TableEnvironment pipeline(String scope, String guarantee, int parallelism) {
        TableEnvironment env = SqlTestSupport.streaming();
        env.getConfig().set("execution.checkpointing.interval", "500 ms");
        env.getConfig().set("restart-strategy.type", "fixed-delay");
        env.getConfig().set("restart-strategy.fixed-delay.attempts", "20");
        env.getConfig().set("restart-strategy.fixed-delay.delay", "200 ms");
        env.getConfig().set("table.exec.resource.default-parallelism", String.valueOf(parallelism));
        env.createTemporarySystemFunction("fail_once", FailOnce.class);
        // A Pravega checkpoint under way when a TaskManager dies holds the enumerator until this
        // timeout (the enumerator's snapshot must wait for every reader's marker on Flink's
        // coordinator thread, which then also queues the failover): 20 s instead of 5 min.
        env.executeSql(
                "CREATE TABLE src (k STRING, seq INT, id INT) "
                        + pravegaOptions(
                                PRAVEGA,
                                scope,
                                "scan.streams",
                                "src",
                                "scan.checkpoint.timeout",
                                "20 s",
                                "format",
                                "json"));
        env.executeSql(
                "CREATE TABLE dst (k STRING, seq INT, id INT) "
                        + pravegaOptions(
                                PRAVEGA,
                                scope,
                                "sink.stream",
                                "dst",
                                "sink.delivery-guarantee",
                                guarantee,
                                "sink.routing-key.fields",
                                "k",
                                "format",
                                "json"));
        return env;
    }

    /** Rows {@code from .. from+count-1}: key k(id % KEYS), seq = id / KEYS, routed by key. */
    private static void write(String scope, int from, int count) {
        List<String> rows = new ArrayList<>();
        for (int id = from; id < from + count; id++) {
            rows.add(
                    String.format(
                            "{\"k\":\"k%d\",\"seq\":%d,\"id\":%d}", id % KEYS, id / KEYS, id));
        }
        PravegaTestData.write(
                PRAVEGA.clientConfig(), scope, "src", rows, ElasticStreamITCase::keyOf);
    }

    private static String keyOf(String row) {
        Matcher m = ROW.matcher(row);
        if (!m.find()) {
            throw new IllegalArgumentException(row);
        }
        return m.group(1);
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

    /**
     * Per key, the first copy of each row comes after the first copy of every earlier row (with
     * at-least-once a replay repeats rows, but never puts a new row before an old one).
     */
    private static void assertInOrderPerKey(List<String[]> rows) {
        Map<String, Integer> highest = new HashMap<>();
        Map<String, List<Integer>> outOfOrder = new LinkedHashMap<>();
        Map<String, Set<Integer>> seen = new HashMap<>();
        for (String[] row : rows) {
            int seq = Integer.parseInt(row[1]);
            if (!seen.computeIfAbsent(row[0], k -> new HashSet<>()).add(seq)) {
                continue;
            }
            int next = highest.getOrDefault(row[0], -1) + 1;
            if (seq != next) {
                outOfOrder.computeIfAbsent(row[0], k -> new ArrayList<>()).add(seq);
            }
            highest.put(row[0], Math.max(seq, next - 1));
        }
        assertThat(outOfOrder).as("rows out of order per key (key -> seq)").isEmpty();
    }
}
