package dev.flinkpravega.connector.table;

import static dev.flinkpravega.connector.table.TableOptionsFixture.CUT_CLICKS_END;
import static dev.flinkpravega.connector.table.TableOptionsFixture.CUT_CLICKS_START;
import static dev.flinkpravega.connector.table.TableOptionsFixture.CUT_EVENTS_END;
import static dev.flinkpravega.connector.table.TableOptionsFixture.CUT_EVENTS_START;
import static dev.flinkpravega.connector.table.TableOptionsFixture.assertSinkFails;
import static dev.flinkpravega.connector.table.TableOptionsFixture.assertSourceFails;
import static dev.flinkpravega.connector.table.TableOptionsFixture.createSink;
import static dev.flinkpravega.connector.table.TableOptionsFixture.createSource;
import static dev.flinkpravega.connector.table.TableOptionsFixture.runtimeSink;
import static dev.flinkpravega.connector.table.TableOptionsFixture.runtimeSource;
import static dev.flinkpravega.connector.table.TableOptionsFixture.sinkOptions;
import static dev.flinkpravega.connector.table.TableOptionsFixture.sourceOptions;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flinkpravega.connector.config.BoundedMode;
import dev.flinkpravega.connector.config.StartupMode;
import dev.flinkpravega.connector.sink.PravegaSinkConfig;
import dev.flinkpravega.connector.source.PravegaSourceConfig;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.testutils.logging.LoggerAuditingExtension;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.event.Level;

/**
 * The older Pravega connector's DDL keys: each gives the same table as our key, logs one WARN that
 * names our key, and contradicts our key given with another value.
 */
class LegacyOptionsTest {

    @RegisterExtension
    final LoggerAuditingExtension log =
            new LoggerAuditingExtension(LegacyOptions.class, Level.WARN);

    /** The table of {@code old} equals the table of {@code ours}, and a WARN names our key. */
    private void sameSource(
            Consumer<Map<String, String>> old, Consumer<Map<String, String>> ours, String newKey) {
        assertThat(createSource(sourceOptions(old))).isEqualTo(createSource(sourceOptions(ours)));
        assertThat(log.getMessages()).anyMatch(m -> m.contains("'" + newKey + "'"));
    }

    private void sameSink(
            Consumer<Map<String, String>> old, Consumer<Map<String, String>> ours, String newKey) {
        assertThat(createSink(sinkOptions(old))).isEqualTo(createSink(sinkOptions(ours)));
        assertThat(log.getMessages()).anyMatch(m -> m.contains("'" + newKey + "'"));
    }

    @Nested
    class Scan {

        @Test
        void executionTypeBatchReadsToTheTailAtJobStart() {
            sameSource(
                    o -> o.put("scan.execution.type", "batch"),
                    o -> o.put("scan.bounded.mode", "latest"),
                    "scan.bounded.mode");
        }

        @Test
        void executionTypeBatchWithEndStreamCutsEndsThere() {
            PravegaSourceConfig config =
                    runtimeSource(
                                    sourceOptions(
                                            o -> {
                                                o.put("scan.execution.type", "batch");
                                                o.put("scan.end-streamcuts", CUT_EVENTS_END);
                                            }))
                            .config();
            assertThat(config.boundedMode()).isEqualTo(BoundedMode.STREAM_CUT);
            assertThat(config.endStreamCuts().values()).containsExactly(CUT_EVENTS_END);
        }

        @Test
        void executionTypeStreamingIsTheDefault() {
            assertThat(createSource(sourceOptions(o -> o.put("scan.execution.type", "streaming"))))
                    .isEqualTo(createSource(sourceOptions()));
            assertThat(log.getMessages())
                    .anyMatch(m -> m.contains("'scan.execution.type' = 'streaming'"));
        }

        @Test
        void executionTypeBatchContradictsAnUnboundedMode() {
            assertSourceFails(
                            sourceOptions(
                                    o -> {
                                        o.put("scan.execution.type", "batch");
                                        o.put("scan.bounded.mode", "unbounded");
                                    }))
                    .hasMessage(
                            "Options 'scan.execution.type' = 'batch' (of the older Pravega"
                                    + " connector) and 'scan.bounded.mode' = 'unbounded'"
                                    + " contradict each other; remove 'scan.execution.type'.");
        }

        @Test
        void executionTypeBatchAgreesWithOurBoundedMode() {
            PravegaSourceConfig config =
                    runtimeSource(
                                    sourceOptions(
                                            o -> {
                                                o.put("scan.execution.type", "batch");
                                                o.put("scan.bounded.mode", "stream-cut");
                                                o.put("scan.bounded.stream-cuts", CUT_EVENTS_END);
                                            }))
                            .config();
            assertThat(config.boundedMode()).isEqualTo(BoundedMode.STREAM_CUT);
        }

        @Test
        void badExecutionTypeListsTheValidValues() {
            assertSourceFails(sourceOptions(o -> o.put("scan.execution.type", "micro-batch")))
                    .hasMessage(
                            "Invalid value 'micro-batch' for option 'scan.execution.type' (of the"
                                    + " older Pravega connector; use 'scan.bounded.mode'). Valid"
                                    + " values: 'streaming', 'batch'.");
        }

        @Test
        void startAndEndStreamCutsImplyTheStreamCutModes() {
            sameSource(
                    o -> {
                        o.put("scan.streams", "events;other/clicks");
                        o.put("scan.start-streamcuts", CUT_EVENTS_START + ";" + CUT_CLICKS_START);
                        o.put("scan.end-streamcuts", CUT_EVENTS_END + ";" + CUT_CLICKS_END);
                    },
                    o -> {
                        o.put("scan.streams", "events;other/clicks");
                        o.put("scan.startup.mode", "stream-cut");
                        o.put(
                                "scan.startup.stream-cuts",
                                CUT_EVENTS_START + ";" + CUT_CLICKS_START);
                        o.put("scan.bounded.mode", "stream-cut");
                        o.put("scan.bounded.stream-cuts", CUT_EVENTS_END + ";" + CUT_CLICKS_END);
                    },
                    "scan.startup.stream-cuts");
            PravegaSourceConfig config =
                    runtimeSource(
                                    sourceOptions(
                                            o -> o.put("scan.start-streamcuts", CUT_EVENTS_START)))
                            .config();
            assertThat(config.startupMode()).isEqualTo(StartupMode.STREAM_CUT);
        }

        @Test
        void startStreamCutsContradictAnotherStartupMode() {
            assertSourceFails(
                            sourceOptions(
                                    o -> {
                                        o.put("scan.start-streamcuts", CUT_EVENTS_START);
                                        o.put("scan.startup.mode", "latest");
                                    }))
                    .hasMessageContaining("'scan.start-streamcuts'")
                    .hasMessageContaining("'scan.startup.mode' = 'latest'")
                    .hasMessageContaining("contradict each other");
        }

        @Test
        void badOldStreamCutIsReportedByOurCheck() {
            assertSourceFails(sourceOptions(o -> o.put("scan.start-streamcuts", "not-a-cut")))
                    .hasMessageContaining("'scan.startup.stream-cuts'")
                    .hasMessageContaining("is invalid");
        }

        @ParameterizedTest
        @CsvSource({
            "scan.reader-group.refresh.interval, scan.reader-group.refresh-interval",
            "scan.event-read.timeout.interval, scan.event-read.timeout",
            "scan.reader-group.checkpoint-initiate-timeout.interval, scan.checkpoint.timeout"
        })
        void renamedDurationsKeepTheirValue(String oldKey, String newKey) {
            sameSource(o -> o.put(oldKey, "7s"), o -> o.put(newKey, "7 s"), newKey);
        }

        @ParameterizedTest
        @CsvSource({
            "scan.reader-group.refresh.interval, scan.reader-group.refresh-interval",
            "scan.event-read.timeout.interval, scan.event-read.timeout",
            "scan.reader-group.checkpoint-initiate-timeout.interval, scan.checkpoint.timeout"
        })
        void oldAndNewKeyWithDifferentValuesFail(String oldKey, String newKey) {
            assertSourceFails(
                            sourceOptions(
                                    o -> {
                                        o.put(oldKey, "7 s");
                                        o.put(newKey, "8 s");
                                    }))
                    .hasMessage(
                            "Options '"
                                    + oldKey
                                    + "' = '7 s' (of the older Pravega connector) and '"
                                    + newKey
                                    + "' = '8 s' contradict each other; remove '"
                                    + oldKey
                                    + "'.");
        }

        @Test
        void oldAndNewKeyWithTheSameValueInAnotherSpellingAreFine() {
            PravegaSourceConfig config =
                    runtimeSource(
                                    sourceOptions(
                                            o -> {
                                                o.put("scan.event-read.timeout.interval", "2000ms");
                                                o.put("scan.event-read.timeout", "2 s");
                                            }))
                            .config();
            assertThat(config.eventReadTimeout()).isEqualTo(Duration.ofSeconds(2));
        }

        @Test
        void badOldDurationIsReportedByOurCheckUnderOurKey() {
            Throwable thrown =
                    org.assertj.core.api.Assertions.catchThrowable(
                            () ->
                                    createSource(
                                            sourceOptions(
                                                    o ->
                                                            o.put(
                                                                    "scan.event-read.timeout.interval",
                                                                    "soon"))));
            TableOptionsFixture.assertChainMentions(thrown, "scan.event-read.timeout");
        }

        @Test
        void uidIsIgnoredWithAWarning() {
            assertThat(createSource(sourceOptions(o -> o.put("scan.uid", "my-source"))))
                    .isEqualTo(createSource(sourceOptions()));
            assertThat(log.getMessages())
                    .anyMatch(m -> m.contains("'scan.uid'") && m.contains("is ignored"));
        }

        @Test
        void maxOutstandingCheckpointRequestKeepsItsOldKey() {
            assertThat(
                            runtimeSource(
                                            sourceOptions(
                                                    o ->
                                                            o.put(
                                                                    "scan.reader-group.max-outstanding-checkpoint-request",
                                                                    "3")))
                                    .config()
                                    .maxOutstandingCheckpointRequests())
                    .isEqualTo(3);
        }
    }

    @Nested
    class Sink {

        @ParameterizedTest
        @CsvSource({
            "best-effort, none",
            "at-least-once, at-least-once",
            "exactly-once, exactly-once"
        })
        void semanticBecomesTheDeliveryGuarantee(String semantic, String guarantee) {
            sameSink(
                    o -> o.put("sink.semantic", semantic),
                    o -> o.put("sink.delivery-guarantee", guarantee),
                    "sink.delivery-guarantee");
        }

        @Test
        void badSemanticListsTheValidValues() {
            assertSinkFails(sinkOptions(o -> o.put("sink.semantic", "twice")))
                    .hasMessage(
                            "Invalid value 'twice' for option 'sink.semantic' (of the older"
                                    + " Pravega connector; use 'sink.delivery-guarantee'). Valid"
                                    + " values: 'best-effort', 'at-least-once', 'exactly-once'.");
        }

        @Test
        void semanticContradictingTheDeliveryGuaranteeFails() {
            assertSinkFails(
                            sinkOptions(
                                    o -> {
                                        o.put("sink.semantic", "best-effort");
                                        o.put("sink.delivery-guarantee", "exactly-once");
                                    }))
                    .hasMessage(
                            "Options 'sink.semantic' = 'best-effort' (of the older Pravega"
                                    + " connector) and 'sink.delivery-guarantee' ="
                                    + " 'exactly-once' contradict each other; remove"
                                    + " 'sink.semantic'.");
        }

        @Test
        void routingKeyFieldNameBecomesTheRoutingKeyFields() {
            sameSink(
                    o -> o.put("sink.routing-key.field.name", "region"),
                    o -> o.put("sink.routing-key.fields", "region"),
                    "sink.routing-key.fields");
        }

        @Test
        void routingKeyFieldNameOfAMissingColumnIsReportedByOurCheck() {
            assertSinkFails(sinkOptions(o -> o.put("sink.routing-key.field.name", "currency")))
                    .hasMessageContaining("'sink.routing-key.fields'")
                    .hasMessageContaining("'currency' is not a physical column");
        }

        @Test
        void leaseRenewalIntervalIsTheTransactionLeaseWithExactlyOnce() {
            PravegaSinkConfig config =
                    runtimeSink(
                                    sinkOptions(
                                            o -> {
                                                o.put("sink.semantic", "exactly-once");
                                                o.put("sink.txn-lease-renewal.interval", "30 s");
                                            }))
                            .config();
            assertThat(config.deliveryGuarantee()).isEqualTo(DeliveryGuarantee.EXACTLY_ONCE);
            assertThat(config.transactionTimeout()).isEqualTo(Duration.ofSeconds(30));
        }

        @Test
        void leaseRenewalIntervalWithoutTransactionsIsIgnoredWithAWarning() {
            PravegaSinkConfig config =
                    runtimeSink(
                                    sinkOptions(
                                            o -> {
                                                o.put("sink.semantic", "at-least-once");
                                                o.put("sink.txn-lease-renewal.interval", "30 s");
                                            }))
                            .config();
            assertThat(config.deliveryGuarantee()).isEqualTo(DeliveryGuarantee.AT_LEAST_ONCE);
            assertThat(log.getMessages())
                    .anyMatch(
                            m ->
                                    m.contains("'sink.txn-lease-renewal.interval'")
                                            && m.contains("is ignored"));
        }

        @Test
        void leaseRenewalIntervalBelowTenSecondsIsRefusedAsOurLeaseIs() {
            assertSinkFails(
                            sinkOptions(
                                    o -> {
                                        o.put("sink.delivery-guarantee", "exactly-once");
                                        o.put("sink.txn-lease-renewal.interval", "5 s");
                                    }))
                    .hasMessageContaining("'sink.transaction-timeout'")
                    .hasMessageContaining("at least '10 s'");
        }

        @Test
        void enableWatermarkPropagationBecomesOurs() {
            sameSink(
                    o -> o.put("sink.enable.watermark-propagation", "true"),
                    o -> o.put("sink.watermark-propagation", "true"),
                    "sink.watermark-propagation");
            assertThat(
                            runtimeSink(
                                            sinkOptions(
                                                    o ->
                                                            o.put(
                                                                    "sink.enable.watermark-propagation",
                                                                    "true")))
                                    .config()
                                    .watermarkPropagation())
                    .isTrue();
        }
    }

    @Test
    void everyOldKeyLogsExactlyOneWarning() {
        createSink(
                sinkOptions(
                        o -> {
                            o.put("sink.semantic", "exactly-once");
                            o.put("sink.txn-lease-renewal.interval", "30 s");
                        }));
        assertThat(log.getMessages().stream().filter(m -> m.contains("'sink.semantic'")))
                .hasSize(1);
        assertThat(
                        log.getMessages().stream()
                                .filter(m -> m.contains("'sink.txn-lease-renewal.interval'")))
                .hasSize(1);
    }

    @Test
    void everyOldKeyIsDocumentedWithWhatItBecomes() {
        assertThat(LegacyOptions.KEYS).hasSize(11);
        assertThat(LegacyOptions.KEYS).allSatisfy(k -> assertThat(k.meaning).isNotBlank());
        assertThat(new PravegaDynamicTableFactory().optionalOptions())
                .extracting(o -> o.key())
                .contains(LegacyOptions.KEYS.stream().map(k -> k.oldKey).toArray(String[]::new));
    }
}
