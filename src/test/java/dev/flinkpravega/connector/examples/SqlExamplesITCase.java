package dev.flinkpravega.connector.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flinkpravega.connector.testutils.PravegaExtension;
import dev.flinkpravega.connector.testutils.SqlStatements;
import dev.flinkpravega.connector.testutils.SqlTestSupport;
import java.math.BigDecimal;
import java.nio.file.Paths;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The statements of {@code sql-examples/quickstart.sql}, then of {@code sql-examples/catalog.sql}
 * (in that order, as {@code quickstart.sh} runs them), run and give the rows they promise.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SqlExamplesITCase {

    @RegisterExtension static final PravegaExtension PRAVEGA = new PravegaExtension();

    @RegisterExtension static final MiniClusterExtension FLINK = SqlTestSupport.miniCluster();

    @Test
    @Order(1)
    void quickstartWritesAndReadsItsRows() throws Exception {
        List<String> statements =
                SqlScript.statements(
                        Paths.get("sql-examples/quickstart.sql"),
                        PRAVEGA.controllerUri().toString());
        // SET lines are for the SQL Client; this test awaits and collects by itself.
        statements.removeIf(statement -> SqlScript.setOption(statement).isPresent());
        assertThat(statements).hasSize(3);
        TableEnvironment env = SqlTestSupport.streaming();
        env.executeSql(statements.get(0));
        env.executeSql(statements.get(1)).await(2, TimeUnit.MINUTES);

        List<Row> rows = SqlTestSupport.collect(env, statements.get(2));

        assertThat(rows)
                .containsExactlyInAnyOrder(
                        Row.of(
                                "alice",
                                "/home",
                                LocalDateTime.parse("2026-11-21T10:00"),
                                "quickstart/clicks"),
                        Row.of(
                                "bob",
                                "/cart",
                                LocalDateTime.parse("2026-11-21T10:00:01.500"),
                                "quickstart/clicks"),
                        Row.of(
                                "alice",
                                "/checkout",
                                LocalDateTime.parse("2026-11-21T10:00:02.250"),
                                "quickstart/clicks"),
                        Row.of(
                                "carol",
                                "/home",
                                LocalDateTime.parse("2026-11-21T10:00:03"),
                                "quickstart/clicks"));
    }

    @Test
    @Order(2)
    void catalogExampleShowsTheQuickstartStreamAndReadsItsOwnTable() throws Exception {
        List<String> statements =
                SqlScript.statements(
                        Paths.get("sql-examples/catalog.sql"), PRAVEGA.controllerUri().toString());
        TableEnvironment env = SqlTestSupport.streaming();
        List<List<Row>> results = new ArrayList<>();
        for (String statement : statements) {
            if (SqlScript.setOption(statement).isPresent()) {
                continue; // SQL Client display settings; this test collects and awaits itself
            }
            if (SqlStatements.isQuery(statement)) {
                results.add(SqlTestSupport.collect(env, statement));
                continue;
            }
            TableResult result = env.executeSql(statement);
            if (result.getJobClient().isPresent()) {
                result.await(2, TimeUnit.MINUTES);
            }
        }

        assertThat(results).hasSize(2);
        assertThat(results.get(0)).as("SHOW TABLES").containsExactly(Row.of("clicks"));
        assertThat(results.get(1))
                .as("SELECT from shop.orders")
                .containsExactlyInAnyOrder(
                        Row.of(1L, "apple", new BigDecimal("0.50")),
                        Row.of(2L, "pear", new BigDecimal("0.75")));
    }
}
