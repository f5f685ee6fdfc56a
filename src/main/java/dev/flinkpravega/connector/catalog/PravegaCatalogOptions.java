package dev.flinkpravega.connector.catalog;

import dev.flinkpravega.connector.config.PravegaConfig;
import dev.flinkpravega.connector.table.PravegaConnectorOptions;
import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/**
 * Options of {@code CREATE CATALOG ... WITH ('type' = 'pravega', ...)}. Connection and security
 * options have the keys, types and meaning of the table connector's; the catalog passes them on to
 * its tables.
 */
public final class PravegaCatalogOptions {
    private PravegaCatalogOptions() {}

    public static final ConfigOption<String> CONTROLLER_URI =
            PravegaConnectorOptions.CONTROLLER_URI;

    public static final ConfigOption<String> DEFAULT_DATABASE =
            ConfigOptions.key("default-database")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Scope that is the catalog's current database after 'USE CATALOG'."
                                    + " Created when the catalog opens if it does not exist.");

    public static final ConfigOption<Duration> CONTROLLER_TIMEOUT =
            ConfigOptions.key(PravegaConnectorOptions.CONTROLLER_TIMEOUT.key())
                    .durationType()
                    .defaultValue(PravegaConfig.DEFAULT_CONTROLLER_TIMEOUT)
                    .withDescription(
                            "How long one call to the controller or to the catalog's key-value"
                                    + " table may take before the catalog operation fails with"
                                    + " an error that names the controller URI. When set, also"
                                    + " the tables' default.");

    public static final ConfigOption<String> SECURITY_USERNAME =
            PravegaConnectorOptions.SECURITY_USERNAME;

    public static final ConfigOption<String> SECURITY_PASSWORD =
            PravegaConnectorOptions.SECURITY_PASSWORD;

    public static final ConfigOption<String> SECURITY_AUTH_TYPE =
            PravegaConnectorOptions.SECURITY_AUTH_TYPE;

    public static final ConfigOption<String> SECURITY_AUTH_TOKEN =
            PravegaConnectorOptions.SECURITY_AUTH_TOKEN;

    public static final ConfigOption<String> SECURITY_TRUST_STORE =
            PravegaConnectorOptions.SECURITY_TRUST_STORE;

    public static final ConfigOption<Boolean> SECURITY_VALIDATE_HOSTNAME =
            PravegaConnectorOptions.SECURITY_VALIDATE_HOSTNAME;
}
