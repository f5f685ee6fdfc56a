package dev.flinkpravega.connector.config;

import static org.apache.flink.configuration.description.TextElement.text;

import org.apache.flink.configuration.DescribedEnum;
import org.apache.flink.configuration.description.InlineElement;

/** Where a source stops reading. */
public enum BoundedMode implements DescribedEnum {
    UNBOUNDED("unbounded", "Never stops: reads new events as they arrive."),
    LATEST("latest", "Stops at the tail of every stream as it was when the job started."),
    STREAM_CUT("stream-cut", "Stops at the stream cuts given in 'scan.bounded.stream-cuts'.");

    private final String value;
    private final String description;

    BoundedMode(String value, String description) {
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
