package dev.flinkpravega.connector.config;

/** A stream or scope the job needs does not exist. */
public class MissingStreamException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public MissingStreamException(String message) {
        super(message);
    }
}
