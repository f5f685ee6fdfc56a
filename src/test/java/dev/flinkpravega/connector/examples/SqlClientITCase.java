package dev.flinkpravega.connector.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flinkpravega.connector.testutils.PravegaExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every {@code sql-examples/*.sql} runs in Flink's own SQL Client (1.20, embedded mode, in a child
 * JVM with only the shaded SQL jar on {@code -j}) against an in-process Pravega. The client exits 0
 * even when a statement fails, so the test reads what it printed: no {@code [ERROR]}, and for the
 * files listed in {@link #EXPECTED} exactly the result tables given there.
 */
class SqlClientITCase {

    private static final Path EXAMPLES = Paths.get("sql-examples");
    private static final Path WORK_DIR =
            Paths.get(System.getProperty("build.dir", "target"), "sql-client-it");
    private static final Duration TIMEOUT_PER_FILE = Duration.ofMinutes(4);

    /** Both queries of event-time.sql: ten-second windows per sensor, no row late. */
    private static final List<String> EVENT_TIME_WINDOWS =
            List.of(
                    "2026-11-21 10:00:00.000, s1, 2, 20.75",
                    "2026-11-21 10:00:00.000, s2, 1, 18.0",
                    "2026-11-21 10:00:10.000, s1, 2, 21.5",
                    "2026-11-21 10:00:10.000, s2, 1, 18.25",
                    "2026-11-21 10:00:20.000, s1, 1, 21.25",
                    "2026-11-21 10:00:20.000, s2, 1, 18.5");

    /**
     * Per file, the rows of every table the client prints (query results, and also SHOW or DESCRIBE
     * output), tables in printed order, rows of one table in any order; cells joined by ", ". A
     * file not listed here must still run without an error.
     */
    private static final Map<String, List<List<String>>> EXPECTED =
            Map.of(
                    "quickstart.sql",
                    List.of(
                            List.of(
                                    "alice, /home, 2026-11-21 10:00:00.000, quickstart/clicks",
                                    "bob, /cart, 2026-11-21 10:00:01.500, quickstart/clicks",
                                    "alice, /checkout, 2026-11-21 10:00:02.250, quickstart/clicks",
                                    "carol, /home, 2026-11-21 10:00:03.000, quickstart/clicks")),
                    "bounded-read.sql",
                    List.of(
                            List.of("s1, 10", "s2, 20", "s1, 11", "s2, 21", "s1, 12"),
                            List.of("s1, 10", "s2, 20", "s1, 11"),
                            List.of("s2, 21", "s1, 12")),
                    "exactly-once.sql",
                    List.of(List.of("2, bob, 180.50", "4, alice, 240.00", "5, dave, 100.00")),
                    "catalog.sql",
                    List.of(List.of("clicks"), List.of("1, apple, 0.50", "2, pear, 0.75")),
                    "elastic-streams.sql",
                    List.of(
                            List.of(
                                    "s1, 1, 20.5",
                                    "s2, 1, 18.0",
                                    "s1, 2, 20.75",
                                    "s2, 2, 18.25",
                                    "s1, 3, 21.0",
                                    "s3, 1, 5.5")),
                    "event-time.sql",
                    // SOURCE_WATERMARK(), then the pushed-down WATERMARK: the same windows
                    List.of(EVENT_TIME_WINDOWS, EVENT_TIME_WINDOWS));

    /** catalog.sql reads the scope quickstart.sql fills, as in ./quickstart.sh. */
    private static final List<String> RUN_FIRST = List.of("quickstart.sql", "catalog.sql");

    @RegisterExtension static final PravegaExtension PRAVEGA = new PravegaExtension();

    private static SqlClientProcess client;

    @BeforeAll
    static void prepare() throws IOException {
        deleteRecursively(WORK_DIR);
        Files.createDirectories(WORK_DIR);
        client = SqlClientProcess.fromSystemProperties(WORK_DIR.toAbsolutePath());
    }

    static Stream<String> examples() throws IOException {
        try (Stream<Path> files = Files.list(EXAMPLES)) {
            return files
                    .map(file -> file.getFileName().toString())
                    .filter(name -> name.endsWith(".sql"))
                    .sorted(
                            Comparator.comparingInt(
                                            (String name) ->
                                                    RUN_FIRST.contains(name)
                                                            ? RUN_FIRST.indexOf(name)
                                                            : RUN_FIRST.size())
                                    .thenComparing(Comparator.naturalOrder()))
                    .collect(Collectors.toList())
                    .stream();
        }
    }

    @Test
    void everyFileWithExpectationsExists() throws IOException {
        assertThat(examples()).containsAll(EXPECTED.keySet());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void runsInTheSqlClient(String example) throws Exception {
        // The examples name tcp://localhost:9090; this copy names the in-process Pravega.
        Path script = WORK_DIR.toAbsolutePath().resolve(example);
        Files.writeString(
                script,
                SqlScript.text(EXAMPLES.resolve(example), PRAVEGA.controllerUri().toString()),
                StandardCharsets.UTF_8);

        SqlClientProcess.Result result = client.run(script, TIMEOUT_PER_FILE);
        List<List<String>> tables = TableauTables.parse(result.stdout);
        System.out.printf(
                "SQL Client ran %s in %.1f s: exit code %d, %d result table(s)%n",
                example, result.elapsed.toMillis() / 1e3, result.exitCode, tables.size());

        String context =
                example
                        + " (client output below; log in "
                        + result.logFile
                        + ")\n"
                        + result.stdout
                        + "\n--- stderr ---\n"
                        + tail(result.stderr, 60);
        assertThat(result.exitCode).as("exit code of " + context).isZero();
        assertThat(result.stdout).as("output of " + context).contains("Executing SQL from file");
        assertThat(result.stdout + result.stderr)
                .as("output of " + context)
                .doesNotContain("[ERROR]");
        List<List<String>> expected = EXPECTED.get(example);
        if (expected != null) {
            assertThat(tables).as("result tables of " + context).hasSameSizeAs(expected);
            for (int i = 0; i < expected.size(); i++) {
                assertThat(tables.get(i))
                        .as("rows of query " + (i + 1) + " of " + context)
                        .containsExactlyInAnyOrderElementsOf(expected.get(i));
            }
        }
    }

    private static String tail(String text, int lines) {
        List<String> all = Arrays.asList(text.split("\\R"));
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
                Files.delete(path);
            }
        }
    }
}
