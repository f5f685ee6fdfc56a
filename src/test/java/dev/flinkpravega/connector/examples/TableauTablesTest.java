package dev.flinkpravega.connector.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Parsing what the SQL Client printed, as SqlClientITCase sees it. */
class TableauTablesTest {

    @Test
    void readsStreamingResultsAfterEchoedStatementsAndSkipsNoise() {
        String output =
                String.join(
                        "\n",
                        "Flink SQL> SELECT sensor, reading FROM readings+----+--------+---------+",
                        "| op | sensor | reading |",
                        "+----+--------+---------+",
                        "12:00:00.000 clientInternal-2-1 ERROR Unable to format msg: ...",
                        "\tat org.apache.logging.log4j.message.ParameterFormatter.formatMessage",
                        "| +I |     s1 |      10 |",
                        "| +I |     s2 |      20 |",
                        "+----+--------+---------+",
                        "Received a total of 2 rows (1.00 seconds)",
                        "",
                        "Flink SQL> +----+--------+",
                        "| op | sensor |",
                        "+----+--------+",
                        "+----+--------+",
                        "Received a total of 0 row (1.00 seconds)");

        assertThat(TableauTables.parse(output))
                .containsExactly(List.of("s1, 10", "s2, 20"), List.of());
    }

    @Test
    void keepsTheFirstColumnOfBatchResults() {
        String output =
                String.join(
                        "\n",
                        "+--------+---------+",
                        "| sensor | reading |",
                        "+--------+---------+",
                        "|     s1 |      10 |",
                        "+--------+---------+",
                        "1 row in set");

        assertThat(TableauTables.parse(output)).containsExactly(List.of("s1, 10"));
    }

    @Test
    void findsNothingWithoutATable() {
        assertThat(TableauTables.parse("[INFO] Execute statement succeeded.")).isEmpty();
    }
}
