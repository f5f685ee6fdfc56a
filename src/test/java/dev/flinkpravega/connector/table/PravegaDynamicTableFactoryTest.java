package dev.flinkpravega.connector.table;

import static dev.flinkpravega.connector.table.TableOptionsFixture.CLICKS;
import static dev.flinkpravega.connector.table.TableOptionsFixture.CUT_CLICKS_END;
import static dev.flinkpravega.connector.table.TableOptionsFixture.CUT_CLICKS_START;
import static dev.flinkpravega.connector.table.TableOptionsFixture.CUT_EVENTS_END;
import static dev.flinkpravega.connector.table.TableOptionsFixture.CUT_EVENTS_START;
import static dev.flinkpravega.connector.table.TableOptionsFixture.EVENTS;
import static dev.flinkpravega.connector.table.TableOptionsFixture.FULL_POLICY;
import static dev.flinkpravega.connector.table.TableOptionsFixture.PASSWORD;
import static dev.flinkpravega.connector.table.TableOptionsFixture.PHYSICAL;
import static dev.flinkpravega.connector.table.TableOptionsFixture.SCOPE;
import static dev.flinkpravega.connector.table.TableOptionsFixture.assertChainMentions;
import static dev.flinkpravega.connector.table.TableOptionsFixture.assertSinkFails;
import static dev.flinkpravega.connector.table.TableOptionsFixture.assertSourceFails;
import static dev.flinkpravega.connector.table.TableOptionsFixture.assertValidationFailure;
import static dev.flinkpravega.connector.table.TableOptionsFixture.createSink;
import static dev.flinkpravega.connector.table.TableOptionsFixture.createSource;
import static dev.flinkpravega.connector.table.TableOptionsFixture.fullOptions;
import static dev.flinkpravega.connector.table.TableOptionsFixture.sinkOptions;
import static dev.flinkpravega.connector.table.TableOptionsFixture.sinkProvider;
import static dev.flinkpravega.connector.table.TableOptionsFixture.sourceOptions;
import static dev.flinkpravega.connector.table.TableOptionsFixture.sourceProvider;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.flinkpravega.connector.config.BoundedMode;
import dev.flinkpravega.connector.config.PravegaConfig;
import dev.flinkpravega.connector.config.PravegaCredentials;
import dev.flinkpravega.connector.config.StartupMode;
import dev.flinkpravega.connector.config.StreamRef;
import dev.flinkpravega.connector.sink.PravegaSink;
import dev.flinkpravega.connector.sink.PravegaSinkConfig;
import dev.flinkpravega.connector.source.PravegaSource;
import dev.flinkpravega.connector.source.PravegaSourceConfig;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.table.connector.sink.SinkV2Provider;
import org.apache.flink.table.connector.source.SourceProvider;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.factories.FactoryUtil;
import org.apache.flink.table.factories.TestFormatFactory.DecodingFormatMock;
import org.apache.flink.table.factories.TestFormatFactory.EncodingFormatMock;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Factory-level tests of {@link PravegaDynamicTableFactory}: every option reaching source and sink,
 * the defaults, factory metadata, Flink's own checks and the parallelism options. The options of
 * each part are tested in {@link ConnectionOptionsTest}, {@link ScanOptionsTest} and {@link
 * SinkOptionsTest}. No Pravega server, no network, only the factory as the planner calls it.
 */
class PravegaDynamicTableFactoryTest {

    // ==================================================================== happy path

    @Test
    void fullOptionsCreateTheExpectedSource() {
        PravegaDynamicSource actual = createSource(fullOptions());

        PravegaConfig expectedConfig =
                PravegaConfig.builder()
                        .controllerUri(URI.create("tls://controller.example.com:9443"))
                        .defaultScope(SCOPE)
                        .controllerTimeout(Duration.ofSeconds(45))
                        .credentials(PravegaCredentials.basic("alice", PASSWORD))
                        .trustStore("/etc/pravega/ca.pem")
                        .validateHostname(false)
                        .build();
        Map<StreamRef, String> startCuts = new LinkedHashMap<>();
        startCuts.put(EVENTS, CUT_EVENTS_START);
        startCuts.put(CLICKS, CUT_CLICKS_START);
        Map<StreamRef, String> endCuts = new LinkedHashMap<>();
        endCuts.put(EVENTS, CUT_EVENTS_END);
        endCuts.put(CLICKS, CUT_CLICKS_END);
        PravegaSourceConfig.Builder expectedBuilder =
                PravegaSourceConfig.builder().connection(expectedConfig).stream(EVENTS).stream(
                                CLICKS)
                        .startupMode(StartupMode.STREAM_CUT)
                        .boundedMode(BoundedMode.STREAM_CUT)
                        .readerGroupName("my-group.1")
                        .eventReadTimeout(Duration.ofMillis(250))
                        .checkpointTimeout(Duration.ofSeconds(7))
                        .readerGroupRefreshInterval(Duration.ofSeconds(5))
                        .createStreamsIfMissing(true, FULL_POLICY);
        startCuts.forEach(expectedBuilder::startStreamCut);
        endCuts.forEach(expectedBuilder::endStreamCut);
        PravegaSourceConfig expectedSettings = expectedBuilder.build();
        PravegaDynamicSource expected =
                new PravegaDynamicSource(
                        expectedSettings, new DecodingFormatMock("|", true), PHYSICAL, 3);

        assertThat(actual).isEqualTo(expected);
        assertThat(actual.copy()).isEqualTo(expected);
        // The equality above is not vacuous: any differing setting breaks it.
        assertThat(actual)
                .isNotEqualTo(
                        new PravegaDynamicSource(
                                expectedSettings, new DecodingFormatMock("|", true), PHYSICAL, 4));
    }

    @Test
    void fullOptionsReachTheRuntimeSource() {
        PravegaDynamicSource table = createSource(fullOptions());
        SourceProvider provider = sourceProvider(table);
        @SuppressWarnings("unchecked")
        PravegaSource<RowData> source = (PravegaSource<RowData>) provider.createSource();

        assertThat(provider.getParallelism()).contains(3);
        assertThat(provider.isBounded()).isTrue();
        assertThat(source.getBoundedness()).isEqualTo(Boundedness.BOUNDED);
        assertThat(source.config().connection().controllerUri())
                .isEqualTo(URI.create("tls://controller.example.com:9443"));
        assertThat(source.config().connection().defaultScope()).isEqualTo(SCOPE);
        assertThat(source.config().connection().controllerTimeout())
                .isEqualTo(Duration.ofSeconds(45));
        assertThat(source.config().connection().credentials())
                .isEqualTo(PravegaCredentials.basic("alice", PASSWORD));
        assertThat(source.config().connection().trustStore()).isEqualTo("/etc/pravega/ca.pem");
        assertThat(source.config().connection().validateHostname()).isFalse();
        assertThat(source.config().streams()).containsExactly(EVENTS, CLICKS);
        assertThat(source.config().startupMode()).isEqualTo(StartupMode.STREAM_CUT);
        assertThat(source.config().startStreamCuts())
                .containsEntry(EVENTS, CUT_EVENTS_START)
                .containsEntry(CLICKS, CUT_CLICKS_START)
                .hasSize(2);
        assertThat(source.config().boundedMode()).isEqualTo(BoundedMode.STREAM_CUT);
        assertThat(source.config().endStreamCuts())
                .containsEntry(EVENTS, CUT_EVENTS_END)
                .containsEntry(CLICKS, CUT_CLICKS_END)
                .hasSize(2);
        assertThat(source.config().readerGroupScope()).isEqualTo(SCOPE);
        assertThat(source.config().readerGroupName()).isEqualTo("my-group.1");
        assertThat(source.config().eventReadTimeout()).isEqualTo(Duration.ofMillis(250));
        assertThat(source.config().checkpointTimeout()).isEqualTo(Duration.ofSeconds(7));
        assertThat(source.config().readerGroupRefreshInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(source.config().createStreamsIfMissing()).isTrue();
        assertThat(source.config().minSegments()).isEqualTo(4);
    }

    @Test
    void fullOptionsCreateTheExpectedSink() {
        PravegaDynamicSink actual = createSink(fullOptions());

        PravegaConfig expectedConfig =
                PravegaConfig.builder()
                        .controllerUri("tls://controller.example.com:9443")
                        .defaultScope(SCOPE)
                        .controllerTimeout(Duration.ofSeconds(45))
                        .credentials(PravegaCredentials.basic("alice", PASSWORD))
                        .trustStore("/etc/pravega/ca.pem")
                        .validateHostname(false)
                        .build();
        PravegaSinkConfig expectedSettings =
                PravegaSinkConfig.builder().connection(expectedConfig).stream(
                                StreamRef.of("other", "results"))
                        .deliveryGuarantee(DeliveryGuarantee.NONE)
                        .transactionTimeout(Duration.ofMillis(599_999))
                        .createStreamIfMissing(true, FULL_POLICY)
                        .batching(MemorySize.parse("1 mb"), Duration.ofMillis(20))
                        .build();
        PravegaDynamicSink expected =
                new PravegaDynamicSink(
                        expectedSettings,
                        List.of("name", "region"),
                        new EncodingFormatMock("|"),
                        PHYSICAL,
                        2);

        assertThat(actual).isEqualTo(expected);
        assertThat(actual.copy()).isEqualTo(expected);
        assertThat(actual)
                .isNotEqualTo(
                        new PravegaDynamicSink(
                                expectedSettings,
                                List.of("name", "region"),
                                new EncodingFormatMock("|"),
                                PHYSICAL,
                                null));
    }

    @Test
    void fullOptionsReachTheRuntimeSink() {
        SinkV2Provider provider = sinkProvider(createSink(fullOptions()));
        @SuppressWarnings("unchecked")
        PravegaSink<RowData> sink = (PravegaSink<RowData>) provider.createSink();

        assertThat(provider.getParallelism()).contains(2);
        assertThat(sink.config().stream()).isEqualTo(StreamRef.of("other", "results"));
        assertThat(sink.config().deliveryGuarantee()).isEqualTo(DeliveryGuarantee.NONE);
        assertThat(sink.eventRouter()).isNotNull();
        assertThat(sink.config().createStreamIfMissing()).isTrue();
        assertThat(sink.config().minSegments()).isEqualTo(4);
        assertThat(sink.config().connection().credentials())
                .isEqualTo(PravegaCredentials.basic("alice", PASSWORD));
    }

    @Test
    void minimalSourceUsesTheDefaults() {
        PravegaDynamicSource table = createSource(sourceOptions());
        SourceProvider provider = sourceProvider(table);
        PravegaSource<?> source = (PravegaSource<?>) provider.createSource();

        assertThat(provider.getParallelism()).isEmpty();
        assertThat(provider.isBounded()).isFalse();
        assertThat(source.config().streams()).containsExactly(EVENTS);
        assertThat(source.config().readerGroupScope()).isEqualTo(SCOPE);
        assertThat(source.config().startupMode()).isEqualTo(StartupMode.EARLIEST);
        assertThat(source.config().boundedMode()).isEqualTo(BoundedMode.UNBOUNDED);
        assertThat(source.config().startStreamCuts()).isEmpty();
        assertThat(source.config().endStreamCuts()).isEmpty();
        // A random reader group name, new for every source.
        assertThat(source.config().readerGroupName()).startsWith("flink-");
        assertThat(
                        ((PravegaSource<?>) sourceProvider(table).createSource())
                                .config()
                                .readerGroupName())
                .isNotEqualTo(source.config().readerGroupName());
        assertThat(source.config().eventReadTimeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(source.config().checkpointTimeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(source.config().readerGroupRefreshInterval()).isEqualTo(Duration.ofSeconds(3));
        assertThat(source.config().createStreamsIfMissing()).isFalse();
        assertThat(source.config().minSegments()).isEqualTo(1);
        PravegaConfig config = source.config().connection();
        assertThat(config.controllerUri()).isEqualTo(URI.create("tcp://localhost:9090"));
        assertThat(config.defaultScope()).isEqualTo(SCOPE);
        assertThat(config.controllerTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.credentials().isNone()).isTrue();
        assertThat(config.trustStore()).isNull();
        assertThat(config.validateHostname()).isTrue();
    }

    @Test
    void minimalSinkUsesTheDefaults() {
        PravegaDynamicSink table = createSink(sinkOptions());
        SinkV2Provider provider = sinkProvider(table);
        PravegaSink<?> sink = (PravegaSink<?>) provider.createSink();

        assertThat(provider.getParallelism()).isEmpty();
        assertThat(sink.config().stream()).isEqualTo(StreamRef.of(SCOPE, "results"));
        assertThat(sink.config().deliveryGuarantee()).isEqualTo(DeliveryGuarantee.AT_LEAST_ONCE);
        assertThat(sink.eventRouter()).isNull();
        assertThat(sink.config().transactionTimeout()).isEqualTo(Duration.ofMillis(599_999));
        assertThat(sink.config().batchSize()).isEqualTo(MemorySize.parse("64 kb"));
        assertThat(sink.config().batchLinger()).isEqualTo(Duration.ofMillis(5));
        assertThat(sink.config().createStreamIfMissing()).isFalse();
        assertThat(sink.config().minSegments()).isEqualTo(1);
        PravegaConfig config = sink.config().connection();
        assertThat(config.controllerUri()).isEqualTo(URI.create("tcp://localhost:9090"));
        assertThat(config.defaultScope()).isEqualTo(SCOPE);
        assertThat(config.controllerTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.credentials().isNone()).isTrue();
        assertThat(config.trustStore()).isNull();
        assertThat(config.validateHostname()).isTrue();
    }

    @Test
    void summaryStringsNameTheStreams() {
        assertThat(createSource(fullOptions()).asSummaryString())
                .isEqualTo("Pravega([analytics/events, other/clicks])");
        assertThat(createSink(fullOptions()).asSummaryString()).isEqualTo("Pravega(other/results)");
    }

    // ==================================================================== factory metadata

    @Test
    void everyConnectorOptionIsDeclaredByTheFactory() throws Exception {
        PravegaDynamicTableFactory factory = new PravegaDynamicTableFactory();
        Set<String> declared = new HashSet<>();
        factory.requiredOptions().forEach(o -> declared.add(o.key()));
        factory.optionalOptions().forEach(o -> declared.add(o.key()));

        List<String> options = new ArrayList<>();
        for (Field field : PravegaConnectorOptions.class.getDeclaredFields()) {
            if (Modifier.isStatic(field.getModifiers())
                    && ConfigOption.class.isAssignableFrom(field.getType())) {
                options.add(((ConfigOption<?>) field.get(null)).key());
            }
        }

        // A new option must be declared by the factory and get a happy-path and a bad-value
        // test in ConnectionOptionsTest, ScanOptionsTest, SinkOptionsTest or
        // StreamPolicyOptionsTest: update the count.
        assertThat(options).hasSize(40);
        assertThat(declared).containsAll(options).contains("format");
        assertThat(factory.requiredOptions().stream().map(ConfigOption::key))
                .containsExactlyInAnyOrder("controller-uri", "scope", "format");
        assertThat(declared).containsAll(keys(factory.forwardOptions()));
    }

    private static Set<String> keys(Set<ConfigOption<?>> options) {
        return options.stream().map(ConfigOption::key).collect(Collectors.toSet());
    }

    @Test
    void factoryIsFoundThroughServiceLoading() {
        assertThat(
                        FactoryUtil.discoverFactory(
                                getClass().getClassLoader(),
                                org.apache.flink.table.factories.DynamicTableFactory.class,
                                "pravega"))
                .isInstanceOf(PravegaDynamicTableFactory.class);
    }

    // ==================================================================== Flink's own checks

    @Nested
    class GenericChecks {

        @Test
        void unknownKeyIsRejected() {
            Map<String, String> options =
                    sourceOptions(o -> o.put("scan.startup.timestamp-millis", "1"));

            Throwable thrown = catchThrowable(() -> createSource(options));

            assertValidationFailure(thrown)
                    .hasMessageContaining("Unsupported options found for 'pravega'")
                    .hasMessageContaining("scan.startup.timestamp-millis")
                    .hasMessageContaining("scan.startup.mode");
        }

        @Test
        void misspelledKeyIsRejectedForSinksToo() {
            assertSinkFails(sinkOptions(o -> o.put("sink.delivery.guarantee", "none")))
                    .hasMessageContaining("Unsupported options found for 'pravega'")
                    .hasMessageContaining("sink.delivery.guarantee");
        }

        @ParameterizedTest
        @ValueSource(strings = {"controller-uri", "scope"})
        void missingRequiredOptionIsRejected(String key) {
            Map<String, String> source = sourceOptions(o -> o.remove(key));
            Map<String, String> sink = sinkOptions(o -> o.remove(key));

            assertSourceFails(source)
                    .hasMessageContaining("One or more required options are missing")
                    .hasMessageContaining(key);
            assertSinkFails(sink)
                    .hasMessageContaining("One or more required options are missing")
                    .hasMessageContaining(key);
        }

        @Test
        void missingFormatIsRejected() {
            Throwable source =
                    catchThrowable(() -> createSource(sourceOptions(o -> o.remove("format"))));
            Throwable sink = catchThrowable(() -> createSink(sinkOptions(o -> o.remove("format"))));

            assertValidationFailure(source).hasMessageContaining("'format'");
            assertValidationFailure(sink).hasMessageContaining("'format'");
        }

        @Test
        void unknownFormatIsRejected() {
            Throwable thrown =
                    catchThrowable(
                            () -> createSource(sourceOptions(o -> o.put("format", "no-such"))));

            assertValidationFailure(thrown);
            assertChainMentions(thrown, "Could not find any factory for identifier 'no-such'");
        }

        @Test
        void formatOptionsAreValidatedByTheFormat() {
            // 'test-format.delimiter' is required by the test format, which names it without
            // its prefix.
            assertSourceFails(sourceOptions(o -> o.remove("test-format.delimiter")))
                    .hasMessageContaining("One or more required options are missing")
                    .hasMessageContaining("delimiter");
        }
    }

    // ==================================================================== parallelism

    @Nested
    class Parallelism {

        @Test
        void scanParallelismIsAccepted() {
            SourceProvider provider =
                    sourceProvider(
                            createSource(sourceOptions(o -> o.put("scan.parallelism", "5"))));

            assertThat(provider.getParallelism()).contains(5);
        }

        @Test
        void sinkParallelismIsAccepted() {
            SinkV2Provider provider =
                    sinkProvider(createSink(sinkOptions(o -> o.put("sink.parallelism", "6"))));

            assertThat(provider.getParallelism()).contains(6);
        }

        @Test
        void unparsableScanParallelismIsRejected() {
            Map<String, String> options = sourceOptions(o -> o.put("scan.parallelism", "many"));

            assertSourceFails(options)
                    .hasMessageContaining("Invalid value for option 'scan.parallelism'");
        }

        /**
         * The factory passes a non-positive parallelism on; Flink's planner refuses it when it
         * translates the plan ("... configured source parallelism: 0 should not be less than zero
         * or equal to zero"). Fails if the factory starts checking.
         */
        @ParameterizedTest
        @ValueSource(strings = {"0", "-1"})
        void nonPositiveParallelismIsLeftToThePlanner(String value) {
            SourceProvider source =
                    sourceProvider(
                            createSource(sourceOptions(o -> o.put("scan.parallelism", value))));
            SinkV2Provider sink =
                    sinkProvider(createSink(sinkOptions(o -> o.put("sink.parallelism", value))));

            assertThat(source.getParallelism()).contains(Integer.parseInt(value));
            assertThat(sink.getParallelism()).contains(Integer.parseInt(value));
        }

        @Test
        void unparsableSinkParallelismIsRejected() {
            Map<String, String> options = sinkOptions(o -> o.put("sink.parallelism", "1.5"));

            assertSinkFails(options)
                    .hasMessageContaining("Invalid value for option 'sink.parallelism'");
        }
    }
}
