package dev.flinkpravega.connector.sink;

import static org.apache.flink.configuration.description.TextElement.text;

import org.apache.flink.configuration.DescribedEnum;
import org.apache.flink.configuration.description.InlineElement;

/**
 * What an exactly-once sink does when a transaction of a completed checkpoint was aborted before
 * its commit (its lease ran out while no writer renewed it): its rows are lost either way; the
 * choice is whether the job goes on without them.
 */
public enum OnLostTransaction implements DescribedEnum {
    CONTINUE(
            "continue",
            "Logs an ERROR naming the transaction, the stream and the checkpoint, counts it in"
                    + " the committer's 'numLostTransactions' metric, and goes on."),
    FAIL(
            "fail",
            "Fails the job for good (no restart: a restart would meet the same transaction"
                    + " again).");

    private final String value;
    private final String description;

    OnLostTransaction(String value, String description) {
        this.value = value;
        this.description = description;
    }

    @Override
    public String toString() {
        return value;
    }

    @Override
    public InlineElement getDescription() {
        return text(description);
    }
}
