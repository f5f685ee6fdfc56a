package dev.flinkpravega.connector.table;

import static dev.flinkpravega.connector.table.PravegaConnectorOptions.STREAM_CREATE_IF_MISSING;
import static dev.flinkpravega.connector.table.PravegaConnectorOptions.STREAM_SCALING_MIN_SEGMENTS;

import org.apache.flink.configuration.ReadableConfig;

/** The {@code stream.*} options, which source and sink share. */
final class StreamCreationOptions {
    private StreamCreationOptions() {}

    static boolean createIfMissing(ReadableConfig options) {
        return OptionValues.typed(options, STREAM_CREATE_IF_MISSING, "'true' or 'false'");
    }

    static int minSegments(ReadableConfig options) {
        int segments = OptionValues.typed(options, STREAM_SCALING_MIN_SEGMENTS, "a whole number");
        if (segments < 1) {
            throw OptionValues.invalid(
                    STREAM_SCALING_MIN_SEGMENTS, String.valueOf(segments), "it must be at least 1");
        }
        return segments;
    }
}
