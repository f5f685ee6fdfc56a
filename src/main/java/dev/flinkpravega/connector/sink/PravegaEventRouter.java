package dev.flinkpravega.connector.sink;

import java.io.Serializable;

/**
 * Chooses the Pravega routing key of a record. Events with the same key go to the same segment and
 * are read in the order written. Returning null lets Pravega pick a segment at random.
 */
@FunctionalInterface
public interface PravegaEventRouter<T> extends Serializable {
    String getRoutingKey(T record);
}
