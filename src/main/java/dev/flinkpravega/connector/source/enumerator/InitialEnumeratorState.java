package dev.flinkpravega.connector.source.enumerator;

import dev.flinkpravega.connector.config.BoundedMode;
import dev.flinkpravega.connector.config.PravegaAdmin;
import dev.flinkpravega.connector.config.StreamCuts;
import dev.flinkpravega.connector.config.StreamRef;
import dev.flinkpravega.connector.source.PravegaSourceConfig;
import io.pravega.client.stream.StreamCut;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The enumerator's state when a job first starts: the start and end cuts resolved once against the
 * streams, so that 'earliest' and 'latest' keep meaning the same positions after a restore. The
 * same resolution gives the streams a restored job adds ({@link RestoredEnumeratorState}) their
 * cuts, at the restore.
 */
final class InitialEnumeratorState {
    private InitialEnumeratorState() {}

    static PravegaEnumeratorState resolve(PravegaSourceConfig config, PravegaAdmin admin) {
        ConfiguredCuts cuts = configuredCuts(config, admin);
        return new PravegaEnumeratorState(
                config.readerGroupScope(),
                config.readerGroupName(),
                cuts.startCuts(config.streams()),
                cuts.endCuts(config.streams()),
                null);
    }

    /** The cuts the configured startup and bounded modes give streams, resolved when asked. */
    static ConfiguredCuts configuredCuts(PravegaSourceConfig config, PravegaAdmin admin) {
        return new ConfiguredCuts() {
            @Override
            public Map<String, String> startCuts(List<StreamRef> streams) {
                return InitialEnumeratorState.startCuts(config, admin, streams);
            }

            @Override
            public Map<String, String> endCuts(List<StreamRef> streams) {
                return InitialEnumeratorState.endCuts(config, admin, streams);
            }
        };
    }

    private static Map<String, String> startCuts(
            PravegaSourceConfig config, PravegaAdmin admin, List<StreamRef> streams) {
        switch (config.startupMode()) {
            case EARLIEST:
                return printed(admin.heads(streams));
            case LATEST:
                return printed(admin.tails(streams));
            case STREAM_CUT:
                return byQualifiedName(config.startStreamCuts(), streams);
            default:
                throw new IllegalStateException("unknown startup mode " + config.startupMode());
        }
    }

    /** Empty when unbounded. */
    private static Map<String, String> endCuts(
            PravegaSourceConfig config, PravegaAdmin admin, List<StreamRef> streams) {
        if (config.boundedMode() == BoundedMode.LATEST) {
            return printed(admin.tails(streams));
        } else if (config.boundedMode() == BoundedMode.STREAM_CUT) {
            return byQualifiedName(config.endStreamCuts(), streams);
        }
        return new LinkedHashMap<>();
    }

    private static Map<String, String> printed(Map<StreamRef, StreamCut> cuts) {
        Map<String, String> printed = new LinkedHashMap<>();
        cuts.forEach((stream, cut) -> printed.put(stream.qualifiedName(), StreamCuts.print(cut)));
        return printed;
    }

    private static Map<String, String> byQualifiedName(
            Map<StreamRef, String> cuts, List<StreamRef> streams) {
        Map<String, String> named = new LinkedHashMap<>();
        for (StreamRef stream : streams) {
            String cut = cuts.get(stream);
            if (cut != null) {
                named.put(stream.qualifiedName(), cut);
            }
        }
        return named;
    }
}
