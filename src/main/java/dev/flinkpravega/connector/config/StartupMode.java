package dev.flinkpravega.connector.config;

import static org.apache.flink.configuration.description.TextElement.text;

import org.apache.flink.configuration.DescribedEnum;
import org.apache.flink.configuration.description.InlineElement;

/** Where a source starts reading when it has no state to restore. */
public enum StartupMode implements DescribedEnum {
    EARLIEST("earliest", "From the head (oldest retained event) of every stream."),
    LATEST("latest", "From the tail of every stream when the job starts: only new events."),
    STREAM_CUT(
            "stream-cut",
            "From the stream cuts given in 'scan.startup.stream-cuts', one per stream.");

    private final String value;
    private final String description;

    StartupMode(String value, String description) {
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
