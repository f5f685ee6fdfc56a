package dev.flinkpravega.connector.table;

import static dev.flinkpravega.connector.table.OptionValues.duration;
import static dev.flinkpravega.connector.table.OptionValues.enumValue;
import static dev.flinkpravega.connector.table.OptionValues.invalid;
import static dev.flinkpravega.connector.table.OptionValues.quoted;
import static dev.flinkpravega.connector.table.OptionValues.stream;
import static dev.flinkpravega.connector.table.OptionValues.typed;
import static dev.flinkpravega.connector.table.PravegaConnectorOptions.SINK_BATCH_LINGER;
import static dev.flinkpravega.connector.table.PravegaConnectorOptions.SINK_BATCH_SIZE;
import static dev.flinkpravega.connector.table.PravegaConnectorOptions.SINK_DELIVERY_GUARANTEE;
import static dev.flinkpravega.connector.table.PravegaConnectorOptions.SINK_ON_LOST_TRANSACTION;
import static dev.flinkpravega.connector.table.PravegaConnectorOptions.SINK_PRAVEGA_METRICS;
import static dev.flinkpravega.connector.table.PravegaConnectorOptions.SINK_ROUTING_KEY_FIELDS;
import static dev.flinkpravega.connector.table.PravegaConnectorOptions.SINK_STREAM;
import static dev.flinkpravega.connector.table.PravegaConnectorOptions.SINK_TRANSACTION_TIMEOUT;
import static dev.flinkpravega.connector.table.PravegaConnectorOptions.SINK_WATERMARK_PROPAGATION;

import dev.flinkpravega.connector.config.PravegaConfig;
import dev.flinkpravega.connector.sink.OnLostTransaction;
import dev.flinkpravega.connector.sink.PravegaSinkConfig;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.table.api.ValidationException;

/**
 * Checks the sink options ({@code sink.*} and stream creation) and builds the {@link
 * PravegaSinkConfig}; without any network call, each failure a {@link ValidationException} that
 * quotes the key and lists the valid values.
 */
public final class SinkOptionsValidator {
    private SinkOptionsValidator() {}

    public static PravegaSinkConfig sinkConfig(ReadableConfig options, PravegaConfig connection) {
        String name =
                options.getOptional(SINK_STREAM)
                        .orElseThrow(
                                () ->
                                        new ValidationException(
                                                "Option '"
                                                        + SINK_STREAM.key()
                                                        + "' is required to write to this table:"
                                                        + " the stream to write, 'stream' or"
                                                        + " 'scope/stream'."));
        DeliveryGuarantee guarantee =
                enumValue(options, SINK_DELIVERY_GUARANTEE, DeliveryGuarantee.values());
        PravegaSinkConfig.Builder config =
                PravegaSinkConfig.builder().connection(connection).stream(
                                stream(SINK_STREAM, name, connection.defaultScope()))
                        .deliveryGuarantee(guarantee)
                        .transactionTimeout(transactionTimeout(options, guarantee))
                        .onLostTransaction(onLostTransaction(options, guarantee))
                        .watermarkPropagation(
                                typed(options, SINK_WATERMARK_PROPAGATION, "'true' or 'false'"))
                        .pravegaMetrics(typed(options, SINK_PRAVEGA_METRICS, "'true' or 'false'"))
                        .createStreamIfMissing(
                                StreamCreationOptions.createIfMissing(options),
                                StreamCreationOptions.requestedPolicy(options));
        MemorySize batchSize = batchSize(options, guarantee);
        Duration batchLinger = batchLinger(options, guarantee);
        if (guarantee != DeliveryGuarantee.EXACTLY_ONCE) {
            config.batching(batchSize, batchLinger);
        }
        return config.build();
    }

    /** The columns of {@code sink.routing-key.fields}, each one of {@code physicalColumns}. */
    public static List<String> routingKeyFields(
            ReadableConfig options, List<String> physicalColumns) {
        List<String> keyFields =
                options.getOptional(SINK_ROUTING_KEY_FIELDS).orElse(Collections.emptyList());
        for (String field : keyFields) {
            if (!physicalColumns.contains(field)) {
                throw invalid(
                        SINK_ROUTING_KEY_FIELDS,
                        String.join(";", keyFields),
                        "'"
                                + field
                                + "' is not a physical column; valid columns: "
                                + quoted(physicalColumns));
            }
        }
        return keyFields;
    }

    private static Duration transactionTimeout(
            ReadableConfig options, DeliveryGuarantee guarantee) {
        onlyWithTransactions(options, SINK_TRANSACTION_TIMEOUT, guarantee);
        Duration timeout = duration(options, SINK_TRANSACTION_TIMEOUT);
        if (timeout.compareTo(PravegaSinkConfig.MIN_TRANSACTION_TIMEOUT) < 0) {
            throw invalid(
                    SINK_TRANSACTION_TIMEOUT,
                    timeout.toString(),
                    "it must be at least '10 s', the shortest lease Pravega grants");
        }
        return timeout;
    }

    private static OnLostTransaction onLostTransaction(
            ReadableConfig options, DeliveryGuarantee guarantee) {
        onlyWithTransactions(options, SINK_ON_LOST_TRANSACTION, guarantee);
        return enumValue(options, SINK_ON_LOST_TRANSACTION, OnLostTransaction.values());
    }

    /** Transaction options set explicitly without exactly-once would silently do nothing. */
    private static void onlyWithTransactions(
            ReadableConfig options, ConfigOption<?> option, DeliveryGuarantee guarantee) {
        if (guarantee != DeliveryGuarantee.EXACTLY_ONCE
                && options.getOptional(option).isPresent()) {
            throw new ValidationException(
                    "Option '"
                            + option.key()
                            + "' applies only with '"
                            + SINK_DELIVERY_GUARANTEE.key()
                            + "' = 'exactly-once' (Pravega transactions), not with '"
                            + guarantee
                            + "'. Remove the option or use 'exactly-once'.");
        }
    }

    private static MemorySize batchSize(ReadableConfig options, DeliveryGuarantee guarantee) {
        notWithTransactions(options, SINK_BATCH_SIZE, guarantee);
        MemorySize size = typed(options, SINK_BATCH_SIZE, "a size such as '64 kb' or '1 mb'");
        MemorySize max = PravegaSinkConfig.MAX_BATCH_SIZE;
        if (size.getBytes() < 1 || size.getBytes() > max.getBytes()) {
            throw invalid(
                    SINK_BATCH_SIZE,
                    size.toString(),
                    "it must be between '1 b' and '8 mb', Pravega's largest write");
        }
        return size;
    }

    private static Duration batchLinger(ReadableConfig options, DeliveryGuarantee guarantee) {
        notWithTransactions(options, SINK_BATCH_LINGER, guarantee);
        Duration linger = duration(options, SINK_BATCH_LINGER);
        if (linger.isNegative()) {
            throw invalid(
                    SINK_BATCH_LINGER,
                    linger.toString(),
                    "it must not be negative; '0 ms' turns batching off");
        }
        return linger;
    }

    /** Batching options set explicitly with exactly-once would silently do nothing. */
    private static void notWithTransactions(
            ReadableConfig options, ConfigOption<?> option, DeliveryGuarantee guarantee) {
        if (guarantee == DeliveryGuarantee.EXACTLY_ONCE
                && options.getOptional(option).isPresent()) {
            throw new ValidationException(
                    "Option '"
                            + option.key()
                            + "' applies only with '"
                            + SINK_DELIVERY_GUARANTEE.key()
                            + "' = 'none' or 'at-least-once': with 'exactly-once' events go"
                            + " into a Pravega transaction one at a time. Remove the option or"
                            + " choose another delivery guarantee.");
        }
    }
}
