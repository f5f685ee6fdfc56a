package dev.flinkpravega.connector.table;

import static dev.flinkpravega.connector.table.EventTimeWindowsITCase.at;
import static dev.flinkpravega.connector.table.EventTimeWindowsITCase.row;
import static dev.flinkpravega.connector.testutils.SqlTestSupport.pravegaOptions;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flinkpravega.connector.testutils.Await;
import dev.flinkpravega.connector.testutils.PravegaExtension;
import dev.flinkpravega.connector.testutils.PravegaTestData;
import dev.flinkpravega.connector.testutils.SqlTestSupport;
import io.pravega.client.EventStreamClientFactory;
import io.pravega.client.admin.ReaderGroupManager;
import io.pravega.client.stream.EventStreamWriter;
import io.pravega.client.stream.EventWriterConfig;
import io.pravega.client.stream.impl.UTF8StringSerializer;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Flink's {@code scan.watermark.idle-timeout} and {@code scan.watermark.alignment.*} table options
 * on Pravega tables, whose {@code WATERMARK} clauses run in the source: unbounded reads of two
 * one-segment streams, each table its own source at parallelism 1, in one job.
 *
 * <p>Alignment works at the level of the source operator only: the Pravega source reader has one
 * split (its Pravega reader) and emits through the reader's main output, not a per-split output, so
 * Flink has no split watermarks and never asks it to pause splits ({@code pauseOrResumeSplits},
 * which it does not implement): no {@code UnsupportedOperationException} and no need for {@code
 * pipeline.watermark-alignment.allow-unaligned-source-splits}, on 1.20 and 2.x. The operator stops
 * polling the reader while its watermark is ahead of the group's by more than the maximal drift.
 * One poll emits a whole batch of fetched events (up to {@code EventFetcher.MAX_BATCH} = 512), so a
 * source can overshoot by up to one batch; and a group holds nothing back until its slow member has
 * a first watermark (members without one report none).
 */
class WatermarkIdlenessAndAlignmentITCase {
    private static final Logger LOG =
            LoggerFactory.getLogger(WatermarkIdlenessAndAlignmentITCase.class);

    @RegisterExtension static final PravegaExtension PRAVEGA = new PravegaExtension();

    /**
     * As {@link SqlTestSupport#miniCluster()}, with the alignment of Flink 2.3's source operator
     * checked against the latest watermark: from 2.3 on it compares the oldest of the last {@code
     * pipeline.watermark-alignment.buffer-size} (default 3) watermarks sampled every update
     * interval, so a source emits without any limit for about three update intervals before it is
     * paused, which on a fast machine could be all of the fast rows. 0 restores the behaviour of
     * earlier versions; 1.20 has no such option (the TaskManager's configuration is where both
     * lines read their source operators' alignment settings).
     */
    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(4)
                            .setConfiguration(
                                    Configuration.fromMap(
                                            Map.of(
                                                    "pipeline.watermark-alignment.buffer-size",
                                                    "0")))
                            .build());

    private static final String WINDOWS_OF_A =
            "SELECT window_start, window_end, COUNT(*), SUM(v) FROM TABLE(TUMBLE(TABLE"
                    + " both_streams, DESCRIPTOR(ts), INTERVAL '1' SECOND)) WHERE k = 'a'"
                    + " GROUP BY window_start, window_end";

    // ---------------------------------------------------------------------------- idleness

    /**
     * Stream b stops after its first rows; a goes on. Without an idle timeout b's watermark (10.2
     * s) holds every window of a back, however far a gets; a row for b releases them.
     */
    @Test
    void withoutIdleTimeoutAStoppedStreamHoldsTheWindowsBack() throws Exception {
        String scope = PRAVEGA.scope();
        TableEnvironment env = idlenessTables(scope);
        try (LiveResult result = new LiveResult(env, WINDOWS_OF_A, row -> {});
                ReaderGroupManager groups =
                        ReaderGroupManager.withScope(scope, PRAVEGA.clientConfig())) {
            Await.onlineReader(groups, "a-readers");
            Await.onlineReader(groups, "b-readers");
            PravegaTestData.write(PRAVEGA.clientConfig(), scope, "a", secondRowsOfA());
            Thread.sleep(10_000);
            assertThat(result.rows()).as("windows while b is stopped").isEmpty();

            // b moves on (its watermark to 16 s): a's watermark (15.3 s) now decides
            PravegaTestData.write(PRAVEGA.clientConfig(), scope, "b", List.of(row("b", 0, 17.0)));
            result.await(5, "the windows of a up to its watermark");
            Thread.sleep(1_000);
            assertThat(result.rows()).containsExactlyInAnyOrderElementsOf(windowsOfA());
        }
    }

    /** The same, with b idle after 1 s without rows: a's windows fire without it. */
    @Test
    void withIdleTimeoutTheWindowsFireWithoutTheStoppedStream() throws Exception {
        String scope = PRAVEGA.scope();
        TableEnvironment env = idlenessTables(scope, "scan.watermark.idle-timeout", "1 s");
        try (LiveResult result = new LiveResult(env, WINDOWS_OF_A, row -> {})) {
            // a alone (b idle): its watermark of 11.2 s closes [10 s, 11 s)
            result.await(1, "the first window");
            PravegaTestData.write(PRAVEGA.clientConfig(), scope, "a", secondRowsOfA());
            result.await(5, "the windows of a up to its watermark");
            // a's watermark (15.3 s) does not close [15 s, 16 s): nothing more comes
            Thread.sleep(2_000);
            assertThat(result.rows()).containsExactlyInAnyOrderElementsOf(windowsOfA());
        }
    }

    /**
     * Tables a and b over two one-segment streams with their first rows, and the view both_streams
     * (a UNION ALL b). The windows count a's rows only: b is there for its watermark. b's first
     * rows end at 11.2 s (watermark 10.2 s), before a's first window ends: none of a's rows can be
     * late, even if a's reader is slow to start and a is idle for a while (with an idle timeout)
     * while b's watermark goes ahead.
     */
    private static TableEnvironment idlenessTables(String scope, String... extra) {
        PRAVEGA.createStream(scope, "a", 1);
        PRAVEGA.createStream(scope, "b", 1);
        PravegaTestData.write(
                PRAVEGA.clientConfig(),
                scope,
                "a",
                List.of(row("a", 1, 10.1), row("a", 2, 10.9), row("a", 3, 11.5), row("a", 4, 12.2)),
                e -> "one-key");
        PravegaTestData.write(
                PRAVEGA.clientConfig(),
                scope,
                "b",
                List.of(row("b", 1, 9.0), row("b", 2, 9.5), row("b", 3, 10.3), row("b", 4, 11.2)),
                e -> "one-key");
        TableEnvironment env = environment();
        for (String stream : List.of("a", "b")) {
            List<String> options =
                    new ArrayList<>(List.of("scan.reader-group.name", stream + "-readers"));
            options.addAll(List.of(extra));
            env.executeSql(table(scope, stream, options.toArray(new String[0])));
        }
        env.executeSql(
                "CREATE TEMPORARY VIEW both_streams AS SELECT * FROM a UNION ALL SELECT * FROM b");
        return env;
    }

    /** a goes on to 16.3 s (watermark 15.3 s), b gets nothing. */
    private static List<String> secondRowsOfA() {
        return List.of(
                row("a", 5, 13.4),
                row("a", 6, 14.1),
                row("a", 7, 14.8),
                row("a", 8, 15.6),
                row("a", 9, 16.3));
    }

    /** a's windows that a's watermark of 15.3 s closes. */
    private static List<Row> windowsOfA() {
        return List.of(
                tumble(10, 2, 3),
                tumble(11, 1, 3),
                tumble(12, 1, 4),
                tumble(13, 1, 5),
                tumble(14, 2, 13));
    }

    private static Row tumble(int start, long count, int sum) {
        return Row.of(at(start), at(start + 1), count, sum);
    }

    // --------------------------------------------------------------------------- alignment

    /** Fast rows: 60 s of event time from 100 s on, one every 10 ms. */
    private static final int FAST_ROWS = 6000;

    private static final long FAST_STEP_MS = 10;

    /** Slow rows after the first (at 100 s): one a second of event time, one every 250 ms. */
    private static final int SLOW_ROWS = 20;

    /**
     * How far the fast source's rows may be ahead of the slowest row written so far: the 1 s
     * out-of-orderness of the watermarks, the 1 s maximal drift, one batch of the fetcher (512
     * rows, 5.12 s of fast event time) and half a second to spare.
     */
    private static final long ALLOWED_LEAD_MS = 1000 + 1000 + 512 * FAST_STEP_MS + 500;

    /**
     * The fast stream gets its 60 s of event time at once while the slow one moves a second at a
     * time: in the alignment group, the fast source's rows stay within the bound of the slow
     * source's, and they move on as the slow source does.
     */
    @Test
    void alignmentHoldsTheFastSourceBack() throws Exception {
        FastAndSlow run = runFastAndSlow(true);

        assertThat(run.violations).as("fast rows too far ahead of the slow rows").isEmpty();
        long lastSlow = 100_000 + SLOW_ROWS * 1000L;
        assertThat(run.fastMax.get()).isGreaterThanOrEqualTo(lastSlow);
        assertThat(run.fastCount.get()).isLessThan(FAST_ROWS);
    }

    /** The control: without alignment the fast source reads all of its rows at once. */
    @Test
    void withoutAlignmentTheFastSourceRunsAhead() throws Exception {
        FastAndSlow run = runFastAndSlow(false);

        assertThat(run.fastCount.get()).isEqualTo(FAST_ROWS);
        assertThat(run.violations).isNotEmpty();
    }

    private static final class FastAndSlow {
        /** The event time (epoch ms) of the latest slow row written, set before writing it. */
        final AtomicLong slowWritten = new AtomicLong();

        final AtomicLong fastMax = new AtomicLong(Long.MIN_VALUE);
        final AtomicLong fastCount = new AtomicLong();
        final AtomicLong slowCount = new AtomicLong();
        final List<String> violations = new CopyOnWriteArrayList<>();

        /** The largest lead of a fast row over the slow rows written when it arrived. */
        final AtomicLong maxLead = new AtomicLong(Long.MIN_VALUE);

        void accept(Row row) {
            long ts = millis((LocalDateTime) row.getField(1));
            if ("fast".equals(row.getField(0))) {
                fastCount.incrementAndGet();
                fastMax.accumulateAndGet(ts, Math::max);
                long slow = slowWritten.get();
                maxLead.accumulateAndGet(ts - slow, Math::max);
                if (ts > slow + ALLOWED_LEAD_MS && violations.size() < 10) {
                    violations.add("fast row at " + ts + " with the slow stream at " + slow);
                }
            } else {
                slowCount.incrementAndGet();
            }
        }
    }

    private static FastAndSlow runFastAndSlow(boolean aligned) throws Exception {
        String scope = PRAVEGA.scope();
        PRAVEGA.createStream(scope, "fast", 1);
        PRAVEGA.createStream(scope, "slow", 1);
        TableEnvironment env = environment();
        List<String> options = new ArrayList<>(List.of("scan.watermark.emit.strategy", "on-event"));
        if (aligned) {
            options.addAll(
                    List.of(
                            "scan.watermark.alignment.group", "g",
                            "scan.watermark.alignment.max-drift", "1 s",
                            "scan.watermark.alignment.update-interval", "100 ms"));
        }
        String[] extra = options.toArray(new String[0]);
        env.executeSql(table(scope, "fast", extra));
        env.executeSql(table(scope, "slow", extra));

        FastAndSlow run = new FastAndSlow();
        try (LiveResult result =
                        new LiveResult(
                                env,
                                "SELECT k, ts FROM fast UNION ALL SELECT k, ts FROM slow",
                                run::accept);
                EventStreamClientFactory factory =
                        EventStreamClientFactory.withScope(scope, PRAVEGA.clientConfig());
                EventStreamWriter<String> slow =
                        factory.createEventWriter(
                                "slow",
                                new UTF8StringSerializer(),
                                EventWriterConfig.builder().build())) {
            writeSlow(run, slow, 100);
            // The slow source has a watermark, and the alignment coordinator had time to hear it.
            Await.until(
                    Duration.ofSeconds(60),
                    "the first slow row",
                    () -> run.slowCount.get() > 0,
                    result::failureText);
            Thread.sleep(500);

            List<String> fastRows = new ArrayList<>();
            for (int i = 0; i < FAST_ROWS; i++) {
                fastRows.add(row("fast", i, 100 + i * FAST_STEP_MS / 1000.0));
            }
            PravegaTestData.write(PRAVEGA.clientConfig(), scope, "fast", fastRows, e -> "one-key");
            for (int i = 1; i <= SLOW_ROWS; i++) {
                Thread.sleep(250);
                writeSlow(run, slow, 100 + i);
            }
            if (aligned) {
                long lastSlow = 100_000 + SLOW_ROWS * 1000L;
                Await.until(
                        Duration.ofSeconds(30),
                        "the fast rows to reach the last slow row",
                        () -> run.fastMax.get() >= lastSlow,
                        () -> "fast rows up to " + run.fastMax.get() + result.failureText());
                Thread.sleep(1_000);
            } else {
                Await.until(
                        Duration.ofSeconds(30),
                        "all fast rows",
                        () -> run.fastCount.get() == FAST_ROWS,
                        () -> run.fastCount.get() + " fast rows" + result.failureText());
            }
            Await.until(
                    Duration.ofSeconds(30),
                    "all slow rows",
                    () -> run.slowCount.get() == SLOW_ROWS + 1,
                    result::failureText);
        }
        LOG.info(
                "{}: {} fast rows up to {} ms, largest lead over the slow rows {} ms, {} slow rows",
                aligned ? "aligned" : "not aligned",
                run.fastCount.get(),
                run.fastMax.get(),
                run.maxLead.get(),
                run.slowCount.get());
        return run;
    }

    private static void writeSlow(FastAndSlow run, EventStreamWriter<String> writer, int second) {
        run.slowWritten.set(millis(at(second)));
        writer.writeEvent("one-key", row("slow", second, second)).join();
    }

    private static long millis(LocalDateTime time) {
        return time.toInstant(ZoneOffset.UTC).toEpochMilli() - millisOfBase();
    }

    private static long millisOfBase() {
        return at(0).toInstant(ZoneOffset.UTC).toEpochMilli();
    }

    // ----------------------------------------------------------------------------- helpers

    private static TableEnvironment environment() {
        TableEnvironment env = SqlTestSupport.streaming();
        env.getConfig().set("table.exec.resource.default-parallelism", "1");
        return env;
    }

    private static String table(String scope, String stream, String... extra) {
        List<String> options = new ArrayList<>(List.of("scan.streams", stream, "format", "json"));
        options.addAll(List.of(extra));
        return "CREATE TABLE "
                + stream
                + " (k STRING, v INT, ts TIMESTAMP(3),"
                + " WATERMARK FOR ts AS ts - INTERVAL '1' SECOND) "
                + pravegaOptions(PRAVEGA, scope, options.toArray(new String[0]));
    }

    /** An unbounded query whose rows a thread collects as they come; closing cancels the job. */
    private static final class LiveResult implements AutoCloseable {
        private final List<Row> rows = new CopyOnWriteArrayList<>();
        private final JobClient job;
        private final CloseableIterator<Row> iterator;
        private final Thread drainer;
        private volatile Throwable failure;

        LiveResult(TableEnvironment env, String query, Consumer<Row> onRow) {
            TableResult result = env.executeSql(query);
            job = result.getJobClient().orElseThrow();
            iterator = result.collect();
            drainer =
                    new Thread(
                            () -> {
                                try {
                                    while (iterator.hasNext()) {
                                        Row row = iterator.next();
                                        onRow.accept(row);
                                        rows.add(row);
                                    }
                                } catch (Throwable t) {
                                    failure = t;
                                }
                            },
                            "collect-drainer");
            drainer.setDaemon(true);
            drainer.start();
        }

        String failureText() {
            Throwable t = failure;
            if (t == null) {
                return "";
            }
            java.io.StringWriter text = new java.io.StringWriter();
            t.printStackTrace(new java.io.PrintWriter(text));
            return "; the query failed: " + text;
        }

        List<Row> rows() {
            return List.copyOf(rows);
        }

        void await(int count, String what) {
            Await.until(
                    Duration.ofSeconds(60),
                    what + " (" + count + " rows)",
                    () -> {
                        if (failure != null) {
                            throw new AssertionError("the query failed", failure);
                        }
                        return rows.size() >= count;
                    },
                    () -> "rows so far: " + rows);
        }

        @Override
        public void close() throws Exception {
            try {
                job.cancel().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                // already ended
            }
            iterator.close();
            drainer.join(10_000);
        }
    }
}
