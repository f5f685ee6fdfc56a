package dev.flinkpravega.connector.table;

import static dev.flinkpravega.connector.table.PravegaConnectorOptions.CONTROLLER_TIMEOUT;
import static dev.flinkpravega.connector.table.PravegaConnectorOptions.CONTROLLER_URI;
import static dev.flinkpravega.connector.table.PravegaConnectorOptions.SCAN_BOUNDED_MODE;
import static dev.flinkpravega.connector.table.PravegaConnectorOptions.SCAN_BOUNDED_STREAM_CUTS;
import static dev.flinkpravega.connector.table.PravegaConnectorOptions.SCAN_CHECKPOINT_TIMEOUT;
import static dev.flinkpravega.connector.table.PravegaConnectorOptions.SCAN_EVENT_READ_TIMEOUT;
import static dev.flinkpravega.connector.table.PravegaConnectorOptions.SCAN_READER_GROUP_NAME;
import static dev.flinkpravega.connector.table.PravegaConnectorOptions.SCAN_READER_GROUP_REFRESH_INTERVAL;
import static dev.flinkpravega.connector.table.PravegaConnectorOptions.SCAN_STARTUP_MODE;
import static dev.flinkpravega.connector.table.PravegaConnectorOptions.SCAN_STARTUP_STREAM_CUTS;
import static dev.flinkpravega.connector.table.PravegaConnectorOptions.SCAN_STREAMS;
import static dev.flinkpravega.connector.table.PravegaConnectorOptions.SCOPE;
import static dev.flinkpravega.connector.table.PravegaConnectorOptions.SECURITY_AUTH_TOKEN;
import static dev.flinkpravega.connector.table.PravegaConnectorOptions.SECURITY_AUTH_TYPE;
import static dev.flinkpravega.connector.table.PravegaConnectorOptions.SECURITY_PASSWORD;
import static dev.flinkpravega.connector.table.PravegaConnectorOptions.SECURITY_TRUST_STORE;
import static dev.flinkpravega.connector.table.PravegaConnectorOptions.SECURITY_USERNAME;
import static dev.flinkpravega.connector.table.PravegaConnectorOptions.SECURITY_VALIDATE_HOSTNAME;
import static dev.flinkpravega.connector.table.PravegaConnectorOptions.SINK_BATCH_LINGER;
import static dev.flinkpravega.connector.table.PravegaConnectorOptions.SINK_BATCH_SIZE;
import static dev.flinkpravega.connector.table.PravegaConnectorOptions.SINK_DELIVERY_GUARANTEE;
import static dev.flinkpravega.connector.table.PravegaConnectorOptions.SINK_ROUTING_KEY_FIELDS;
import static dev.flinkpravega.connector.table.PravegaConnectorOptions.SINK_STREAM;
import static dev.flinkpravega.connector.table.PravegaConnectorOptions.SINK_TRANSACTION_TIMEOUT;
import static dev.flinkpravega.connector.table.PravegaConnectorOptions.STREAM_CREATE_IF_MISSING;
import static dev.flinkpravega.connector.table.PravegaConnectorOptions.STREAM_SCALING_MIN_SEGMENTS;

import dev.flinkpravega.connector.config.BoundedMode;
import dev.flinkpravega.connector.config.PravegaConfig;
import dev.flinkpravega.connector.config.PravegaCredentials;
import dev.flinkpravega.connector.config.StartupMode;
import dev.flinkpravega.connector.config.StreamCuts;
import dev.flinkpravega.connector.config.StreamRef;
import dev.flinkpravega.connector.sink.PravegaSinkBuilder;
import io.pravega.client.stream.StreamCut;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.table.api.ValidationException;

/**
 * All checks of the table options, in one place. They run when the planner creates the source or
 * sink, before any job runs and without any network call. Each failure is a {@link
 * ValidationException} that quotes the option key, says which mode needs it and lists the valid
 * values.
 */
public final class PravegaOptionsValidator {
    private static final List<String> URI_SCHEMES = Arrays.asList("tcp", "tls");

    private PravegaOptionsValidator() {}

    /** Connection settings shared by source, sink and catalog. */
    public static PravegaConfig pravegaConfig(ReadableConfig options) {
        String uriText = required(options, CONTROLLER_URI, "to reach Pravega");
        URI uri;
        try {
            uri = new URI(uriText.trim());
        } catch (Exception e) {
            throw invalid(
                    CONTROLLER_URI,
                    uriText,
                    "it is not a URI; use 'tcp://host:port' or 'tls://host:port'");
        }
        if (uri.getScheme() == null || !URI_SCHEMES.contains(uri.getScheme())) {
            throw invalid(
                    CONTROLLER_URI,
                    uriText,
                    "the scheme must be one of "
                            + quoted(URI_SCHEMES)
                            + ", as in 'tcp://host:9090'");
        }
        if (uri.getHost() == null || uri.getPort() < 0) {
            throw invalid(
                    CONTROLLER_URI, uriText, "it needs a host and a port, as in 'tcp://host:9090'");
        }
        String scope = required(options, SCOPE, "for stream names without a scope");
        checkName(SCOPE, "scope", scope);

        PravegaConfig.Builder builder =
                PravegaConfig.builder()
                        .controllerUri(uri)
                        .defaultScope(scope)
                        .controllerTimeout(positive(options, CONTROLLER_TIMEOUT))
                        .validateHostname(options.get(SECURITY_VALIDATE_HOSTNAME))
                        .credentials(credentials(options));
        options.getOptional(SECURITY_TRUST_STORE).ifPresent(builder::trustStore);
        return builder.build();
    }

    private static PravegaCredentials credentials(ReadableConfig options) {
        boolean user = options.getOptional(SECURITY_USERNAME).isPresent();
        boolean password = options.getOptional(SECURITY_PASSWORD).isPresent();
        boolean type = options.getOptional(SECURITY_AUTH_TYPE).isPresent();
        boolean token = options.getOptional(SECURITY_AUTH_TOKEN).isPresent();
        if (user != password) {
            throw new ValidationException(
                    "Options '"
                            + SECURITY_USERNAME.key()
                            + "' and '"
                            + SECURITY_PASSWORD.key()
                            + "' go together for basic authentication: give both or neither.");
        }
        if (type != token) {
            throw new ValidationException(
                    "Options '"
                            + SECURITY_AUTH_TYPE.key()
                            + "' and '"
                            + SECURITY_AUTH_TOKEN.key()
                            + "' go together for custom authentication: give both or neither.");
        }
        if (user && type) {
            throw new ValidationException(
                    "Give either basic credentials ('"
                            + SECURITY_USERNAME.key()
                            + "', '"
                            + SECURITY_PASSWORD.key()
                            + "') or custom ones ('"
                            + SECURITY_AUTH_TYPE.key()
                            + "', '"
                            + SECURITY_AUTH_TOKEN.key()
                            + "'), not both.");
        }
        if (user) {
            return PravegaCredentials.basic(
                    options.get(SECURITY_USERNAME), options.get(SECURITY_PASSWORD));
        }
        if (type) {
            return PravegaCredentials.custom(
                    options.get(SECURITY_AUTH_TYPE), options.get(SECURITY_AUTH_TOKEN));
        }
        return PravegaCredentials.none();
    }

    /** Everything the source needs besides the connection. */
    public static ScanSettings scanSettings(ReadableConfig options, PravegaConfig config) {
        List<String> names =
                options.getOptional(SCAN_STREAMS)
                        .orElseThrow(
                                () ->
                                        new ValidationException(
                                                "Option '"
                                                        + SCAN_STREAMS.key()
                                                        + "' is required to read from this table:"
                                                        + " the streams to read, ';'-separated,"
                                                        + " each 'stream' or 'scope/stream'."));
        List<StreamRef> streams = new ArrayList<>();
        for (String name : names) {
            StreamRef ref = stream(SCAN_STREAMS, name, config);
            if (streams.contains(ref)) {
                throw invalid(
                        SCAN_STREAMS,
                        String.join(";", names),
                        "stream '" + ref + "' is listed twice");
            }
            streams.add(ref);
        }
        if (streams.isEmpty()) {
            throw invalid(SCAN_STREAMS, "", "name at least one stream");
        }

        StartupMode startupMode = enumValue(options, SCAN_STARTUP_MODE, StartupMode.values());
        Map<StreamRef, String> startCuts =
                cuts(
                        options,
                        SCAN_STARTUP_STREAM_CUTS,
                        SCAN_STARTUP_MODE,
                        startupMode == StartupMode.STREAM_CUT,
                        StartupMode.STREAM_CUT.toString(),
                        streams);
        BoundedMode boundedMode = enumValue(options, SCAN_BOUNDED_MODE, BoundedMode.values());
        Map<StreamRef, String> endCuts =
                cuts(
                        options,
                        SCAN_BOUNDED_STREAM_CUTS,
                        SCAN_BOUNDED_MODE,
                        boundedMode == BoundedMode.STREAM_CUT,
                        BoundedMode.STREAM_CUT.toString(),
                        streams);
        String readerGroup = options.getOptional(SCAN_READER_GROUP_NAME).orElse(null);
        if (readerGroup != null) {
            checkName(SCAN_READER_GROUP_NAME, "reader group", readerGroup);
        }
        return new ScanSettings(
                streams,
                startupMode,
                startCuts,
                boundedMode,
                endCuts,
                readerGroup,
                positive(options, SCAN_EVENT_READ_TIMEOUT),
                positive(options, SCAN_CHECKPOINT_TIMEOUT),
                positive(options, SCAN_READER_GROUP_REFRESH_INTERVAL),
                options.get(STREAM_CREATE_IF_MISSING),
                minSegments(options));
    }

    /** Everything the sink needs besides the connection. */
    public static SinkSettings sinkSettings(
            ReadableConfig options, PravegaConfig config, List<String> physicalColumns) {
        String name =
                options.getOptional(SINK_STREAM)
                        .orElseThrow(
                                () ->
                                        new ValidationException(
                                                "Option '"
                                                        + SINK_STREAM.key()
                                                        + "' is required to write to this table:"
                                                        + " the stream to write, 'stream' or"
                                                        + " 'scope/stream'."));
        StreamRef stream = stream(SINK_STREAM, name, config);
        DeliveryGuarantee guarantee =
                enumValue(options, SINK_DELIVERY_GUARANTEE, DeliveryGuarantee.values());
        List<String> keyFields =
                options.getOptional(SINK_ROUTING_KEY_FIELDS).orElse(Collections.emptyList());
        for (String field : keyFields) {
            if (!physicalColumns.contains(field)) {
                throw invalid(
                        SINK_ROUTING_KEY_FIELDS,
                        String.join(";", keyFields),
                        "'"
                                + field
                                + "' is not a physical column; valid columns: "
                                + quoted(physicalColumns));
            }
        }
        return new SinkSettings(
                stream,
                guarantee,
                positive(options, SINK_TRANSACTION_TIMEOUT),
                keyFields,
                options.get(STREAM_CREATE_IF_MISSING),
                minSegments(options),
                batchSize(options, guarantee),
                batchLinger(options, guarantee));
    }

    private static MemorySize batchSize(ReadableConfig options, DeliveryGuarantee guarantee) {
        notWithTransactions(options, SINK_BATCH_SIZE, guarantee);
        MemorySize size;
        try {
            size = options.get(SINK_BATCH_SIZE);
        } catch (IllegalArgumentException e) {
            throw new ValidationException(
                    "Invalid value for option '"
                            + SINK_BATCH_SIZE.key()
                            + "': use a size such as '64 kb' or '1 mb'.",
                    e);
        }
        MemorySize max = PravegaSinkBuilder.MAX_BATCH_SIZE;
        if (size.getBytes() < 1 || size.getBytes() > max.getBytes()) {
            throw invalid(
                    SINK_BATCH_SIZE,
                    size.toString(),
                    "it must be between '1 b' and '8 mb', Pravega's largest write");
        }
        return size;
    }

    private static Duration batchLinger(ReadableConfig options, DeliveryGuarantee guarantee) {
        notWithTransactions(options, SINK_BATCH_LINGER, guarantee);
        Duration linger = duration(options, SINK_BATCH_LINGER);
        if (linger.isNegative()) {
            throw invalid(
                    SINK_BATCH_LINGER,
                    linger.toString(),
                    "it must not be negative; '0 ms' turns batching off");
        }
        return linger;
    }

    /** Batching options set explicitly with exactly-once would silently do nothing. */
    private static void notWithTransactions(
            ReadableConfig options, ConfigOption<?> option, DeliveryGuarantee guarantee) {
        if (guarantee == DeliveryGuarantee.EXACTLY_ONCE
                && options.getOptional(option).isPresent()) {
            throw new ValidationException(
                    "Option '"
                            + option.key()
                            + "' applies only with '"
                            + SINK_DELIVERY_GUARANTEE.key()
                            + "' = 'none' or 'at-least-once': with 'exactly-once' events go"
                            + " into a Pravega transaction one at a time. Remove the option or"
                            + " choose another delivery guarantee.");
        }
    }

    private static int minSegments(ReadableConfig options) {
        int segments = options.get(STREAM_SCALING_MIN_SEGMENTS);
        if (segments < 1) {
            throw invalid(
                    STREAM_SCALING_MIN_SEGMENTS, String.valueOf(segments), "it must be at least 1");
        }
        return segments;
    }

    private static Map<StreamRef, String> cuts(
            ReadableConfig options,
            ConfigOption<List<String>> cutsOption,
            ConfigOption<?> modeOption,
            boolean modeNeedsCuts,
            String modeValue,
            List<StreamRef> streams) {
        List<String> cuts = options.getOptional(cutsOption).orElse(null);
        if (!modeNeedsCuts) {
            if (cuts != null) {
                throw new ValidationException(
                        "Option '"
                                + cutsOption.key()
                                + "' is only used with '"
                                + modeOption.key()
                                + "' = '"
                                + modeValue
                                + "'; set that mode or remove the option.");
            }
            return Collections.emptyMap();
        }
        if (cuts == null) {
            throw new ValidationException(
                    "'"
                            + modeOption.key()
                            + "' = '"
                            + modeValue
                            + "' needs option '"
                            + cutsOption.key()
                            + "': one base64 stream cut per stream of '"
                            + SCAN_STREAMS.key()
                            + "', ';'-separated, in the same order.");
        }
        if (cuts.size() != streams.size()) {
            throw new ValidationException(
                    "Option '"
                            + cutsOption.key()
                            + "' has "
                            + cuts.size()
                            + " stream cut(s) but '"
                            + SCAN_STREAMS.key()
                            + "' names "
                            + streams.size()
                            + " stream(s); give exactly one cut per stream, in the same order.");
        }
        Map<StreamRef, String> result = new LinkedHashMap<>();
        for (int i = 0; i < cuts.size(); i++) {
            StreamCut cut;
            try {
                cut = StreamCuts.parse(cuts.get(i));
            } catch (IllegalArgumentException e) {
                throw new ValidationException(
                        "Option '"
                                + cutsOption.key()
                                + "': cut "
                                + (i + 1)
                                + " (for stream '"
                                + streams.get(i)
                                + "') is invalid: "
                                + e.getMessage()
                                + ".",
                        e);
            }
            // Pravega only rejects a cut of another stream when the job starts, without a message.
            if (cut != StreamCut.UNBOUNDED
                    && !cut.asImpl()
                            .getStream()
                            .getScopedName()
                            .equals(streams.get(i).qualifiedName())) {
                throw new ValidationException(
                        "Option '"
                                + cutsOption.key()
                                + "': cut "
                                + (i + 1)
                                + " (for stream '"
                                + streams.get(i)
                                + "') is a stream cut of stream '"
                                + cut.asImpl().getStream().getScopedName()
                                + "'; give the cuts in the order of '"
                                + SCAN_STREAMS.key()
                                + "'.");
            }
            result.put(streams.get(i), cuts.get(i).trim());
        }
        return result;
    }

    private static StreamRef stream(ConfigOption<?> option, String name, PravegaConfig config) {
        try {
            return StreamRef.parse(name, config.defaultScope());
        } catch (IllegalArgumentException e) {
            throw invalid(option, name, e.getMessage());
        }
    }

    /** Fails with the option's key when {@code name} is not a valid Pravega {@code what} name. */
    public static void checkName(ConfigOption<?> option, String what, String name) {
        try {
            StreamRef.checkName(what, name);
        } catch (IllegalArgumentException e) {
            throw invalid(option, name, e.getMessage());
        }
    }

    private static String required(
            ReadableConfig options, ConfigOption<String> option, String why) {
        return options.getOptional(option)
                .filter(v -> !v.trim().isEmpty())
                .orElseThrow(
                        () ->
                                new ValidationException(
                                        "Option '" + option.key() + "' is required " + why + "."));
    }

    /** Reads an enum option; a bad value lists the valid ones. */
    static <E extends Enum<E>> E enumValue(
            ReadableConfig options, ConfigOption<E> option, E[] values) {
        try {
            return options.get(option);
        } catch (IllegalArgumentException e) {
            throw new ValidationException(
                    "Invalid value for option '"
                            + option.key()
                            + "'. Valid values: "
                            + quoted(
                                    Arrays.stream(values)
                                            .map(Object::toString)
                                            .collect(Collectors.toList()))
                            + ".",
                    e);
        }
    }

    private static Duration positive(ReadableConfig options, ConfigOption<Duration> option) {
        Duration value = duration(options, option);
        if (value.isNegative() || value.isZero()) {
            throw invalid(option, value.toString(), "it must be a positive duration");
        }
        return value;
    }

    private static Duration duration(ReadableConfig options, ConfigOption<Duration> option) {
        try {
            return options.get(option);
        } catch (IllegalArgumentException e) {
            throw new ValidationException(
                    "Invalid value for option '"
                            + option.key()
                            + "': use a duration such as '30 s' or '500 ms'.",
                    e);
        }
    }

    private static ValidationException invalid(ConfigOption<?> option, String value, String why) {
        return new ValidationException(
                "Invalid value '" + value + "' for option '" + option.key() + "': " + why + ".");
    }

    private static String quoted(List<String> values) {
        return values.stream().map(v -> "'" + v + "'").collect(Collectors.joining(", "));
    }
}
