package dev.flinkpravega.connector.source.enumerator;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.junit.jupiter.api.Test;

class SharedCountersTest {

    @Test
    void theEnumeratorAfterAFailoverCountsOnInTheSameCounter() {
        MetricGroup group = UnregisteredMetricsGroup.createSplitEnumeratorMetricGroup();
        Counter first = SharedCounters.counter(group, "c", "scope/failover-group");
        first.inc();

        Counter second = SharedCounters.counter(group, "c", "scope/failover-group");

        assertThat(second).isSameAs(first);
        assertThat(second.getCount()).isEqualTo(1);
    }

    @Test
    void anotherReaderGroupCountsApart() {
        MetricGroup group = UnregisteredMetricsGroup.createSplitEnumeratorMetricGroup();

        assertThat(SharedCounters.counter(group, "c", "scope/one"))
                .isNotSameAs(SharedCounters.counter(group, "c", "scope/two"));
    }
}
