package dev.flinkpravega.connector.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.ValidationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A table's {@code WATERMARK} clause runs inside the Pravega source (the planner pushes it down),
 * Flink's {@code scan.watermark.*} table options are accepted and checked, and {@code
 * SOURCE_WATERMARK()} is offered. Plans only: nothing here connects to Pravega.
 */
class WatermarkPushDownTest {

    private static String table(String watermark, String... options) {
        StringBuilder ddl =
                new StringBuilder(
                        "CREATE TABLE clicks (id INT, ts TIMESTAMP(3), WATERMARK FOR ts AS "
                                + watermark
                                + ") WITH ('connector' = 'pravega',"
                                + " 'controller-uri' = 'tcp://localhost:9090',"
                                + " 'scope' = 's', 'scan.streams' = 'clicks', 'format' = 'json'");
        for (int i = 0; i + 1 < options.length; i += 2) {
            ddl.append(", '").append(options[i]).append("' = '").append(options[i + 1]).append("'");
        }
        return ddl.append(")").toString();
    }

    private static String explain(String ddl) {
        TableEnvironment env = TableEnvironment.create(EnvironmentSettings.inStreamingMode());
        env.executeSql(ddl);
        return env.explainSql(
                "SELECT window_start, COUNT(*) FROM TABLE(TUMBLE(TABLE clicks, DESCRIPTOR(ts),"
                        + " INTERVAL '1' SECOND)) GROUP BY window_start, window_end");
    }

    /** The optimized plan: the part of EXPLAIN after its abstract syntax tree. */
    private static String optimized(String explain) {
        return explain.substring(explain.indexOf("== Optimized Physical Plan =="));
    }

    @Test
    void aWatermarkClauseRunsInTheSourceScan() {
        String plan = optimized(explain(table("ts - INTERVAL '5' SECOND")));
        assertThat(plan)
                .contains(
                        "TableSourceScan(table=[[default_catalog, default_database, clicks,"
                                + " watermark=[-(ts, 5000:INTERVAL SECOND)]");
        assertThat(plan).doesNotContain("WatermarkAssigner");
    }

    @Test
    void sourceWatermarkIsTakenFromPravega() {
        String plan = optimized(explain(table("SOURCE_WATERMARK()")));
        assertThat(plan).contains("watermark=[SOURCE_WATERMARK()]");
        assertThat(plan).doesNotContain("WatermarkAssigner");
    }

    /** Each option reaches the pushed-down strategy: the plan shows what the source got. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "scan.watermark.emit.strategy=on-event | watermarkEmitStrategy=[on-event]",
                "scan.watermark.emit.strategy=on-periodic | watermarkEmitStrategy=[on-periodic]",
                "scan.watermark.idle-timeout=5 s | idletimeout=[5000]",
                "scan.watermark.alignment.group=g,scan.watermark.alignment.max-drift=1 s"
                        + " | watermarkAlignment=[g, PT1S, PT1S]",
                "scan.watermark.alignment.group=g,scan.watermark.alignment.max-drift=1 s,"
                        + "scan.watermark.alignment.update-interval=100 ms"
                        + " | watermarkAlignment=[g, PT1S, PT0.1S]"
            })
    void flinksWatermarkOptionsReachTheSource(String options, String inPlan) {
        String plan = optimized(explain(table("ts", options.replace("=", ",").split(","))));
        assertThat(plan).contains("clicks, watermark=[ts], ").contains(inPlan);
    }

    @Test
    void aBadEmitStrategyNamesTheKeyAndTheValidValues() {
        assertThatThrownBy(() -> explain(table("ts", "scan.watermark.emit.strategy", "sometimes")))
                .hasStackTraceContaining("scan.watermark.emit.strategy")
                .hasStackTraceContaining("on-event")
                .hasStackTraceContaining("on-periodic");
    }

    @Test
    void alignmentNeedsAGroupAndAMaxDrift() {
        assertThatThrownBy(() -> explain(table("ts", "scan.watermark.alignment.group", "g")))
                .hasRootCauseInstanceOf(ValidationException.class)
                .hasStackTraceContaining("scan.watermark.alignment.max-drift");
    }

    @Test
    void aBadIdleTimeoutNamesTheKey() {
        assertThatThrownBy(() -> explain(table("ts", "scan.watermark.idle-timeout", "soon")))
                .hasStackTraceContaining("scan.watermark.idle-timeout");
    }
}
