package dev.flinkpravega.connector.table;

import dev.flinkpravega.connector.source.PravegaSource;
import java.util.Optional;
import javax.annotation.Nullable;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.connector.ProviderContext;
import org.apache.flink.table.connector.source.DataStreamScanProvider;
import org.apache.flink.table.data.RowData;

/**
 * Puts a table's {@link PravegaSource} into the job with the table's watermark strategy. A {@code
 * SourceProvider} cannot: the planner gives its source no watermark strategy, so a pushed-down
 * {@code WATERMARK} would be lost.
 */
final class PravegaScanProvider implements DataStreamScanProvider {
    private final PravegaSource<RowData> source;
    private final WatermarkStrategy<RowData> watermarkStrategy;
    private final String name;
    @Nullable private final Integer parallelism;

    PravegaScanProvider(
            PravegaSource<RowData> source,
            WatermarkStrategy<RowData> watermarkStrategy,
            String name,
            @Nullable Integer parallelism) {
        this.source = source;
        this.watermarkStrategy = watermarkStrategy;
        this.name = name;
        this.parallelism = parallelism;
    }

    @Override
    public DataStream<RowData> produceDataStream(
            ProviderContext providerContext, StreamExecutionEnvironment env) {
        // The planner names the operator and sets its uid (and parallelism) afterwards.
        return env.fromSource(source, watermarkStrategy, name);
    }

    @Override
    public boolean isBounded() {
        return source.getBoundedness() == Boundedness.BOUNDED;
    }

    @Override
    public Optional<Integer> getParallelism() {
        return Optional.ofNullable(parallelism);
    }
}
