package dev.flinkpravega.connector.table;

import static dev.flinkpravega.connector.testutils.SqlTestSupport.collect;
import static dev.flinkpravega.connector.testutils.SqlTestSupport.pravegaOptions;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flinkpravega.connector.config.StreamCuts;
import dev.flinkpravega.connector.testutils.Await;
import dev.flinkpravega.connector.testutils.PravegaExtension;
import dev.flinkpravega.connector.testutils.PravegaTestData;
import dev.flinkpravega.connector.testutils.SqlTestSupport;
import dev.flinkpravega.connector.testutils.StreamScaler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bounded reads and a savepoint restore over a stream that split and merged: 'in' holds ids 0..99
 * in one segment, 100..199 in two (after a split), 200..299 in one again (after the merge).
 */
class ScaledStreamReadITCase {

    @RegisterExtension static final PravegaExtension PRAVEGA = new PravegaExtension();

    @RegisterExtension static final MiniClusterExtension FLINK = SqlTestSupport.miniCluster();

    private String scope;

    /** The tail of 'in' after ids 0..199: a cut in the two segments of the split. */
    private String inTheSplit;

    @BeforeEach
    void splitAndMerge() throws Exception {
        scope = PRAVEGA.scope();
        PRAVEGA.createStream(scope, "in", 1);
        try (StreamScaler scaler = new StreamScaler(PRAVEGA.clientConfig())) {
            write("in", 0, 100);
            scaler.scaleTo(scope, "in", 2);
            write("in", 100, 200);
            inTheSplit =
                    StreamCuts.print(PravegaTestData.tail(PRAVEGA.streamManager(), scope, "in"));
            scaler.scaleTo(scope, "in", 1);
            write("in", 200, 300);
        }
    }

    @ParameterizedTest(name = "{0} mode")
    @ValueSource(strings = {"streaming", "batch"})
    void aBoundedReadToTheLatestTailEndsInTheMergedSegment(String mode) throws Exception {
        assertThat(read(mode, "scan.bounded.mode", "latest")).isEqualTo(ids(0, 300));
    }

    @ParameterizedTest(name = "{0} mode")
    @ValueSource(strings = {"streaming", "batch"})
    void aBoundedReadToACutInTheSplitEndsThere(String mode) throws Exception {
        assertThat(
                        read(
                                mode,
                                "scan.bounded.mode",
                                "stream-cut",
                                "scan.bounded.stream-cuts",
                                inTheSplit))
                .isEqualTo(ids(0, 200));
    }

    @ParameterizedTest(name = "{0} mode")
    @ValueSource(strings = {"streaming", "batch"})
    void aReadFromACutInTheSplitStartsThere(String mode) throws Exception {
        assertThat(
                        read(
                                mode,
                                "scan.startup.mode",
                                "stream-cut",
                                "scan.startup.stream-cuts",
                                inTheSplit,
                                "scan.bounded.mode",
                                "latest"))
                .isEqualTo(ids(200, 300));
    }

    /**
     * A savepoint, or a checkpoint retained on cancellation, taken while 'one' had one segment,
     * restored after it split and merged again with rows in each phase: every row exactly once.
     */
    @ParameterizedTest(name = "from a {0}")
    @ValueSource(strings = {"savepoint", "retained checkpoint"})
    void aSnapshotFromBeforeTwoScalesResumesWithEveryRowOnce(String kind, @TempDir Path snapshots)
            throws Exception {
        PRAVEGA.createStream(scope, "one", 1);
        PRAVEGA.createStream(scope, "out", 1);
        write("one", 0, 200);
        String insert = "INSERT INTO dst SELECT id FROM src";
        TableEnvironment first = pipeline(1, null);
        if (kind.equals("retained checkpoint")) {
            first.getConfig().set("execution.checkpointing.dir", snapshots.toUri().toString());
            first.getConfig()
                    .set(
                            "execution.checkpointing.externalized-checkpoint-retention",
                            "RETAIN_ON_CANCELLATION");
        }
        JobClient job = first.executeSql(insert).getJobClient().orElseThrow();
        // 120 s: a first job once had its reader hang in Pravega's client (see StuckReadWatchdog),
        // which now fails the task after 30 s, and Flink restarts it.
        Await.until(
                Duration.ofSeconds(120),
                "rows committed to 'out'",
                () -> PravegaTestData.readAll(PRAVEGA.clientConfig(), scope, "out").size() > 0);
        String snapshot;
        if (kind.equals("savepoint")) {
            snapshot =
                    job.stopWithSavepoint(
                                    false,
                                    snapshots.toUri().toString(),
                                    SavepointFormatType.CANONICAL)
                            .get(60, TimeUnit.SECONDS);
        } else {
            job.cancel().get(60, TimeUnit.SECONDS);
            snapshot = latestCheckpoint(snapshots.resolve(job.getJobID().toString()));
        }

        try (StreamScaler scaler = new StreamScaler(PRAVEGA.clientConfig())) {
            scaler.scaleTo(scope, "one", 2);
            write("one", 200, 400);
            scaler.scaleTo(scope, "one", 1);
            write("one", 400, 600);
        }
        JobClient resumed = pipeline(2, snapshot).executeSql(insert).getJobClient().orElseThrow();
        try {
            Await.until(
                    Duration.ofSeconds(90),
                    "all 600 rows committed to 'out'",
                    () ->
                            PravegaTestData.readAll(PRAVEGA.clientConfig(), scope, "out").size()
                                    >= 600);
        } finally {
            resumed.cancel().get(30, TimeUnit.SECONDS);
        }
        GuaranteePipeline.assertExactlyOnce(PRAVEGA, scope, "out", 600);
    }

    /** The newest complete checkpoint ({@code chk-N} with its metadata) under a job's folder. */
    private static String latestCheckpoint(Path jobFolder) throws IOException {
        try (Stream<Path> folders = Files.list(jobFolder)) {
            Path latest =
                    folders.filter(f -> f.getFileName().toString().startsWith("chk-"))
                            .filter(f -> Files.exists(f.resolve("_metadata")))
                            .max(
                                    Comparator.comparingInt(
                                            f ->
                                                    Integer.parseInt(
                                                            f.getFileName()
                                                                    .toString()
                                                                    .substring(4))))
                            .orElseThrow(() -> new AssertionError("no checkpoint in " + jobFolder));
            return latest.toUri().toString();
        }
    }

    private TableEnvironment pipeline(int parallelism, String savepoint) {
        TableEnvironment env = SqlTestSupport.streaming();
        env.getConfig().set("execution.checkpointing.interval", "300 ms");
        env.getConfig().set("table.exec.resource.default-parallelism", String.valueOf(parallelism));
        if (savepoint != null) {
            env.getConfig().set("execution.savepoint.path", savepoint);
        }
        env.executeSql(
                "CREATE TABLE src (id INT) "
                        + pravegaOptions(PRAVEGA, scope, "scan.streams", "one", "format", "json"));
        env.executeSql(
                "CREATE TABLE dst (id INT) "
                        + pravegaOptions(
                                PRAVEGA,
                                scope,
                                "sink.stream",
                                "out",
                                "sink.delivery-guarantee",
                                "exactly-once",
                                "format",
                                "json"));
        return env;
    }

    /** The sorted ids a bounded query over 'in' with {@code options} returns. */
    private List<Integer> read(String mode, String... options) throws Exception {
        TableEnvironment env =
                mode.equals("batch") ? SqlTestSupport.batch() : SqlTestSupport.streaming();
        String[] all = new String[options.length + 4];
        all[0] = "scan.streams";
        all[1] = "in";
        all[2] = "format";
        all[3] = "json";
        System.arraycopy(options, 0, all, 4, options.length);
        env.executeSql("CREATE TABLE ids (id INT) " + pravegaOptions(PRAVEGA, scope, all));
        return collect(env, "SELECT id FROM ids").stream()
                .map(r -> (Integer) r.getField(0))
                .sorted()
                .collect(Collectors.toList());
    }

    private void write(String stream, int from, int to) {
        PravegaTestData.write(
                PRAVEGA.clientConfig(), scope, stream, GuaranteePipeline.json(from, to));
    }

    private static List<Integer> ids(int from, int to) {
        return IntStream.range(from, to).boxed().collect(Collectors.toList());
    }
}
