package dev.flinkpravega.connector.bench;

import dev.flinkpravega.connector.sink.PravegaSinkBase;
import java.util.Collections;
import java.util.HashSet;
import java.util.Set;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.connector.sink.DynamicTableSink;
import org.apache.flink.table.connector.sink.SinkV2Provider;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.factories.DynamicTableSinkFactory;
import org.apache.flink.table.factories.FactoryUtil;

/**
 * The benchmark's counting sink, {@code 'connector' = 'bench-count'}: counts every row on the
 * {@link Probe} named by {@code 'probe'}; with {@code 'latency-column'} (a BIGINT of {@code
 * System.nanoTime()} at creation) it logs each row's latency too. It takes {@code RowData} as the
 * planner hands it over, so it costs no conversion, unlike {@code collect()}.
 */
public final class CountingSinkFactory implements DynamicTableSinkFactory {
    static final String IDENTIFIER = "bench-count";

    static final ConfigOption<String> PROBE =
            ConfigOptions.key("probe").stringType().noDefaultValue();
    static final ConfigOption<Integer> LATENCY_COLUMN =
            ConfigOptions.key("latency-column").intType().defaultValue(-1);

    @Override
    public String factoryIdentifier() {
        return IDENTIFIER;
    }

    @Override
    public Set<ConfigOption<?>> requiredOptions() {
        return Collections.singleton(PROBE);
    }

    @Override
    public Set<ConfigOption<?>> optionalOptions() {
        return new HashSet<>(Collections.singletonList(LATENCY_COLUMN));
    }

    @Override
    public DynamicTableSink createDynamicTableSink(Context context) {
        FactoryUtil.TableFactoryHelper helper = FactoryUtil.createTableFactoryHelper(this, context);
        helper.validate();
        return new CountingTableSink(
                helper.getOptions().get(PROBE), helper.getOptions().get(LATENCY_COLUMN));
    }

    private static final class CountingTableSink implements DynamicTableSink {
        private final String probe;
        private final int latencyColumn;

        CountingTableSink(String probe, int latencyColumn) {
            this.probe = probe;
            this.latencyColumn = latencyColumn;
        }

        @Override
        public ChangelogMode getChangelogMode(ChangelogMode requestedMode) {
            return ChangelogMode.insertOnly();
        }

        @Override
        public SinkRuntimeProvider getSinkRuntimeProvider(Context context) {
            return SinkV2Provider.of(new CountingSink(probe, latencyColumn));
        }

        @Override
        public DynamicTableSink copy() {
            return new CountingTableSink(probe, latencyColumn);
        }

        @Override
        public String asSummaryString() {
            return IDENTIFIER;
        }
    }

    /** Built on the connector's own Flink-line shim: Flink 1.20 and 2.x differ in Sink. */
    private static final class CountingSink extends PravegaSinkBase<RowData> {
        private static final long serialVersionUID = 1L;
        private final String probe;
        private final int latencyColumn;

        CountingSink(String probe, int latencyColumn) {
            this.probe = probe;
            this.latencyColumn = latencyColumn;
        }

        @Override
        public SinkWriter<RowData> createWriter(WriterInitContext context) {
            return new CountingWriter(Probe.get(probe), latencyColumn);
        }
    }

    private static final class CountingWriter implements SinkWriter<RowData> {
        private final Probe probe;
        private final int latencyColumn;

        CountingWriter(Probe probe, int latencyColumn) {
            this.probe = probe;
            this.latencyColumn = latencyColumn;
        }

        @Override
        public void write(RowData row, Context context) {
            if (latencyColumn < 0) {
                probe.record();
            } else {
                probe.recordSentAt(row.getLong(latencyColumn));
            }
        }

        @Override
        public void flush(boolean endOfInput) {}

        @Override
        public void close() {}
    }
}
