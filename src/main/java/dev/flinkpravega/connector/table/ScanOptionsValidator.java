package dev.flinkpravega.connector.table;

import static dev.flinkpravega.connector.table.OptionValues.checkName;
import static dev.flinkpravega.connector.table.OptionValues.enumValue;
import static dev.flinkpravega.connector.table.OptionValues.invalid;
import static dev.flinkpravega.connector.table.OptionValues.positive;
import static dev.flinkpravega.connector.table.OptionValues.stream;
import static dev.flinkpravega.connector.table.OptionValues.typed;
import static dev.flinkpravega.connector.table.PravegaConnectorOptions.SCAN_BOUNDED_MODE;
import static dev.flinkpravega.connector.table.PravegaConnectorOptions.SCAN_BOUNDED_STREAM_CUTS;
import static dev.flinkpravega.connector.table.PravegaConnectorOptions.SCAN_CHECKPOINT_TIMEOUT;
import static dev.flinkpravega.connector.table.PravegaConnectorOptions.SCAN_CHECKPOINT_TOLERABLE_TIMEOUTS;
import static dev.flinkpravega.connector.table.PravegaConnectorOptions.SCAN_EVENT_READ_TIMEOUT;
import static dev.flinkpravega.connector.table.PravegaConnectorOptions.SCAN_PRAVEGA_METRICS;
import static dev.flinkpravega.connector.table.PravegaConnectorOptions.SCAN_READER_GROUP_MAX_OUTSTANDING_CHECKPOINT_REQUEST;
import static dev.flinkpravega.connector.table.PravegaConnectorOptions.SCAN_READER_GROUP_NAME;
import static dev.flinkpravega.connector.table.PravegaConnectorOptions.SCAN_READER_GROUP_REFRESH_INTERVAL;
import static dev.flinkpravega.connector.table.PravegaConnectorOptions.SCAN_STARTUP_MODE;
import static dev.flinkpravega.connector.table.PravegaConnectorOptions.SCAN_STARTUP_STREAM_CUTS;
import static dev.flinkpravega.connector.table.PravegaConnectorOptions.SCAN_STREAMS;

import dev.flinkpravega.connector.config.BoundedMode;
import dev.flinkpravega.connector.config.PravegaConfig;
import dev.flinkpravega.connector.config.StartupMode;
import dev.flinkpravega.connector.config.StreamCuts;
import dev.flinkpravega.connector.config.StreamRef;
import dev.flinkpravega.connector.source.PravegaSourceConfig;
import io.pravega.client.stream.StreamCut;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.table.api.ValidationException;

/**
 * Checks the source options ({@code scan.*} and stream creation) and builds the {@link
 * PravegaSourceConfig}; without any network call, each failure a {@link ValidationException} that
 * quotes the key, says which mode needs it and lists the valid values.
 */
public final class ScanOptionsValidator {
    private ScanOptionsValidator() {}

    public static PravegaSourceConfig sourceConfig(
            ReadableConfig options, PravegaConfig connection) {
        List<StreamRef> streams = streams(options, connection);
        PravegaSourceConfig.Builder config = PravegaSourceConfig.builder().connection(connection);
        streams.forEach(config::stream);

        StartupMode startupMode = enumValue(options, SCAN_STARTUP_MODE, StartupMode.values());
        config.startupMode(startupMode);
        cuts(
                        options,
                        SCAN_STARTUP_STREAM_CUTS,
                        SCAN_STARTUP_MODE,
                        startupMode == StartupMode.STREAM_CUT,
                        StartupMode.STREAM_CUT.toString(),
                        streams)
                .forEach(config::startStreamCut);

        BoundedMode boundedMode = enumValue(options, SCAN_BOUNDED_MODE, BoundedMode.values());
        config.boundedMode(boundedMode);
        cuts(
                        options,
                        SCAN_BOUNDED_STREAM_CUTS,
                        SCAN_BOUNDED_MODE,
                        boundedMode == BoundedMode.STREAM_CUT,
                        BoundedMode.STREAM_CUT.toString(),
                        streams)
                .forEach(config::endStreamCut);

        options.getOptional(SCAN_READER_GROUP_NAME)
                .ifPresent(
                        name -> {
                            checkName(SCAN_READER_GROUP_NAME, "reader group", name);
                            config.readerGroupName(name);
                        });
        return config.eventReadTimeout(positive(options, SCAN_EVENT_READ_TIMEOUT))
                .checkpointTimeout(positive(options, SCAN_CHECKPOINT_TIMEOUT))
                .tolerableCheckpointTimeouts(tolerableTimeouts(options))
                .readerGroupRefreshInterval(positive(options, SCAN_READER_GROUP_REFRESH_INTERVAL))
                .maxOutstandingCheckpointRequests(maxOutstandingCheckpoints(options))
                .pravegaMetrics(typed(options, SCAN_PRAVEGA_METRICS, "'true' or 'false'"))
                .createStreamsIfMissing(
                        StreamCreationOptions.createIfMissing(options),
                        StreamCreationOptions.requestedPolicy(options))
                .build();
    }

    private static int maxOutstandingCheckpoints(ReadableConfig options) {
        ConfigOption<Integer> option = SCAN_READER_GROUP_MAX_OUTSTANDING_CHECKPOINT_REQUEST;
        int requests = typed(options, option, "a whole number, 2 or more");
        if (requests < PravegaSourceConfig.MIN_OUTSTANDING_CHECKPOINT_REQUESTS) {
            throw invalid(
                    option,
                    String.valueOf(requests),
                    "use 2 or more: a Flink checkpoint and an internal one of the source may"
                            + " overlap");
        }
        return requests;
    }

    private static int tolerableTimeouts(ReadableConfig options) {
        int timeouts =
                typed(options, SCAN_CHECKPOINT_TOLERABLE_TIMEOUTS, "a whole number, 0 or more");
        if (timeouts < 0) {
            throw invalid(
                    SCAN_CHECKPOINT_TOLERABLE_TIMEOUTS,
                    String.valueOf(timeouts),
                    "use a whole number, 0 or more");
        }
        return timeouts;
    }

    private static List<StreamRef> streams(ReadableConfig options, PravegaConfig connection) {
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
            StreamRef ref = stream(SCAN_STREAMS, name, connection.defaultScope());
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
        return streams;
    }

    /** The cuts of {@code cutsOption}, one per stream in order, checked against their mode. */
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
            checkCutOf(cutsOption, i, cuts.get(i), streams.get(i));
            result.put(streams.get(i), cuts.get(i).trim());
        }
        return result;
    }

    /** Cut {@code i} of the option must parse and belong to the i-th stream. */
    private static void checkCutOf(
            ConfigOption<List<String>> cutsOption, int i, String text, StreamRef stream) {
        StreamCut cut;
        try {
            cut = StreamCuts.parse(text);
        } catch (IllegalArgumentException e) {
            throw new ValidationException(
                    "Option '"
                            + cutsOption.key()
                            + "': cut "
                            + (i + 1)
                            + " (for stream '"
                            + stream
                            + "') is invalid: "
                            + e.getMessage()
                            + ".",
                    e);
        }
        // Pravega only rejects a cut of another stream when the job starts, without a message.
        if (cut != StreamCut.UNBOUNDED
                && !cut.asImpl().getStream().getScopedName().equals(stream.qualifiedName())) {
            throw new ValidationException(
                    "Option '"
                            + cutsOption.key()
                            + "': cut "
                            + (i + 1)
                            + " (for stream '"
                            + stream
                            + "') is a stream cut of stream '"
                            + cut.asImpl().getStream().getScopedName()
                            + "'; give the cuts in the order of '"
                            + SCAN_STREAMS.key()
                            + "'.");
        }
    }
}
