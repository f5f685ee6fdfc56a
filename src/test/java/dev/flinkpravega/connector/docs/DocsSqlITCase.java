package dev.flinkpravega.connector.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flinkpravega.connector.docs.MarkdownSnippets.Snippet;
import dev.flinkpravega.connector.testutils.PravegaExtension;
import dev.flinkpravega.connector.testutils.SqlStatements;
import dev.flinkpravega.connector.testutils.SqlTestSupport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs every {@code sql} block of {@code docs/*.md}, in order, in one streaming {@link
 * TableEnvironment} per document, against an in-process Pravega ({@code tcp://localhost:9090} in
 * the docs becomes its URI). Queries print their result; a {@code text} block right after the
 * {@code sql} block is the expected result (rows in any order). INSERTs must end; {@code SET}
 * statements change the environment's configuration, as in the SQL Client. Before a CREATE TABLE
 * with the example controller URI, the streams it names are created, as a real deployment has them;
 * after it, a read plan is made for tables with 'scan.streams', so that the connector validates
 * every option.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class DocsSqlITCase {

    /** The controller URI the docs are written for. */
    static final String DOCS_CONTROLLER_URI = "tcp://localhost:9090";

    @RegisterExtension static final PravegaExtension PRAVEGA = new PravegaExtension();

    @RegisterExtension static final MiniClusterExtension FLINK = SqlTestSupport.miniCluster();

    static List<Path> documents() throws IOException {
        try (Stream<Path> files = Files.list(Paths.get("docs"))) {
            return files.filter(p -> p.toString().endsWith(".md"))
                    .sorted()
                    .collect(Collectors.toList());
        }
    }

    @ParameterizedTest
    @MethodSource("documents")
    void sqlSnippetsRunAndPrintWhatTheDocsShow(Path document) throws Exception {
        TableEnvironment env = SqlTestSupport.streaming();
        env.getConfig().set("parallelism.default", "1");
        for (Snippet snippet : MarkdownSnippets.read(document)) {
            if (!snippet.language.equals("sql")) {
                continue;
            }
            String where = document + ", sql block at line " + snippet.line;
            String printed = "";
            long start = System.nanoTime();
            for (String statement : SqlStatements.split(snippet.text)) {
                printed += run(env, statement);
            }
            System.out.printf("%s: %.1f s%n", where, (System.nanoTime() - start) / 1e9);
            if (snippet.expectedOutput != null) {
                assertThat(TableauOutput.rows(printed))
                        .as("%s prints:%n%s", where, printed)
                        .isEqualTo(TableauOutput.rows(snippet.expectedOutput));
            }
        }
    }

    /** Runs one statement of the docs; returns what a query printed. */
    private static String run(TableEnvironment env, String docsStatement) throws Exception {
        String table = SqlStatements.createdTable(docsStatement);
        if (table != null) {
            createStreams(docsStatement);
        }
        String statement = docsStatement.replace(DOCS_CONTROLLER_URI, uri());
        String[] setting = SqlStatements.setting(statement);
        if (setting != null) {
            // as the SQL Client does it
            env.getConfig().set(setting[0], setting[1]);
            return "";
        }
        TableResult result = env.executeSql(statement);
        if (SqlStatements.isQuery(statement)) {
            return print(result);
        }
        if (SqlStatements.isInsert(statement)) {
            result.await(2, TimeUnit.MINUTES);
        } else if (table != null && SqlStatements.option(statement, "scan.streams") != null) {
            env.explainSql("SELECT * FROM " + table);
        }
        return "";
    }

    private static String print(TableResult result) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            result.print();
        } finally {
            System.setOut(original);
        }
        String printed = bytes.toString(StandardCharsets.UTF_8);
        original.print(printed);
        return printed;
    }

    /** Creates the scope and streams of a CREATE TABLE that uses the example controller. */
    private static void createStreams(String statement) {
        if (!DOCS_CONTROLLER_URI.equals(SqlStatements.option(statement, "controller-uri"))) {
            return;
        }
        String scope = SqlStatements.option(statement, "scope");
        for (String list :
                Arrays.asList(
                        SqlStatements.option(statement, "scan.streams"),
                        SqlStatements.option(statement, "sink.stream"))) {
            if (list == null) {
                continue;
            }
            for (String name : list.split(";")) {
                name = name.trim();
                if (name.isEmpty()) {
                    continue;
                }
                int slash = name.indexOf('/');
                String streamScope = slash < 0 ? scope : name.substring(0, slash);
                PRAVEGA.streamManager().createScope(streamScope);
                PRAVEGA.createStream(streamScope, name.substring(slash + 1), 2);
            }
        }
    }

    private static String uri() {
        return PRAVEGA.controllerUri().toString();
    }
}
