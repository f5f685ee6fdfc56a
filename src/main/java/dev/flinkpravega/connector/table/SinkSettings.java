package dev.flinkpravega.connector.table;

import dev.flinkpravega.connector.config.StreamRef;
import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.connector.base.DeliveryGuarantee;

/** The validated sink options of a table. */
public final class SinkSettings implements Serializable {
    private static final long serialVersionUID = 1L;

    final StreamRef stream;
    final DeliveryGuarantee deliveryGuarantee;
    final Duration transactionTimeout;
    final List<String> routingKeyFields;
    final boolean createIfMissing;
    final int minSegments;
    final MemorySize batchSize;
    final Duration batchLinger;

    SinkSettings(
            StreamRef stream,
            DeliveryGuarantee deliveryGuarantee,
            Duration transactionTimeout,
            List<String> routingKeyFields,
            boolean createIfMissing,
            int minSegments,
            MemorySize batchSize,
            Duration batchLinger) {
        this.stream = stream;
        this.deliveryGuarantee = deliveryGuarantee;
        this.transactionTimeout = transactionTimeout;
        this.routingKeyFields = routingKeyFields;
        this.createIfMissing = createIfMissing;
        this.minSegments = minSegments;
        this.batchSize = batchSize;
        this.batchLinger = batchLinger;
    }

    public StreamRef stream() {
        return stream;
    }

    public DeliveryGuarantee deliveryGuarantee() {
        return deliveryGuarantee;
    }

    public Duration transactionTimeout() {
        return transactionTimeout;
    }

    public List<String> routingKeyFields() {
        return routingKeyFields;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof SinkSettings)) {
            return false;
        }
        SinkSettings that = (SinkSettings) o;
        return createIfMissing == that.createIfMissing
                && minSegments == that.minSegments
                && stream.equals(that.stream)
                && deliveryGuarantee == that.deliveryGuarantee
                && transactionTimeout.equals(that.transactionTimeout)
                && routingKeyFields.equals(that.routingKeyFields)
                && batchSize.equals(that.batchSize)
                && batchLinger.equals(that.batchLinger);
    }

    @Override
    public int hashCode() {
        return Objects.hash(stream, deliveryGuarantee, routingKeyFields);
    }
}
