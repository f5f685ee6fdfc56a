package dev.flinkpravega.connector.table;

import static dev.flinkpravega.connector.testutils.SqlTestSupport.collect;
import static dev.flinkpravega.connector.testutils.SqlTestSupport.executeAndWait;
import static dev.flinkpravega.connector.testutils.SqlTestSupport.pravegaOptions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.flinkpravega.connector.testutils.PravegaExtension;
import dev.flinkpravega.connector.testutils.PravegaTestData;
import dev.flinkpravega.connector.testutils.SqlTestSupport;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.apache.flink.util.ExceptionUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a user sees when the input is wrong: malformed events, a controller nobody listens on, a
 * stream or scope that does not exist. Every failure must end the job (no hang) with a message that
 * says what and where.
 */
class PravegaBadInputITCase {

    @RegisterExtension static final PravegaExtension PRAVEGA = new PravegaExtension();

    @RegisterExtension static final MiniClusterExtension FLINK = SqlTestSupport.miniCluster();

    /** Pravega stores every event behind a header of type (4 bytes) and length (4 bytes). */
    private static final int EVENT_HEADER_BYTES = 8;

    private static final String MALFORMED = "{\"name\":";

    /** Not ASCII, so that the offset counts UTF-8 bytes, not characters. */
    private static final String BEFORE_NAME = "vor-\u00e4\u00df";

    private static final List<String> BEFORE = json(BEFORE_NAME, 0, 7);
    private static final List<String> AFTER = json("after", 0, 5);

    // ---------------------------------------------------------------- malformed events

    @Test
    void malformedEventFailsTheQueryNamingStreamAndPosition() {
        String scope = PRAVEGA.scope();
        writeWithOneMalformedEvent(scope, "mixed");
        TableEnvironment env = SqlTestSupport.streaming();
        createJsonTable(env, "mixed", scope, "mixed");

        Throwable failure = catchThrowable(() -> collect(env, "SELECT name, n FROM mixed"));

        assertThat(failure).as("a malformed event must fail the query").isNotNull();
        String prefix = "Failed to deserialize an event of stream '" + scope + "/mixed'";
        Throwable cause =
                ExceptionUtils.findThrowableWithMessage(failure, prefix)
                        .orElseThrow(
                                () ->
                                        new AssertionError(
                                                "no cause names the stream; got "
                                                        + ExceptionUtils.stringifyException(
                                                                failure)));
        Matcher position =
                Pattern.compile(
                                Pattern.quote(prefix)
                                        + " at event "
                                        + Pattern.quote(scope + "/mixed/")
                                        + "[^:\\s]+:(\\d+)-(\\d+) \\(segment:offset-length\\)")
                        .matcher(cause.getMessage());
        assertThat(position.find()).as("position in message: %s", cause.getMessage()).isTrue();
        long expectedOffset =
                BEFORE.stream().mapToLong(e -> EVENT_HEADER_BYTES + utf8Length(e)).sum();
        assertThat(Long.parseLong(position.group(1))).as("offset").isEqualTo(expectedOffset);
        assertThat(Integer.parseInt(position.group(2)))
                .as("length")
                .isEqualTo(EVENT_HEADER_BYTES + utf8Length(MALFORMED));
        // The hint on how to go on, and the format's own reason.
        assertThat(cause.getMessage()).contains("'json.ignore-parse-errors' = 'true'");
        assertThat(ExceptionUtils.findThrowableWithMessage(failure, MALFORMED)).isPresent();
    }

    @Test
    void malformedEventIsSkippedWhenTheFormatIgnoresParseErrors() throws Exception {
        String scope = PRAVEGA.scope();
        writeWithOneMalformedEvent(scope, "mixed");
        TableEnvironment env = SqlTestSupport.streaming();
        createJsonTable(env, "mixed", scope, "mixed", "json.ignore-parse-errors", "true");

        List<Row> rows = collect(env, "SELECT name, n FROM mixed");

        List<Row> expected = new ArrayList<>();
        IntStream.range(0, BEFORE.size()).forEach(i -> expected.add(Row.of(BEFORE_NAME, i)));
        IntStream.range(0, AFTER.size()).forEach(i -> expected.add(Row.of("after", i)));
        assertThat(rows).containsExactlyInAnyOrderElementsOf(expected);
    }

    // ---------------------------------------------------------------- unreachable controller

    @Test
    void selectFromUnreachableControllerFailsInTime() throws Exception {
        String uri = "tcp://localhost:" + unusedPort();
        TableEnvironment env = SqlTestSupport.streaming();
        env.executeSql(
                "CREATE TABLE nowhere (name STRING, n INT) "
                        + pravegaOptions(
                                PRAVEGA,
                                PRAVEGA.scope(),
                                "controller-uri",
                                uri,
                                "controller.timeout",
                                "5 s",
                                "scan.streams",
                                "s",
                                "scan.bounded.mode",
                                "latest",
                                "format",
                                "json"));

        // Planning needs the test thread (Calcite keeps thread-local state); only the wait for
        // the job runs under the preemptive timeout.
        CloseableIterator<Row> rows = env.executeSql("SELECT * FROM nowhere").collect();
        Throwable failure =
                assertTimeoutPreemptively(
                        Duration.ofSeconds(60),
                        () -> catchThrowable(() -> rows.forEachRemaining(row -> {})),
                        "a SELECT against an unreachable controller must fail, not hang");
        rows.close();

        assertCauseMentions(failure, uri);
        assertCauseMentions(failure, "did not answer within 5000 ms");
    }

    @Test
    void insertToUnreachableControllerFailsInTime() throws Exception {
        String uri = "tcp://localhost:" + unusedPort();
        TableEnvironment env = SqlTestSupport.streaming();
        env.executeSql(
                "CREATE TABLE nowhere (name STRING, n INT) "
                        + pravegaOptions(
                                PRAVEGA,
                                PRAVEGA.scope(),
                                "controller-uri",
                                uri,
                                "controller.timeout",
                                "5 s",
                                "sink.stream",
                                "s",
                                "format",
                                "json"));

        TableResult insert = env.executeSql("INSERT INTO nowhere VALUES ('x', 1)");
        Throwable failure =
                assertTimeoutPreemptively(
                        Duration.ofSeconds(60),
                        () -> catchThrowable(insert::await),
                        "an INSERT against an unreachable controller must fail, not hang");

        assertCauseMentions(failure, uri);
        assertCauseMentions(failure, "did not answer within 5000 ms");
    }

    // ---------------------------------------------------------------- missing stream or scope

    @Test
    void selectFromMissingStreamFails() {
        String scope = PRAVEGA.scope();
        TableEnvironment env = SqlTestSupport.streaming();
        createJsonTable(env, "absent", scope, "absent");

        Throwable failure = catchThrowable(() -> collect(env, "SELECT name, n FROM absent"));

        assertCauseMentions(failure, "Stream '" + scope + "/absent' does not exist");
        assertThat(PRAVEGA.streamManager().checkStreamExists(scope, "absent")).isFalse();
    }

    @Test
    void selectFromMissingScopeFails() {
        String missingScope = "missing-" + PRAVEGA.scope();
        TableEnvironment env = SqlTestSupport.streaming();
        createJsonTable(env, "absent", PRAVEGA.scope(), missingScope + "/absent");

        Throwable failure = catchThrowable(() -> collect(env, "SELECT name, n FROM absent"));

        assertCauseMentions(
                failure,
                "Scope '"
                        + missingScope
                        + "' of stream '"
                        + missingScope
                        + "/absent' does not"
                        + " exist");
        assertThat(PRAVEGA.streamManager().checkScopeExists(missingScope)).isFalse();
    }

    @Test
    void insertIntoMissingStreamFails() {
        String scope = PRAVEGA.scope();
        TableEnvironment env = SqlTestSupport.streaming();
        env.executeSql(
                "CREATE TABLE target (name STRING, n INT) "
                        + pravegaOptions(
                                PRAVEGA, scope, "sink.stream", "absent", "format", "json"));

        Throwable failure =
                catchThrowable(() -> executeAndWait(env, "INSERT INTO target VALUES ('x', 1)"));

        assertCauseMentions(failure, "Stream '" + scope + "/absent' does not exist");
        assertCauseMentions(failure, "'stream.create-if-missing' = 'true'");
        assertThat(PRAVEGA.streamManager().checkStreamExists(scope, "absent")).isFalse();
    }

    @Test
    void insertCreatesMissingStreamWhenAsked() throws Exception {
        String scope = PRAVEGA.scope();
        TableEnvironment env = SqlTestSupport.streaming();
        env.executeSql(
                "CREATE TABLE target (name STRING, n INT) "
                        + pravegaOptions(
                                PRAVEGA,
                                scope,
                                "sink.stream",
                                "created",
                                "stream.create-if-missing",
                                "true",
                                "scan.streams",
                                "created",
                                "scan.bounded.mode",
                                "latest",
                                "format",
                                "json"));
        assertThat(PRAVEGA.streamManager().checkStreamExists(scope, "created")).isFalse();

        executeAndWait(env, "INSERT INTO target VALUES ('x', 1), ('y', 2), ('z', 3)");

        assertThat(PRAVEGA.streamManager().checkStreamExists(scope, "created")).isTrue();
        assertThat(collect(env, "SELECT name, n FROM target"))
                .containsExactlyInAnyOrder(Row.of("x", 1), Row.of("y", 2), Row.of("z", 3));
    }

    // ---------------------------------------------------------------- helpers

    private static void writeWithOneMalformedEvent(String scope, String stream) {
        PRAVEGA.createStream(scope, stream, 1);
        List<String> events = new ArrayList<>(BEFORE);
        events.add(MALFORMED);
        events.addAll(AFTER);
        PravegaTestData.write(PRAVEGA.clientConfig(), scope, stream, events);
    }

    /** A bounded JSON table {@code table} over {@code stream}, extra options appended. */
    private static void createJsonTable(
            TableEnvironment env, String table, String scope, String stream, String... extra) {
        List<String> options =
                new ArrayList<>(
                        List.of("scan.streams", stream, "scan.bounded.mode", "latest", "format"));
        options.add("json");
        options.addAll(List.of(extra));
        env.executeSql(
                "CREATE TABLE "
                        + table
                        + " (name STRING, n INT) "
                        + pravegaOptions(PRAVEGA, scope, options.toArray(new String[0])));
    }

    private static void assertCauseMentions(Throwable failure, String text) {
        assertThat(failure).as("the job must fail").isNotNull();
        Optional<Throwable> cause = ExceptionUtils.findThrowableWithMessage(failure, text);
        assertThat(cause)
                .as(
                        "a cause mentioning \"%s\" in:%n%s",
                        text, ExceptionUtils.stringifyException(failure))
                .isPresent();
    }

    private static int unusedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static int utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    static List<String> json(String name, int from, int to) {
        return IntStream.range(from, to)
                .mapToObj(i -> "{\"name\":\"" + name + "\",\"n\":" + i + "}")
                .collect(Collectors.toList());
    }
}
