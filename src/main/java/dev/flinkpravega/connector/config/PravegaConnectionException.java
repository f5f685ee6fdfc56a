package dev.flinkpravega.connector.config;

/** Pravega could not be reached or did not answer in time. */
public class PravegaConnectionException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PravegaConnectionException(String message, Throwable cause) {
        super(message, cause);
    }
}
