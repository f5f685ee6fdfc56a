package dev.flinkpravega.connector.source.enumerator;

import dev.flinkpravega.connector.config.BoundedMode;
import dev.flinkpravega.connector.config.PravegaAdmin;
import dev.flinkpravega.connector.config.StreamCuts;
import dev.flinkpravega.connector.config.StreamRef;
import dev.flinkpravega.connector.source.PravegaSourceConfig;
import io.pravega.client.stream.StreamCut;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The enumerator's state when a job first starts: the start and end cuts resolved once against the
 * streams, so that 'earliest' and 'latest' keep meaning the same positions after a restore.
 */
final class InitialEnumeratorState {
    private InitialEnumeratorState() {}

    static PravegaEnumeratorState resolve(PravegaSourceConfig config, PravegaAdmin admin) {
        return new PravegaEnumeratorState(
                config.readerGroupScope(),
                config.readerGroupName(),
                startCuts(config, admin),
                endCuts(config, admin),
                null);
    }

    private static Map<String, String> startCuts(PravegaSourceConfig config, PravegaAdmin admin) {
        switch (config.startupMode()) {
            case EARLIEST:
                return printed(admin.heads(config.streams()));
            case LATEST:
                return printed(admin.tails(config.streams()));
            case STREAM_CUT:
                return byQualifiedName(config.startStreamCuts());
            default:
                throw new IllegalStateException("unknown startup mode " + config.startupMode());
        }
    }

    /** Empty when unbounded. */
    private static Map<String, String> endCuts(PravegaSourceConfig config, PravegaAdmin admin) {
        if (config.boundedMode() == BoundedMode.LATEST) {
            return printed(admin.tails(config.streams()));
        } else if (config.boundedMode() == BoundedMode.STREAM_CUT) {
            return byQualifiedName(config.endStreamCuts());
        }
        return new LinkedHashMap<>();
    }

    private static Map<String, String> printed(Map<StreamRef, StreamCut> cuts) {
        Map<String, String> printed = new LinkedHashMap<>();
        cuts.forEach((stream, cut) -> printed.put(stream.qualifiedName(), StreamCuts.print(cut)));
        return printed;
    }

    private static Map<String, String> byQualifiedName(Map<StreamRef, String> cuts) {
        Map<String, String> named = new LinkedHashMap<>();
        cuts.forEach((stream, cut) -> named.put(stream.qualifiedName(), cut));
        return named;
    }
}
