package dev.flinkpravega.connector.table;

import dev.flinkpravega.connector.config.BoundedMode;
import dev.flinkpravega.connector.config.StartupMode;
import dev.flinkpravega.connector.config.StreamRef;
import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The validated source options of a table. */
public final class ScanSettings implements Serializable {
    private static final long serialVersionUID = 1L;

    final List<StreamRef> streams;
    final StartupMode startupMode;
    final Map<StreamRef, String> startCuts;
    final BoundedMode boundedMode;
    final Map<StreamRef, String> endCuts;
    final String readerGroupName;
    final Duration eventReadTimeout;
    final Duration checkpointTimeout;
    final Duration readerGroupRefreshInterval;
    final boolean createIfMissing;
    final int minSegments;

    ScanSettings(
            List<StreamRef> streams,
            StartupMode startupMode,
            Map<StreamRef, String> startCuts,
            BoundedMode boundedMode,
            Map<StreamRef, String> endCuts,
            String readerGroupName,
            Duration eventReadTimeout,
            Duration checkpointTimeout,
            Duration readerGroupRefreshInterval,
            boolean createIfMissing,
            int minSegments) {
        this.streams = streams;
        this.startupMode = startupMode;
        this.startCuts = startCuts;
        this.boundedMode = boundedMode;
        this.endCuts = endCuts;
        this.readerGroupName = readerGroupName;
        this.eventReadTimeout = eventReadTimeout;
        this.checkpointTimeout = checkpointTimeout;
        this.readerGroupRefreshInterval = readerGroupRefreshInterval;
        this.createIfMissing = createIfMissing;
        this.minSegments = minSegments;
    }

    public List<StreamRef> streams() {
        return streams;
    }

    public StartupMode startupMode() {
        return startupMode;
    }

    public BoundedMode boundedMode() {
        return boundedMode;
    }

    public Map<StreamRef, String> startCuts() {
        return startCuts;
    }

    public Map<StreamRef, String> endCuts() {
        return endCuts;
    }

    public String readerGroupName() {
        return readerGroupName;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ScanSettings)) {
            return false;
        }
        ScanSettings that = (ScanSettings) o;
        return createIfMissing == that.createIfMissing
                && minSegments == that.minSegments
                && streams.equals(that.streams)
                && startupMode == that.startupMode
                && startCuts.equals(that.startCuts)
                && boundedMode == that.boundedMode
                && endCuts.equals(that.endCuts)
                && Objects.equals(readerGroupName, that.readerGroupName)
                && eventReadTimeout.equals(that.eventReadTimeout)
                && checkpointTimeout.equals(that.checkpointTimeout)
                && readerGroupRefreshInterval.equals(that.readerGroupRefreshInterval);
    }

    @Override
    public int hashCode() {
        return Objects.hash(streams, startupMode, boundedMode, readerGroupName);
    }
}
