package dev.flinkpravega.connector.table;

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
import io.pravega.client.segment.impl.Segment;
import io.pravega.client.stream.Stream;
import io.pravega.client.stream.impl.StreamCutImpl;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.catalog.Column;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.apache.flink.table.connector.sink.DynamicTableSink;
import org.apache.flink.table.connector.sink.SinkV2Provider;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.connector.source.ScanTableSource;
import org.apache.flink.table.connector.source.SourceProvider;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.factories.FactoryUtil;
import org.apache.flink.table.factories.TestFormatFactory;
import org.apache.flink.table.factories.TestFormatFactory.DecodingFormatMock;
import org.apache.flink.table.factories.TestFormatFactory.EncodingFormatMock;
import org.apache.flink.table.factories.utils.FactoryMocks;
import org.apache.flink.table.runtime.connector.sink.SinkRuntimeProviderContext;
import org.apache.flink.table.runtime.connector.source.ScanRuntimeProviderContext;
import org.apache.flink.table.types.DataType;
import org.apache.flink.util.ExceptionUtils;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Validation tests of {@link PravegaDynamicTableFactory} and {@link PravegaOptionsValidator}: no
 * Pravega server, no network, only the factory as the planner calls it.
 */
class PravegaDynamicTableFactoryTest {

    private static final ResolvedSchema SCHEMA =
            ResolvedSchema.of(
                    Column.physical("id", DataTypes.BIGINT()),
                    Column.physical("name", DataTypes.STRING()),
                    Column.physical("region", DataTypes.STRING()));

    /** Same physical columns plus a writable 'routing-key' metadata column. */
    private static final ResolvedSchema SCHEMA_WITH_ROUTING_KEY =
            ResolvedSchema.of(
                    Column.physical("id", DataTypes.BIGINT()),
                    Column.physical("name", DataTypes.STRING()),
                    Column.physical("region", DataTypes.STRING()),
                    Column.metadata("rk", DataTypes.STRING(), "routing-key", false));

    private static final DataType PHYSICAL = SCHEMA.toPhysicalRowDataType();

    private static final String SCOPE = "analytics";
    private static final String PASSWORD = "s3cr3t-Pa55w0rd-e1a9";
    private static final String TOKEN = "t0k3n-4f1b2c7d9e";

    private static final String CUT_EVENTS_START = cut(SCOPE, "events", 10L);
    private static final String CUT_EVENTS_END = cut(SCOPE, "events", 100L);
    private static final String CUT_CLICKS_START = cut("other", "clicks", 20L);
    private static final String CUT_CLICKS_END = cut("other", "clicks", 200L);

    private static final StreamRef EVENTS = StreamRef.of(SCOPE, "events");
    private static final StreamRef CLICKS = StreamRef.of("other", "clicks");

    // ==================================================================== helpers

    /** A valid base64 stream cut of one segment, built offline. */
    private static String cut(String scope, String stream, long offset) {
        return new StreamCutImpl(
                        Stream.of(scope, stream), Map.of(new Segment(scope, stream, 0L), offset))
                .asText();
    }

    /** The options every table needs. */
    private static Map<String, String> baseOptions() {
        Map<String, String> options = new HashMap<>();
        options.put("connector", PravegaDynamicTableFactory.IDENTIFIER);
        options.put("controller-uri", "tcp://localhost:9090");
        options.put("scope", SCOPE);
        options.put("format", TestFormatFactory.IDENTIFIER);
        options.put("test-format.delimiter", ",");
        return options;
    }

    private static Map<String, String> sourceOptions() {
        Map<String, String> options = baseOptions();
        options.put("scan.streams", "events");
        return options;
    }

    private static Map<String, String> sinkOptions() {
        Map<String, String> options = baseOptions();
        options.put("sink.stream", "results");
        return options;
    }

    private static Map<String, String> sourceOptions(Consumer<Map<String, String>> change) {
        Map<String, String> options = sourceOptions();
        change.accept(options);
        return options;
    }

    private static Map<String, String> sinkOptions(Consumer<Map<String, String>> change) {
        Map<String, String> options = sinkOptions();
        change.accept(options);
        return options;
    }

    /** A table with every option set to a non-default value, readable and writable. */
    private static Map<String, String> fullOptions() {
        Map<String, String> options = new HashMap<>();
        options.put("connector", "pravega");
        options.put("controller-uri", "tls://controller.example.com:9443");
        options.put("scope", SCOPE);
        options.put("controller.timeout", "45 s");
        options.put("scan.streams", "events;other/clicks");
        options.put("scan.startup.mode", "stream-cut");
        options.put("scan.startup.stream-cuts", CUT_EVENTS_START + ";" + CUT_CLICKS_START);
        options.put("scan.bounded.mode", "stream-cut");
        options.put("scan.bounded.stream-cuts", CUT_EVENTS_END + ";" + CUT_CLICKS_END);
        options.put("scan.reader-group.name", "my-group.1");
        options.put("scan.reader-group.refresh-interval", "5 s");
        options.put("scan.event-read.timeout", "250 ms");
        options.put("scan.checkpoint.timeout", "7 s");
        options.put("scan.parallelism", "3");
        options.put("sink.stream", "other/results");
        options.put("sink.delivery-guarantee", "none");
        options.put("sink.routing-key.fields", "name;region");
        options.put("sink.batch.size", "1 mb");
        options.put("sink.batch.linger", "20 ms");
        options.put("sink.parallelism", "2");
        options.put("stream.create-if-missing", "true");
        options.put("stream.scaling.min-segments", "4");
        options.put("security.username", "alice");
        options.put("security.password", PASSWORD);
        options.put("security.trust-store", "/etc/pravega/ca.pem");
        options.put("security.validate-hostname", "false");
        options.put("format", "test-format");
        options.put("test-format.delimiter", "|");
        options.put("test-format.fail-on-missing", "true");
        return options;
    }

    private static PravegaDynamicSource createSource(Map<String, String> options) {
        return createSource(SCHEMA, options);
    }

    private static PravegaDynamicSource createSource(
            ResolvedSchema schema, Map<String, String> options) {
        DynamicTableSource source = FactoryMocks.createTableSource(schema, options);
        assertThat(source).isInstanceOf(PravegaDynamicSource.class);
        return (PravegaDynamicSource) source;
    }

    private static PravegaDynamicSink createSink(Map<String, String> options) {
        return createSink(SCHEMA, options);
    }

    private static PravegaDynamicSink createSink(
            ResolvedSchema schema, Map<String, String> options) {
        DynamicTableSink sink = FactoryMocks.createTableSink(schema, options);
        assertThat(sink).isInstanceOf(PravegaDynamicSink.class);
        return (PravegaDynamicSink) sink;
    }

    private static SourceProvider sourceProvider(PravegaDynamicSource source) {
        ScanTableSource.ScanRuntimeProvider provider =
                source.getScanRuntimeProvider(ScanRuntimeProviderContext.INSTANCE);
        assertThat(provider).isInstanceOf(SourceProvider.class);
        return (SourceProvider) provider;
    }

    /** The runtime source the table creates, with the settings the options gave. */
    @SuppressWarnings("unchecked")
    private static PravegaSource<RowData> runtimeSource(Map<String, String> options) {
        return (PravegaSource<RowData>) sourceProvider(createSource(options)).createSource();
    }

    private static SinkV2Provider sinkProvider(PravegaDynamicSink sink) {
        DynamicTableSink.SinkRuntimeProvider provider =
                sink.getSinkRuntimeProvider(new SinkRuntimeProviderContext(false));
        assertThat(provider).isInstanceOf(SinkV2Provider.class);
        return (SinkV2Provider) provider;
    }

    /** The runtime sink the table creates, with the settings the options gave. */
    @SuppressWarnings("unchecked")
    private static PravegaSink<RowData> runtimeSink(PravegaDynamicSink sink) {
        return (PravegaSink<RowData>) sinkProvider(sink).createSink();
    }

    private static PravegaSink<RowData> runtimeSink(Map<String, String> options) {
        return runtimeSink(createSink(options));
    }

    /**
     * Creating a source with these options fails with a {@link ValidationException}; returns an
     * assertion on the innermost {@link ValidationException} of the cause chain (Flink wraps the
     * factory's exception into "Unable to create a source for reading table ...").
     */
    private static AbstractThrowableAssert<?, ? extends Throwable> assertSourceFails(
            Map<String, String> options) {
        return assertValidationFailure(catchThrowable(() -> createSource(options)));
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> assertSinkFails(
            Map<String, String> options) {
        return assertValidationFailure(catchThrowable(() -> createSink(options)));
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> assertValidationFailure(
            Throwable thrown) {
        assertThat(thrown).isInstanceOf(ValidationException.class);
        ValidationException innermost = null;
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t instanceof ValidationException) {
                innermost = (ValidationException) t;
            }
        }
        return assertThat(innermost);
    }

    /** Every fragment appears in the message of some exception of the cause chain. */
    private static void assertChainMentions(Throwable thrown, String... fragments) {
        assertThat(thrown).isNotNull();
        for (String fragment : fragments) {
            assertThat(ExceptionUtils.findThrowableWithMessage(thrown, fragment))
                    .as("an exception in the chain mentions \"%s\"", fragment)
                    .isPresent();
        }
    }

    /** All messages of the cause chain, joined. */
    private static String allMessages(Throwable thrown) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            text.append(t).append('\n');
        }
        return text.toString();
    }

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
                        .createStreamsIfMissing(true, 4);
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
                        .createStreamIfMissing(true, 4)
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
        assertThat(sink.config().createStreamIfMissing()).isFalse();
        assertThat(sink.config().minSegments()).isEqualTo(1);
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

        // A new option must be declared by the factory and get tests here: update the count.
        assertThat(options).hasSize(28);
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

    // ==================================================================== connection options

    @Nested
    class ControllerUri {

        @ParameterizedTest
        @ValueSource(
                strings = {
                    "tcp://localhost:9090",
                    "tls://controller.example.com:9443",
                    "tcp://10.0.0.7:1",
                    "  tcp://localhost:9090  "
                })
        void validUriIsAccepted(String uri) {
            PravegaSource<RowData> source =
                    runtimeSource(sourceOptions(o -> o.put("controller-uri", uri)));

            assertThat(source.config().connection().controllerUri())
                    .isEqualTo(URI.create(uri.trim()));
            assertThat(source.config().connection().clientConfig().getControllerURI())
                    .isEqualTo(URI.create(uri.trim()));
        }

        @ParameterizedTest
        @ValueSource(strings = {"localhost:9090", "//localhost:9090", "/controller"})
        void uriWithoutSchemeIsRejected(String uri) {
            assertSourceFails(sourceOptions(o -> o.put("controller-uri", uri)))
                    .hasMessage(
                            "Invalid value '"
                                    + uri
                                    + "' for option 'controller-uri': the scheme must be one of"
                                    + " 'tcp', 'tls', as in 'tcp://host:9090'.");
        }

        @ParameterizedTest
        @ValueSource(
                strings = {
                    "http://localhost:9090",
                    "https://h:443",
                    "pravega://h:9090",
                    "TCP://h:1"
                })
        void uriWithOtherSchemeIsRejected(String uri) {
            assertSinkFails(sinkOptions(o -> o.put("controller-uri", uri)))
                    .hasMessageContaining("Invalid value '" + uri + "'")
                    .hasMessageContaining("'controller-uri'")
                    .hasMessageContaining("the scheme must be one of 'tcp', 'tls'");
        }

        @ParameterizedTest
        @ValueSource(strings = {"tcp://localhost", "tls://controller.example.com", "tcp://:9090"})
        void uriWithoutHostOrPortIsRejected(String uri) {
            assertSourceFails(sourceOptions(o -> o.put("controller-uri", uri)))
                    .hasMessage(
                            "Invalid value '"
                                    + uri
                                    + "' for option 'controller-uri': it needs a host and a port,"
                                    + " as in 'tcp://host:9090'.");
        }

        @Test
        void textThatIsNoUriIsRejected() {
            assertSourceFails(sourceOptions(o -> o.put("controller-uri", "tcp://ho st:9090")))
                    .hasMessageContaining("'controller-uri'")
                    .hasMessageContaining("it is not a URI");
        }

        @Test
        void blankUriIsRejected() {
            assertSourceFails(sourceOptions(o -> o.put("controller-uri", "  ")))
                    .hasMessage("Option 'controller-uri' is required to reach Pravega.");
        }

        @Test
        void multipleControllersAreNotSupported() {
            // Pravega's own client accepts 'tcp://h1:9090,h2:9090'; this connector does not (yet).
            assertSourceFails(sourceOptions(o -> o.put("controller-uri", "tcp://h1:9090,h2:9090")))
                    .hasMessageContaining("'controller-uri'");
        }
    }

    @Nested
    class ScopeOption {

        @Test
        void validScopeIsAccepted() {
            PravegaSource<RowData> source =
                    runtimeSource(sourceOptions(o -> o.put("scope", "Team-1.prod")));

            assertThat(source.config().connection().defaultScope()).isEqualTo("Team-1.prod");
            assertThat(source.config().streams())
                    .containsExactly(StreamRef.of("Team-1.prod", "events"));
            assertThat(source.config().readerGroupScope()).isEqualTo("Team-1.prod");
        }

        @ParameterizedTest
        @ValueSource(strings = {"my_scope", "my scope", "a/b", "scöpe"})
        void invalidScopeNameIsRejected(String scope) {
            assertSourceFails(sourceOptions(o -> o.put("scope", scope)))
                    .hasMessageContaining("Invalid value '" + scope + "' for option 'scope'")
                    .hasMessageContaining("letters, digits, '.' and '-'");
            assertSinkFails(sinkOptions(o -> o.put("scope", scope)))
                    .hasMessageContaining("for option 'scope'");
        }

        @Test
        void tooLongScopeIsRejected() {
            String scope = "s".repeat(251);

            assertSourceFails(sourceOptions(o -> o.put("scope", scope)))
                    .hasMessageContaining("for option 'scope'")
                    .hasMessageContaining("longer than 250 characters");
        }

        @Test
        void blankScopeIsRejected() {
            assertSourceFails(sourceOptions(o -> o.put("scope", "")))
                    .hasMessage("Option 'scope' is required for stream names without a scope.");
        }
    }

    @Nested
    class ControllerTimeout {

        @Test
        void validTimeoutIsAccepted() {
            PravegaSource<RowData> source =
                    runtimeSource(sourceOptions(o -> o.put("controller.timeout", "2 min")));

            assertThat(source.config().connection().controllerTimeout())
                    .isEqualTo(Duration.ofMinutes(2));
        }

        @ParameterizedTest
        @ValueSource(strings = {"0", "0 s", "0 ms"})
        void zeroTimeoutIsRejected(String value) {
            assertSourceFails(sourceOptions(o -> o.put("controller.timeout", value)))
                    .hasMessage(
                            "Invalid value 'PT0S' for option 'controller.timeout': it must be a"
                                    + " positive duration.");
            assertSinkFails(sinkOptions(o -> o.put("controller.timeout", value)))
                    .hasMessageContaining("'controller.timeout'");
        }

        @ParameterizedTest
        @ValueSource(strings = {"soon", "-5 s", "10 parsecs"})
        void unparsableTimeoutIsRejected(String value) {
            Map<String, String> options = sourceOptions(o -> o.put("controller.timeout", value));
            Throwable thrown = catchThrowable(() -> createSource(options));

            assertValidationFailure(thrown)
                    .hasMessageContaining("Invalid value for option 'controller.timeout'");
        }
    }

    // ==================================================================== source options

    @Nested
    class ScanStreams {

        @Test
        void unqualifiedAndQualifiedStreamsAreAccepted() {
            PravegaSource<RowData> source =
                    runtimeSource(
                            sourceOptions(o -> o.put("scan.streams", "events; other/clicks")));

            assertThat(source.config().streams()).containsExactly(EVENTS, CLICKS);
        }

        @Test
        void missingStreamsIsRejectedWhenReading() {
            assertSourceFails(sourceOptions(o -> o.remove("scan.streams")))
                    .hasMessage(
                            "Option 'scan.streams' is required to read from this table: the"
                                    + " streams to read, ';'-separated, each 'stream' or"
                                    + " 'scope/stream'.");
        }

        @Test
        void missingStreamsIsFineWhenOnlyWriting() {
            assertThat(createSink(sinkOptions())).isNotNull();
        }

        @ParameterizedTest
        @ValueSource(strings = {"", ";", " "})
        void emptyStreamsIsRejected(String streams) {
            assertSourceFails(sourceOptions(o -> o.put("scan.streams", streams)))
                    .hasMessageContaining("for option 'scan.streams'");
        }

        @Test
        void emptyStreamListMessage() {
            assertSourceFails(sourceOptions(o -> o.put("scan.streams", "")))
                    .hasMessage(
                            "Invalid value '' for option 'scan.streams': name at least one"
                                    + " stream.");
        }

        @Test
        void emptyEntriesAtTheEndsAreIgnored() {
            // Flink's list parsing drops empty first and last entries.
            PravegaSource<RowData> source =
                    runtimeSource(sourceOptions(o -> o.put("scan.streams", ";events;")));

            assertThat(source.config().streams()).containsExactly(EVENTS);
        }

        @ParameterizedTest
        @ValueSource(strings = {"bad_name", "events;bad name", "a/b/c", "events;;clicks", "scope/"})
        void invalidStreamNameIsRejected(String streams) {
            assertSourceFails(sourceOptions(o -> o.put("scan.streams", streams)))
                    .hasMessageContaining("for option 'scan.streams'");
        }

        @Test
        void invalidStreamNameMessageNamesTheRule() {
            assertSourceFails(sourceOptions(o -> o.put("scan.streams", "events;my_stream")))
                    .hasMessage(
                            "Invalid value 'my_stream' for option 'scan.streams': 'my_stream' is"
                                    + " not a valid Pravega stream name: use only letters, digits,"
                                    + " '.' and '-'.");
        }

        @Test
        void invalidScopePartIsRejected() {
            assertSourceFails(sourceOptions(o -> o.put("scan.streams", "my_scope/events")))
                    .hasMessageContaining("for option 'scan.streams'")
                    .hasMessageContaining("not a valid Pravega scope name");
        }

        @ParameterizedTest
        @ValueSource(strings = {"events;events", "events;analytics/events", "a/x;clicks;a/x"})
        void streamListedTwiceIsRejected(String streams) {
            assertSourceFails(sourceOptions(o -> o.put("scan.streams", streams)))
                    .hasMessageContaining("for option 'scan.streams'")
                    .hasMessageContaining("is listed twice");
        }

        @Test
        void sameStreamNameInTwoScopesIsNotADuplicate() {
            PravegaSource<RowData> source =
                    runtimeSource(sourceOptions(o -> o.put("scan.streams", "events;other/events")));

            assertThat(source.config().streams())
                    .containsExactly(EVENTS, StreamRef.of("other", "events"));
        }
    }

    @Nested
    class StartupModeOption {

        @Test
        void latestIsAccepted() {
            PravegaSource<RowData> source =
                    runtimeSource(sourceOptions(o -> o.put("scan.startup.mode", "latest")));

            assertThat(source.config().startupMode()).isEqualTo(StartupMode.LATEST);
        }

        @Test
        void earliestIsAcceptedInAnyCase() {
            PravegaSource<RowData> source =
                    runtimeSource(sourceOptions(o -> o.put("scan.startup.mode", "EARLIEST")));

            assertThat(source.config().startupMode()).isEqualTo(StartupMode.EARLIEST);
        }

        @Test
        void streamCutWithCutsIsAccepted() {
            PravegaSource<RowData> source =
                    runtimeSource(
                            sourceOptions(
                                    o -> {
                                        o.put("scan.startup.mode", "stream-cut");
                                        o.put("scan.startup.stream-cuts", CUT_EVENTS_START);
                                    }));

            assertThat(source.config().startupMode()).isEqualTo(StartupMode.STREAM_CUT);
            assertThat(source.config().startStreamCuts())
                    .containsExactly(Map.entry(EVENTS, CUT_EVENTS_START));
        }

        @ParameterizedTest
        @ValueSource(strings = {"newest", "stream_cut", "timestamp", ""})
        void invalidModeIsRejectedListingTheValidOnes(String mode) {
            Map<String, String> options = sourceOptions(o -> o.put("scan.startup.mode", mode));
            Throwable thrown = catchThrowable(() -> createSource(options));

            assertValidationFailure(thrown)
                    .hasMessageContaining("Invalid value for option 'scan.startup.mode'");
            assertChainMentions(thrown, "earliest", "latest", "stream-cut");
        }

        @Test
        void streamCutModeWithoutCutsIsRejected() {
            assertSourceFails(sourceOptions(o -> o.put("scan.startup.mode", "stream-cut")))
                    .hasMessage(
                            "'scan.startup.mode' = 'stream-cut' needs option"
                                    + " 'scan.startup.stream-cuts': one base64 stream cut per"
                                    + " stream of 'scan.streams', ';'-separated, in the same"
                                    + " order.");
        }
    }

    @Nested
    class StartupStreamCuts {

        @Test
        void oneCutPerStreamInOrderIsAccepted() {
            PravegaSource<RowData> source =
                    runtimeSource(
                            sourceOptions(
                                    o -> {
                                        o.put("scan.streams", "events;other/clicks");
                                        o.put("scan.startup.mode", "stream-cut");
                                        o.put(
                                                "scan.startup.stream-cuts",
                                                " " + CUT_EVENTS_START + " ; " + CUT_CLICKS_START);
                                    }));

            assertThat(source.config().startStreamCuts())
                    .containsExactly(
                            Map.entry(EVENTS, CUT_EVENTS_START),
                            Map.entry(CLICKS, CUT_CLICKS_START));
        }

        @ParameterizedTest
        @ValueSource(strings = {"earliest", "latest"})
        void cutsWithoutStreamCutModeAreRejected(String mode) {
            assertSourceFails(
                            sourceOptions(
                                    o -> {
                                        o.put("scan.startup.mode", mode);
                                        o.put("scan.startup.stream-cuts", CUT_EVENTS_START);
                                    }))
                    .hasMessage(
                            "Option 'scan.startup.stream-cuts' is only used with"
                                    + " 'scan.startup.mode' = 'stream-cut'; set that mode or"
                                    + " remove the option.");
        }

        @Test
        void cutsWithDefaultModeAreRejected() {
            assertSourceFails(
                            sourceOptions(o -> o.put("scan.startup.stream-cuts", CUT_EVENTS_START)))
                    .hasMessageContaining("'scan.startup.stream-cuts' is only used with");
        }

        @Test
        void fewerCutsThanStreamsAreRejected() {
            assertSourceFails(
                            sourceOptions(
                                    o -> {
                                        o.put("scan.streams", "events;other/clicks");
                                        o.put("scan.startup.mode", "stream-cut");
                                        o.put("scan.startup.stream-cuts", CUT_EVENTS_START);
                                    }))
                    .hasMessage(
                            "Option 'scan.startup.stream-cuts' has 1 stream cut(s) but"
                                    + " 'scan.streams' names 2 stream(s); give exactly one cut per"
                                    + " stream, in the same order.");
        }

        @Test
        void moreCutsThanStreamsAreRejected() {
            assertSourceFails(
                            sourceOptions(
                                    o -> {
                                        o.put("scan.startup.mode", "stream-cut");
                                        o.put(
                                                "scan.startup.stream-cuts",
                                                CUT_EVENTS_START + ";" + CUT_EVENTS_START);
                                    }))
                    .hasMessageContaining("has 2 stream cut(s) but 'scan.streams' names 1");
        }

        @ParameterizedTest
        @ValueSource(strings = {"not-base64!", "aGVsbG8gd29ybGQ=", "AAAA"})
        void invalidCutIsRejected(String cut) {
            Map<String, String> options =
                    sourceOptions(
                            o -> {
                                o.put("scan.streams", "events;other/clicks");
                                o.put("scan.startup.mode", "stream-cut");
                                o.put("scan.startup.stream-cuts", CUT_EVENTS_START + ";" + cut);
                            });

            assertSourceFails(options)
                    .hasMessageStartingWith(
                            "Option 'scan.startup.stream-cuts': cut 2 (for stream"
                                    + " 'other/clicks') is invalid: ")
                    .hasMessageContaining("is not a base64 Pravega StreamCut");
        }

        @Test
        void longInvalidCutIsAbbreviatedInTheMessage() {
            String cut = "x".repeat(500);

            assertSourceFails(
                            sourceOptions(
                                    o -> {
                                        o.put("scan.startup.mode", "stream-cut");
                                        o.put("scan.startup.stream-cuts", cut);
                                    }))
                    .hasMessageContaining("'" + "x".repeat(37) + "...'")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("x".repeat(41)));
        }

        @Test
        void cutOfAnotherStreamIsRejected() {
            // Both cuts are valid, but given in the wrong order.
            assertSourceFails(
                            sourceOptions(
                                    o -> {
                                        o.put("scan.streams", "events;other/clicks");
                                        o.put("scan.startup.mode", "stream-cut");
                                        o.put(
                                                "scan.startup.stream-cuts",
                                                CUT_CLICKS_START + ";" + CUT_EVENTS_START);
                                    }))
                    .hasMessage(
                            "Option 'scan.startup.stream-cuts': cut 1 (for stream"
                                    + " 'analytics/events') is a stream cut of stream"
                                    + " 'other/clicks'; give the cuts in the order of"
                                    + " 'scan.streams'.");
        }
    }

    @Nested
    class BoundedModeOption {

        @Test
        void latestIsAcceptedAndMakesTheSourceBounded() {
            Map<String, String> options = sourceOptions(o -> o.put("scan.bounded.mode", "latest"));
            SourceProvider provider = sourceProvider(createSource(options));
            PravegaSource<?> source = (PravegaSource<?>) provider.createSource();

            assertThat(source.config().boundedMode()).isEqualTo(BoundedMode.LATEST);
            assertThat(source.getBoundedness()).isEqualTo(Boundedness.BOUNDED);
            assertThat(provider.isBounded()).isTrue();
        }

        @Test
        void unboundedIsAccepted() {
            Map<String, String> options =
                    sourceOptions(o -> o.put("scan.bounded.mode", "unbounded"));
            SourceProvider provider = sourceProvider(createSource(options));

            assertThat(((PravegaSource<?>) provider.createSource()).config().boundedMode())
                    .isEqualTo(BoundedMode.UNBOUNDED);
            assertThat(provider.isBounded()).isFalse();
        }

        @Test
        void streamCutWithCutsIsAccepted() {
            PravegaSource<RowData> source =
                    runtimeSource(
                            sourceOptions(
                                    o -> {
                                        o.put("scan.bounded.mode", "stream-cut");
                                        o.put("scan.bounded.stream-cuts", CUT_EVENTS_END);
                                    }));

            assertThat(source.config().boundedMode()).isEqualTo(BoundedMode.STREAM_CUT);
            assertThat(source.config().endStreamCuts())
                    .containsExactly(Map.entry(EVENTS, CUT_EVENTS_END));
            assertThat(source.getBoundedness()).isEqualTo(Boundedness.BOUNDED);
        }

        @ParameterizedTest
        @ValueSource(strings = {"forever", "earliest", "bounded"})
        void invalidModeIsRejectedListingTheValidOnes(String mode) {
            Map<String, String> options = sourceOptions(o -> o.put("scan.bounded.mode", mode));
            Throwable thrown = catchThrowable(() -> createSource(options));

            assertValidationFailure(thrown)
                    .hasMessageContaining("Invalid value for option 'scan.bounded.mode'");
            assertChainMentions(thrown, "unbounded", "latest", "stream-cut");
        }

        @Test
        void streamCutModeWithoutCutsIsRejected() {
            assertSourceFails(sourceOptions(o -> o.put("scan.bounded.mode", "stream-cut")))
                    .hasMessageContaining("'scan.bounded.mode' = 'stream-cut' needs option")
                    .hasMessageContaining("'scan.bounded.stream-cuts'");
        }
    }

    @Nested
    class BoundedStreamCuts {

        @Test
        void oneCutPerStreamInOrderIsAccepted() {
            PravegaSource<RowData> source =
                    runtimeSource(
                            sourceOptions(
                                    o -> {
                                        o.put("scan.streams", "other/clicks;events");
                                        o.put("scan.bounded.mode", "stream-cut");
                                        o.put(
                                                "scan.bounded.stream-cuts",
                                                CUT_CLICKS_END + ";" + CUT_EVENTS_END);
                                    }));

            assertThat(source.config().endStreamCuts())
                    .containsExactly(
                            Map.entry(CLICKS, CUT_CLICKS_END), Map.entry(EVENTS, CUT_EVENTS_END));
        }

        @ParameterizedTest
        @ValueSource(strings = {"unbounded", "latest"})
        void cutsWithoutStreamCutModeAreRejected(String mode) {
            assertSourceFails(
                            sourceOptions(
                                    o -> {
                                        o.put("scan.bounded.mode", mode);
                                        o.put("scan.bounded.stream-cuts", CUT_EVENTS_END);
                                    }))
                    .hasMessage(
                            "Option 'scan.bounded.stream-cuts' is only used with"
                                    + " 'scan.bounded.mode' = 'stream-cut'; set that mode or"
                                    + " remove the option.");
        }

        @Test
        void cutCountMustMatchStreamCount() {
            assertSourceFails(
                            sourceOptions(
                                    o -> {
                                        o.put("scan.streams", "events;other/clicks");
                                        o.put("scan.bounded.mode", "stream-cut");
                                        o.put("scan.bounded.stream-cuts", CUT_EVENTS_END);
                                    }))
                    .hasMessageContaining("Option 'scan.bounded.stream-cuts' has 1 stream cut(s)")
                    .hasMessageContaining("'scan.streams' names 2 stream(s)");
        }

        @Test
        void invalidCutIsRejected() {
            assertSourceFails(
                            sourceOptions(
                                    o -> {
                                        o.put("scan.bounded.mode", "stream-cut");
                                        o.put("scan.bounded.stream-cuts", "garbage");
                                    }))
                    .hasMessageContaining(
                            "Option 'scan.bounded.stream-cuts': cut 1 (for stream"
                                    + " 'analytics/events') is invalid")
                    .hasMessageContaining("'garbage' is not a base64 Pravega StreamCut");
        }

        @Test
        void cutOfAnotherStreamIsRejected() {
            assertSourceFails(
                            sourceOptions(
                                    o -> {
                                        o.put("scan.bounded.mode", "stream-cut");
                                        o.put("scan.bounded.stream-cuts", CUT_CLICKS_END);
                                    }))
                    .hasMessage(
                            "Option 'scan.bounded.stream-cuts': cut 1 (for stream"
                                    + " 'analytics/events') is a stream cut of stream"
                                    + " 'other/clicks'; give the cuts in the order of"
                                    + " 'scan.streams'.");
        }
    }

    @Nested
    class ReaderGroupName {

        @Test
        void validNameIsAccepted() {
            PravegaSource<RowData> source =
                    runtimeSource(sourceOptions(o -> o.put("scan.reader-group.name", "rg-1.a")));

            assertThat(source.config().readerGroupName()).isEqualTo("rg-1.a");
            assertThat(source.config().readerGroupScope()).isEqualTo(SCOPE);
        }

        @ParameterizedTest
        @ValueSource(strings = {"rg_1", "rg 1", "analytics/rg"})
        void invalidNameIsRejected(String name) {
            assertSourceFails(sourceOptions(o -> o.put("scan.reader-group.name", name)))
                    .hasMessage(
                            "Invalid value '"
                                    + name
                                    + "' for option 'scan.reader-group.name': '"
                                    + name
                                    + "' is not a valid Pravega reader group name: use only"
                                    + " letters, digits, '.' and '-'.");
        }

        @Test
        void emptyNameIsRejected() {
            assertSourceFails(sourceOptions(o -> o.put("scan.reader-group.name", "")))
                    .hasMessageContaining("for option 'scan.reader-group.name'")
                    .hasMessageContaining("the reader group name is empty");
        }
    }

    /** The three positive-duration options of the source. */
    @Nested
    class SourceDurations {

        @ParameterizedTest
        @ValueSource(
                strings = {
                    "scan.reader-group.refresh-interval",
                    "scan.event-read.timeout",
                    "scan.checkpoint.timeout"
                })
        void positiveDurationIsAccepted(String key) {
            PravegaSource<RowData> source =
                    runtimeSource(sourceOptions(o -> o.put(key, "1234 ms")));

            Duration actual;
            switch (key) {
                case "scan.reader-group.refresh-interval":
                    actual = source.config().readerGroupRefreshInterval();
                    break;
                case "scan.event-read.timeout":
                    actual = source.config().eventReadTimeout();
                    break;
                default:
                    actual = source.config().checkpointTimeout();
            }
            assertThat(actual).isEqualTo(Duration.ofMillis(1234));
        }

        @ParameterizedTest
        @ValueSource(
                strings = {
                    "scan.reader-group.refresh-interval",
                    "scan.event-read.timeout",
                    "scan.checkpoint.timeout"
                })
        void zeroDurationIsRejected(String key) {
            assertSourceFails(sourceOptions(o -> o.put(key, "0 s")))
                    .hasMessage(
                            "Invalid value 'PT0S' for option '"
                                    + key
                                    + "': it must be a positive duration.");
        }

        @ParameterizedTest
        @ValueSource(
                strings = {
                    "scan.reader-group.refresh-interval",
                    "scan.event-read.timeout",
                    "scan.checkpoint.timeout"
                })
        void unparsableDurationIsRejected(String key) {
            Map<String, String> options = sourceOptions(o -> o.put(key, "a while"));
            Throwable thrown = catchThrowable(() -> createSource(options));

            assertValidationFailure(thrown)
                    .hasMessageContaining("Invalid value for option '" + key + "'");
        }
    }

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

        @Test
        void unparsableSinkParallelismIsRejected() {
            Map<String, String> options = sinkOptions(o -> o.put("sink.parallelism", "1.5"));

            assertSinkFails(options)
                    .hasMessageContaining("Invalid value for option 'sink.parallelism'");
        }
    }

    // ==================================================================== sink options

    @Nested
    class SinkStream {

        @Test
        void unqualifiedStreamIsAccepted() {
            assertThat(
                            runtimeSink(sinkOptions(o -> o.put("sink.stream", " results ")))
                                    .config()
                                    .stream())
                    .isEqualTo(StreamRef.of(SCOPE, "results"));
        }

        @Test
        void qualifiedStreamIsAccepted() {
            assertThat(
                            runtimeSink(sinkOptions(o -> o.put("sink.stream", "other/results")))
                                    .config()
                                    .stream())
                    .isEqualTo(StreamRef.of("other", "results"));
        }

        @Test
        void missingStreamIsRejectedWhenWriting() {
            assertSinkFails(sinkOptions(o -> o.remove("sink.stream")))
                    .hasMessage(
                            "Option 'sink.stream' is required to write to this table: the stream"
                                    + " to write, 'stream' or 'scope/stream'.");
        }

        @Test
        void missingStreamIsFineWhenOnlyReading() {
            assertThat(createSource(sourceOptions())).isNotNull();
        }

        @ParameterizedTest
        @ValueSource(strings = {"re_sults", "a/b/c", "other/", "", "my scope/results"})
        void invalidStreamIsRejected(String stream) {
            assertSinkFails(sinkOptions(o -> o.put("sink.stream", stream)))
                    .hasMessageContaining(
                            "Invalid value '" + stream + "' for option 'sink.stream'");
        }
    }

    @Nested
    class SinkDeliveryGuarantee {

        @ParameterizedTest
        @ValueSource(strings = {"at-least-once", "none", "NONE", "exactly-once"})
        void supportedGuaranteeIsAccepted(String value) {
            PravegaSink<RowData> sink =
                    runtimeSink(sinkOptions(o -> o.put("sink.delivery-guarantee", value)));

            assertThat(sink.config().deliveryGuarantee().toString()).isEqualToIgnoringCase(value);
        }

        @Test
        void transactionTimeoutIsParsed() {
            PravegaSink<RowData> sink =
                    runtimeSink(
                            sinkOptions(
                                    o -> {
                                        o.put("sink.delivery-guarantee", "exactly-once");
                                        o.put("sink.transaction-timeout", "2 min");
                                    }));

            assertThat(sink.config().transactionTimeout())
                    .isEqualTo(java.time.Duration.ofMinutes(2));
        }

        @Test
        void transactionTimeoutDefaultsToTheControllersMaximum() {
            assertThat(runtimeSink(sinkOptions(o -> {})).config().transactionTimeout())
                    .isEqualTo(java.time.Duration.ofMillis(599_999));
        }

        @Test
        void nonPositiveTransactionTimeoutIsRejected() {
            assertSinkFails(sinkOptions(o -> o.put("sink.transaction-timeout", "0 ms")))
                    .hasMessageContaining("'sink.transaction-timeout'");
        }

        @ParameterizedTest
        @ValueSource(strings = {"sometimes", "at_least_once", "exactly_once"})
        void invalidGuaranteeIsRejectedListingTheValidOnes(String value) {
            Map<String, String> options = sinkOptions(o -> o.put("sink.delivery-guarantee", value));
            Throwable thrown = catchThrowable(() -> createSink(options));

            assertValidationFailure(thrown)
                    .hasMessageContaining("Invalid value for option 'sink.delivery-guarantee'");
            assertChainMentions(thrown, "at-least-once", "none");
        }
    }

    @Nested
    class SinkBatching {

        @Test
        void defaultsBatchUpTo64KiBFor5Ms() {
            PravegaSink<RowData> sink = runtimeSink(sinkOptions(o -> {}));

            assertThat(sink.config().batchSize()).isEqualTo(MemorySize.parse("64 kb"));
            assertThat(sink.config().batchLinger()).isEqualTo(java.time.Duration.ofMillis(5));
        }

        @ParameterizedTest
        @CsvSource({"1 b, 1", "16 kb, 16384", "8 mb, 8388608"})
        void sizeIsParsed(String value, long bytes) {
            PravegaSink<RowData> sink =
                    runtimeSink(sinkOptions(o -> o.put("sink.batch.size", value)));

            assertThat(sink.config().batchSize().getBytes()).isEqualTo(bytes);
        }

        @ParameterizedTest
        @ValueSource(strings = {"0 b", "9 mb", "1 gb"})
        void sizeOutsideOneByteTo8MiBIsRejected(String value) {
            assertSinkFails(sinkOptions(o -> o.put("sink.batch.size", value)))
                    .hasMessageContaining("for option 'sink.batch.size'")
                    .hasMessageContaining("between '1 b' and '8 mb'");
        }

        @Test
        void sizeThatIsNoSizeIsRejected() {
            Throwable thrown =
                    catchThrowable(
                            () -> createSink(sinkOptions(o -> o.put("sink.batch.size", "big"))));

            assertValidationFailure(thrown).hasMessageContaining("'sink.batch.size'");
            assertChainMentions(thrown, "big");
        }

        @ParameterizedTest
        @CsvSource({"0 ms, 0", "1 ms, 1", "2 s, 2000"})
        void lingerIsParsed(String value, long millis) {
            PravegaSink<RowData> sink =
                    runtimeSink(sinkOptions(o -> o.put("sink.batch.linger", value)));

            assertThat(sink.config().batchLinger()).isEqualTo(java.time.Duration.ofMillis(millis));
        }

        @ParameterizedTest
        @ValueSource(strings = {"-1 ms", "soon"})
        void negativeOrUnreadableLingerIsRejected(String value) {
            assertSinkFails(sinkOptions(o -> o.put("sink.batch.linger", value)))
                    .hasMessageContaining("'sink.batch.linger'");
        }

        @ParameterizedTest
        @ValueSource(strings = {"sink.batch.size", "sink.batch.linger"})
        void batchingWithExactlyOnceIsRejected(String key) {
            assertSinkFails(
                            sinkOptions(
                                    o -> {
                                        o.put("sink.delivery-guarantee", "exactly-once");
                                        o.put(key, key.endsWith("size") ? "1 mb" : "10 ms");
                                    }))
                    .hasMessageContaining("Option '" + key + "' applies only with")
                    .hasMessageContaining("'none' or 'at-least-once'");
        }

        @Test
        void exactlyOnceWithoutBatchingOptionsIsAccepted() {
            PravegaSink<RowData> sink =
                    runtimeSink(sinkOptions(o -> o.put("sink.delivery-guarantee", "exactly-once")));

            assertThat(sink.config().deliveryGuarantee()).isEqualTo(DeliveryGuarantee.EXACTLY_ONCE);
        }
    }

    @Nested
    class RoutingKey {

        @Test
        void physicalColumnsAreAccepted() {
            PravegaDynamicSink sink =
                    createSink(sinkOptions(o -> o.put("sink.routing-key.fields", "region;id")));

            assertThat(sink)
                    .isEqualTo(
                            new PravegaDynamicSink(
                                    PravegaSinkConfig.builder()
                                            .connection(
                                                    PravegaConfig.builder()
                                                            .controllerUri("tcp://localhost:9090")
                                                            .defaultScope(SCOPE)
                                                            .build())
                                            .stream(StreamRef.of(SCOPE, "results"))
                                            .batching(
                                                    MemorySize.parse("64 kb"), Duration.ofMillis(5))
                                            .build(),
                                    List.of("region", "id"),
                                    new EncodingFormatMock(","),
                                    PHYSICAL,
                                    null));
            assertThat(runtimeSink(sink).eventRouter()).isNotNull();
        }

        @Test
        void unknownColumnIsRejected() {
            assertSinkFails(sinkOptions(o -> o.put("sink.routing-key.fields", "region;country")))
                    .hasMessage(
                            "Invalid value 'region;country' for option 'sink.routing-key.fields':"
                                    + " 'country' is not a physical column; valid columns: 'id',"
                                    + " 'name', 'region'.");
        }

        @Test
        void columnNamesAreCaseSensitive() {
            assertSinkFails(sinkOptions(o -> o.put("sink.routing-key.fields", "Region")))
                    .hasMessageContaining("'Region' is not a physical column");
        }

        @Test
        void metadataColumnIsNotAPhysicalColumn() {
            Map<String, String> options = sinkOptions(o -> o.put("sink.routing-key.fields", "rk"));

            assertValidationFailure(
                            catchThrowable(() -> createSink(SCHEMA_WITH_ROUTING_KEY, options)))
                    .hasMessageContaining("'rk' is not a physical column");
        }

        @Test
        void routingKeyMetadataColumnAloneIsAccepted() {
            PravegaDynamicSink sink = createSink(SCHEMA_WITH_ROUTING_KEY, sinkOptions());

            assertThat(sink.listWritableMetadata()).containsOnlyKeys("routing-key");
            sink.applyWritableMetadata(
                    List.of("routing-key"), SCHEMA_WITH_ROUTING_KEY.toSinkRowDataType());
            assertThat(runtimeSink(sink).eventRouter()).isNotNull();
        }

        @Test
        void routingKeyMetadataColumnTogetherWithFieldsIsRejected() {
            PravegaDynamicSink sink =
                    createSink(
                            SCHEMA_WITH_ROUTING_KEY,
                            sinkOptions(o -> o.put("sink.routing-key.fields", "name")));

            Throwable thrown =
                    catchThrowable(
                            () ->
                                    sink.applyWritableMetadata(
                                            List.of("routing-key"),
                                            SCHEMA_WITH_ROUTING_KEY.toSinkRowDataType()));

            assertThat(thrown)
                    .isInstanceOf(ValidationException.class)
                    .hasMessage(
                            "The table has a 'routing-key' metadata column and option"
                                    + " 'sink.routing-key.fields'; use one of them to choose the"
                                    + " routing key.");
        }

        @Test
        void fieldsWithoutMetadataColumnAreAccepted() {
            PravegaDynamicSink sink =
                    createSink(sinkOptions(o -> o.put("sink.routing-key.fields", "name")));

            sink.applyWritableMetadata(List.of(), PHYSICAL);

            assertThat(runtimeSink(sink).eventRouter()).isNotNull();
        }
    }

    // ==================================================================== stream options

    @Nested
    class StreamCreation {

        @Test
        void createIfMissingIsAcceptedForSourceAndSink() {
            PravegaSource<RowData> source =
                    runtimeSource(sourceOptions(o -> o.put("stream.create-if-missing", "true")));
            PravegaSink<RowData> sink =
                    runtimeSink(sinkOptions(o -> o.put("stream.create-if-missing", "TRUE")));

            assertThat(source.config().createStreamsIfMissing()).isTrue();
            assertThat(sink.config().createStreamIfMissing()).isTrue();
        }

        @ParameterizedTest
        @ValueSource(strings = {"yes", "1", "on?"})
        void nonBooleanCreateIfMissingIsRejected(String value) {
            Map<String, String> options =
                    sourceOptions(o -> o.put("stream.create-if-missing", value));

            assertSourceFails(options)
                    .hasMessageContaining("Invalid value for option 'stream.create-if-missing'");
        }

        @Test
        void minSegmentsIsAcceptedForSourceAndSink() {
            PravegaSource<RowData> source =
                    runtimeSource(sourceOptions(o -> o.put("stream.scaling.min-segments", "8")));
            PravegaSink<RowData> sink =
                    runtimeSink(sinkOptions(o -> o.put("stream.scaling.min-segments", "3")));

            assertThat(source.config().minSegments()).isEqualTo(8);
            assertThat(sink.config().minSegments()).isEqualTo(3);
        }

        @ParameterizedTest
        @ValueSource(strings = {"0", "-1"})
        void nonPositiveMinSegmentsIsRejected(String value) {
            String expected =
                    "Invalid value '"
                            + value
                            + "' for option 'stream.scaling.min-segments': it must be at least 1.";

            assertSourceFails(sourceOptions(o -> o.put("stream.scaling.min-segments", value)))
                    .hasMessage(expected);
            assertSinkFails(sinkOptions(o -> o.put("stream.scaling.min-segments", value)))
                    .hasMessage(expected);
        }

        @Test
        void unparsableMinSegmentsIsRejected() {
            assertSinkFails(sinkOptions(o -> o.put("stream.scaling.min-segments", "two")))
                    .hasMessageContaining("Invalid value for option 'stream.scaling.min-segments'");
        }
    }

    // ==================================================================== security options

    @Nested
    class Security {

        @Test
        void basicCredentialsAreAccepted() {
            PravegaSource<RowData> source =
                    runtimeSource(
                            sourceOptions(
                                    o -> {
                                        o.put("security.username", "alice");
                                        o.put("security.password", PASSWORD);
                                    }));

            assertThat(source.config().connection().credentials())
                    .isEqualTo(PravegaCredentials.basic("alice", PASSWORD));
            assertThat(
                            source.config()
                                    .connection()
                                    .clientConfig()
                                    .getCredentials()
                                    .getAuthenticationType())
                    .isEqualTo("Basic");
        }

        @Test
        void customCredentialsAreAccepted() {
            PravegaSink<RowData> sink =
                    runtimeSink(
                            sinkOptions(
                                    o -> {
                                        o.put("security.auth-type", "Bearer");
                                        o.put("security.auth-token", TOKEN);
                                    }));

            assertThat(sink.config().connection().credentials())
                    .isEqualTo(PravegaCredentials.custom("Bearer", TOKEN));
            assertThat(
                            sink.config()
                                    .connection()
                                    .clientConfig()
                                    .getCredentials()
                                    .getAuthenticationToken())
                    .isEqualTo(TOKEN);
        }

        @Test
        void usernameWithoutPasswordIsRejected() {
            assertSourceFails(sourceOptions(o -> o.put("security.username", "alice")))
                    .hasMessage(
                            "Options 'security.username' and 'security.password' go together for"
                                    + " basic authentication: give both or neither.");
        }

        @Test
        void passwordWithoutUsernameIsRejected() {
            Throwable thrown =
                    catchThrowable(
                            () ->
                                    createSink(
                                            sinkOptions(
                                                    o -> o.put("security.password", PASSWORD))));

            assertValidationFailure(thrown)
                    .hasMessageContaining(
                            "'security.username' and 'security.password' go together");
            assertThat(allMessages(thrown)).doesNotContain(PASSWORD);
        }

        @Test
        void authTypeWithoutTokenIsRejected() {
            assertSourceFails(sourceOptions(o -> o.put("security.auth-type", "Bearer")))
                    .hasMessage(
                            "Options 'security.auth-type' and 'security.auth-token' go together"
                                    + " for custom authentication: give both or neither.");
        }

        @Test
        void tokenWithoutAuthTypeIsRejected() {
            Throwable thrown =
                    catchThrowable(
                            () ->
                                    createSource(
                                            sourceOptions(
                                                    o -> o.put("security.auth-token", TOKEN))));

            assertValidationFailure(thrown)
                    .hasMessageContaining(
                            "'security.auth-type' and 'security.auth-token' go together");
            assertThat(allMessages(thrown)).doesNotContain(TOKEN);
        }

        @Test
        void basicAndCustomTogetherAreRejected() {
            assertSourceFails(
                            sourceOptions(
                                    o -> {
                                        o.put("security.username", "alice");
                                        o.put("security.password", PASSWORD);
                                        o.put("security.auth-type", "Bearer");
                                        o.put("security.auth-token", TOKEN);
                                    }))
                    .hasMessage(
                            "Give either basic credentials ('security.username',"
                                    + " 'security.password') or custom ones ('security.auth-type',"
                                    + " 'security.auth-token'), not both.");
        }

        @Test
        void trustStoreIsAccepted() {
            PravegaSource<RowData> source =
                    runtimeSource(
                            sourceOptions(
                                    o -> {
                                        o.put("controller-uri", "tls://controller:9443");
                                        o.put("security.trust-store", "/etc/pravega/ca.pem");
                                    }));

            assertThat(source.config().connection().trustStore()).isEqualTo("/etc/pravega/ca.pem");
            assertThat(source.config().connection().clientConfig().getTrustStore())
                    .isEqualTo("/etc/pravega/ca.pem");
        }

        @Test
        void trustStoreIsNotCheckedOffline() {
            // The file only has to exist where the job runs, so no value is rejected here; this
            // test documents that (and fails if a check is added without updating the tests).
            PravegaSource<RowData> source =
                    runtimeSource(
                            sourceOptions(o -> o.put("security.trust-store", "/no/such/file")));

            assertThat(source.config().connection().trustStore()).isEqualTo("/no/such/file");
        }

        @Test
        void validateHostnameIsAccepted() {
            PravegaSink<RowData> sink =
                    runtimeSink(sinkOptions(o -> o.put("security.validate-hostname", "false")));

            assertThat(sink.config().connection().validateHostname()).isFalse();
            assertThat(sink.config().connection().clientConfig().isValidateHostName()).isFalse();
        }

        @Test
        void nonBooleanValidateHostnameIsRejected() {
            assertSinkFails(sinkOptions(o -> o.put("security.validate-hostname", "sometimes")))
                    .hasMessageContaining("Invalid value for option 'security.validate-hostname'");
        }
    }

    // ==================================================================== secrets

    @Nested
    class Secrets {

        private Map<String, String> withPassword(Map<String, String> options) {
            options.put("security.username", "alice");
            options.put("security.password", PASSWORD);
            return options;
        }

        private Map<String, String> withToken(Map<String, String> options) {
            options.put("security.auth-type", "Bearer");
            options.put("security.auth-token", TOKEN);
            return options;
        }

        @Test
        void configAndCredentialsToStringHideThePassword() {
            PravegaConfig config =
                    runtimeSource(withPassword(sourceOptions())).config().connection();

            assertThat(config.toString()).doesNotContain(PASSWORD).contains("alice");
            assertThat(config.credentials().toString()).doesNotContain(PASSWORD);
        }

        @Test
        void configAndCredentialsToStringHideTheToken() {
            PravegaConfig config = runtimeSink(withToken(sinkOptions())).config().connection();

            assertThat(config.toString()).doesNotContain(TOKEN).contains("Bearer");
            assertThat(config.credentials().toString()).doesNotContain(TOKEN);
        }

        @Test
        void summaryStringsHideSecrets() {
            // fullOptions() has basic credentials; swap them for custom ones for the token.
            Map<String, String> tokenOptions = fullOptions();
            tokenOptions.remove("security.username");
            tokenOptions.remove("security.password");
            withToken(tokenOptions);

            assertThat(createSource(fullOptions()).asSummaryString()).doesNotContain(PASSWORD);
            assertThat(createSink(fullOptions()).asSummaryString()).doesNotContain(PASSWORD);
            assertThat(createSource(tokenOptions).asSummaryString()).doesNotContain(TOKEN);
            assertThat(createSink(tokenOptions).asSummaryString()).doesNotContain(TOKEN);
        }

        @Test
        void validationErrorsHideSecrets() {
            Map<String, String> options = withPassword(sourceOptions());
            options.put("scan.streams", "bad_name");
            Throwable withPassword = catchThrowable(() -> createSource(options));

            Map<String, String> tokenOptions = withToken(sinkOptions());
            tokenOptions.put("sink.stream", "bad_name");
            Throwable withToken = catchThrowable(() -> createSink(tokenOptions));

            // Flink lists the table's options in the error, hiding sensitive ones.
            assertThat(allMessages(withPassword))
                    .contains("'security.password'='******'")
                    .doesNotContain(PASSWORD);
            assertThat(allMessages(withToken))
                    .contains("'security.auth-token'='******'")
                    .doesNotContain(TOKEN);
        }
    }

    // ==================================================================== validator, directly

    /**
     * The validator is also public API (a catalog may call it without the factory); then its own
     * messages, not Flink's, report unparsable values.
     */
    @Nested
    class ValidatorDirectly {

        private Configuration config(Map<String, String> options) {
            return Configuration.fromMap(options);
        }

        @Test
        void enumValueListsTheValidValuesQuoted() {
            Configuration options = config(Map.of("scan.startup.mode", "newest"));

            Throwable thrown =
                    catchThrowable(
                            () ->
                                    OptionValues.enumValue(
                                            options,
                                            PravegaConnectorOptions.SCAN_STARTUP_MODE,
                                            StartupMode.values()));

            assertThat(thrown)
                    .isInstanceOf(ValidationException.class)
                    .hasMessage(
                            "Invalid value for option 'scan.startup.mode'. Valid values:"
                                    + " 'earliest', 'latest', 'stream-cut'.");
        }

        @Test
        void boundedModeMessageListsTheValidValuesQuoted() {
            Map<String, String> options = sourceOptions(o -> o.put("scan.bounded.mode", "never"));

            Throwable thrown =
                    catchThrowable(
                            () ->
                                    ScanOptionsValidator.sourceConfig(
                                            config(options),
                                            ConnectionOptionsValidator.pravegaConfig(
                                                    config(options))));

            assertThat(thrown)
                    .isInstanceOf(ValidationException.class)
                    .hasMessage(
                            "Invalid value for option 'scan.bounded.mode'. Valid values:"
                                    + " 'unbounded', 'latest', 'stream-cut'.");
        }

        @Test
        void deliveryGuaranteeMessageListsTheValidValuesQuoted() {
            Map<String, String> options =
                    sinkOptions(o -> o.put("sink.delivery-guarantee", "maybe"));

            Throwable thrown =
                    catchThrowable(
                            () ->
                                    SinkOptionsValidator.sinkConfig(
                                            config(options),
                                            ConnectionOptionsValidator.pravegaConfig(
                                                    config(options))));

            assertThat(thrown)
                    .isInstanceOf(ValidationException.class)
                    .hasMessageContaining("Invalid value for option 'sink.delivery-guarantee'")
                    .hasMessageContaining("'at-least-once'")
                    .hasMessageContaining("'none'");
        }

        @Test
        void unparsableDurationNamesTheFormat() {
            Map<String, String> options = sourceOptions(o -> o.put("controller.timeout", "soon"));

            Throwable thrown =
                    catchThrowable(() -> ConnectionOptionsValidator.pravegaConfig(config(options)));

            assertThat(thrown)
                    .isInstanceOf(ValidationException.class)
                    .hasMessage(
                            "Invalid value for option 'controller.timeout': use a duration such"
                                    + " as '30 s' or '500 ms'.");
        }

        @Test
        void missingControllerUri() {
            Map<String, String> options = sourceOptions(o -> o.remove("controller-uri"));

            assertThat(
                            catchThrowable(
                                    () ->
                                            ConnectionOptionsValidator.pravegaConfig(
                                                    config(options))))
                    .isInstanceOf(ValidationException.class)
                    .hasMessage("Option 'controller-uri' is required to reach Pravega.");
        }

        @Test
        void missingScope() {
            Map<String, String> options = sourceOptions(o -> o.remove("scope"));

            assertThat(
                            catchThrowable(
                                    () ->
                                            ConnectionOptionsValidator.pravegaConfig(
                                                    config(options))))
                    .isInstanceOf(ValidationException.class)
                    .hasMessage("Option 'scope' is required for stream names without a scope.");
        }

        @Test
        void validOptionsGiveTheSettings() {
            Map<String, String> options = fullOptions();
            PravegaConfig pravega = ConnectionOptionsValidator.pravegaConfig(config(options));

            PravegaSourceConfig scan = ScanOptionsValidator.sourceConfig(config(options), pravega);
            PravegaSinkConfig sink = SinkOptionsValidator.sinkConfig(config(options), pravega);
            List<String> routingKeyFields =
                    SinkOptionsValidator.routingKeyFields(
                            config(options), List.of("id", "name", "region"));

            assertThat(scan.streams()).containsExactly(EVENTS, CLICKS);
            assertThat(scan.startupMode()).isEqualTo(StartupMode.STREAM_CUT);
            assertThat(scan.boundedMode()).isEqualTo(BoundedMode.STREAM_CUT);
            assertThat(scan.startStreamCuts()).containsKeys(EVENTS, CLICKS);
            assertThat(scan.endStreamCuts()).containsKeys(EVENTS, CLICKS);
            assertThat(scan.readerGroupName()).isEqualTo("my-group.1");
            assertThat(scan.createStreamsIfMissing()).isTrue();
            assertThat(scan.minSegments()).isEqualTo(4);
            assertThat(sink.stream()).isEqualTo(StreamRef.of("other", "results"));
            assertThat(sink.deliveryGuarantee()).isEqualTo(DeliveryGuarantee.NONE);
            assertThat(routingKeyFields).containsExactly("name", "region");
            assertThat(sink.createStreamIfMissing()).isTrue();
            assertThat(sink.minSegments()).isEqualTo(4);
        }
    }
}
