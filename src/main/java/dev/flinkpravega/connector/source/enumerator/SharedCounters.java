package dev.flinkpravega.connector.source.enumerator;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.SimpleCounter;

/**
 * Counters of the enumerator that survive a failover. Flink keeps the coordinator's metric group
 * when it replaces the enumerator after a global failover, so the new enumerator's counter of the
 * same name collides with the old one: Flink logs a warning and keeps reporting the old object. The
 * counter is therefore one object per metric and reader group in this JVM, which every enumerator
 * of that reader group goes on counting (a job restored from a savepoint of another job that used
 * the same named group in this JVM continues its counts). Entries are never removed: an old
 * enumerator closes before its successor starts, so nothing can tell when the last one is gone;
 * that is two small counters per reader group per JVM.
 */
final class SharedCounters {
    private static final ConcurrentMap<String, Counter> COUNTERS = new ConcurrentHashMap<>();

    private SharedCounters() {}

    /** The counter {@code name} of {@code group} for {@code readerGroup}, registered there. */
    static Counter counter(MetricGroup group, String name, String readerGroup) {
        Counter counter =
                COUNTERS.computeIfAbsent(
                        group.getMetricIdentifier(name) + "/" + readerGroup,
                        k -> new SimpleCounter());
        // after a failover this collides with the same object, which stays registered
        group.counter(name, counter);
        return counter;
    }
}
