package dev.flinkpravega.connector.source.enumerator;

import dev.flinkpravega.connector.config.StreamRef;
import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.stream.Collectors;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;

/**
 * The enumerator's gauges of its reader group, in the sub-group {@value #GROUP}. Like {@link
 * SharedCounters}, one set per metric group and reader group in this JVM: Flink keeps the gauges of
 * the first enumerator registered across a global failover, so they read values that every later
 * enumerator of the group updates. The gauges only read fields; {@link #onlineReaders(int)} is fed
 * by the enumerator's periodic work.
 */
final class ReaderGroupGauges {
    static final String GROUP = "pravega";
    static final String READER_GROUP_NAME = "readerGroupName";
    static final String SCOPE = "scope";
    static final String STREAMS = "streams";
    static final String ONLINE_READERS = "onlineReaders";

    private static final ConcurrentMap<String, ReaderGroupGauges> SHARED =
            new ConcurrentHashMap<>();

    private final String readerGroup;
    private final String scope;
    private volatile String streams = "";

    /** -1 until the first count arrives. */
    private volatile int onlineReaders = -1;

    private ReaderGroupGauges(String scope, String name) {
        this.scope = scope;
        this.readerGroup = scope + "/" + name;
    }

    /** The gauges of reader group {@code scope/name}, registered under {@code parent}. */
    static ReaderGroupGauges register(
            MetricGroup parent, String scope, String name, Collection<StreamRef> streams) {
        MetricGroup group = parent.addGroup(GROUP);
        ReaderGroupGauges gauges =
                SHARED.computeIfAbsent(
                        group.getMetricIdentifier(READER_GROUP_NAME) + "/" + scope + "/" + name,
                        k -> new ReaderGroupGauges(scope, name));
        // a restored job may read other streams than the one that registered these
        gauges.streams =
                streams.stream().map(StreamRef::qualifiedName).collect(Collectors.joining(","));
        // after a failover these collide with the same objects, which stay registered
        group.gauge(READER_GROUP_NAME, (Gauge<String>) () -> gauges.readerGroup);
        group.gauge(SCOPE, (Gauge<String>) () -> gauges.scope);
        group.gauge(STREAMS, (Gauge<String>) () -> gauges.streams);
        group.gauge(ONLINE_READERS, (Gauge<Integer>) () -> gauges.onlineReaders);
        return gauges;
    }

    void onlineReaders(int count) {
        onlineReaders = count;
    }
}
