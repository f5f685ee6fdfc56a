package dev.flinkpravega.connector.source.enumerator;

import dev.flinkpravega.connector.config.StreamRef;
import java.util.List;
import java.util.Map;

/**
 * The start and end cuts the configured startup and bounded modes give some streams, resolved now
 * ('earliest' and 'latest' against the streams as they are). Keys are {@code scope/stream}, values
 * base64 stream cuts.
 */
interface ConfiguredCuts {

    /** A start cut for each of {@code streams}. */
    Map<String, String> startCuts(List<StreamRef> streams);

    /** An end cut for each of {@code streams}; empty when the source is unbounded. */
    Map<String, String> endCuts(List<StreamRef> streams);
}
