package dev.flinkpravega.connector.catalog;

import static dev.flinkpravega.connector.catalog.PravegaCatalogOptions.CONTROLLER_TIMEOUT;
import static dev.flinkpravega.connector.catalog.PravegaCatalogOptions.CONTROLLER_URI;
import static dev.flinkpravega.connector.catalog.PravegaCatalogOptions.SECURITY_AUTH_TOKEN;
import static dev.flinkpravega.connector.catalog.PravegaCatalogOptions.SECURITY_AUTH_TYPE;
import static dev.flinkpravega.connector.catalog.PravegaCatalogOptions.SECURITY_PASSWORD;
import static dev.flinkpravega.connector.catalog.PravegaCatalogOptions.SECURITY_TRUST_STORE;
import static dev.flinkpravega.connector.catalog.PravegaCatalogOptions.SECURITY_USERNAME;
import static dev.flinkpravega.connector.catalog.PravegaCatalogOptions.SECURITY_VALIDATE_HOSTNAME;

import dev.flinkpravega.connector.config.PravegaConfig;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How the catalog and its tables reach Pravega. The catalog's tables get {@link #tableOptions()} as
 * table options when they are read; {@link #credentials()} (user name, password, type, token) are
 * added only where the planner creates a source or sink, so they never appear in a table's options,
 * in {@code SHOW CREATE TABLE} or in the stored definitions.
 */
final class CatalogConnection {

    /** Catalog option keys that tables get as they are. */
    private static final List<String> TABLE_KEYS =
            Arrays.asList(
                    CONTROLLER_URI.key(),
                    CONTROLLER_TIMEOUT.key(),
                    SECURITY_TRUST_STORE.key(),
                    SECURITY_VALIDATE_HOSTNAME.key());

    /**
     * Credentials, user name and type included: a compiled plan keeps a table's options but is
     * restored without the catalog's factory, so a user name there without its password would fail;
     * without any, the Pravega client's own credentials of the environment apply.
     */
    private static final List<String> CREDENTIAL_KEYS =
            Arrays.asList(
                    SECURITY_USERNAME.key(),
                    SECURITY_PASSWORD.key(),
                    SECURITY_AUTH_TYPE.key(),
                    SECURITY_AUTH_TOKEN.key());

    private final PravegaConfig config;
    private final Map<String, String> tableOptions;
    private final Map<String, String> credentials;

    private CatalogConnection(
            PravegaConfig config,
            Map<String, String> tableOptions,
            Map<String, String> credentials) {
        this.config = config;
        this.tableOptions = Collections.unmodifiableMap(tableOptions);
        this.credentials = Collections.unmodifiableMap(credentials);
    }

    /** From validated catalog options: {@code config} and the options as the user gave them. */
    static CatalogConnection of(PravegaConfig config, Map<String, String> catalogOptions) {
        Map<String, String> tableOptions = new LinkedHashMap<>();
        Map<String, String> credentials = new LinkedHashMap<>();
        for (String key : TABLE_KEYS) {
            if (catalogOptions.containsKey(key)) {
                tableOptions.put(key, catalogOptions.get(key).trim());
            }
        }
        for (String key : CREDENTIAL_KEYS) {
            if (catalogOptions.containsKey(key)) {
                credentials.put(key, catalogOptions.get(key));
            }
        }
        return new CatalogConnection(config, tableOptions, credentials);
    }

    PravegaConfig config() {
        return config;
    }

    /** Connection options every table of the catalog gets (no credentials, no scope). */
    Map<String, String> tableOptions() {
        return tableOptions;
    }

    /** Password and token, if configured; only for creating sources and sinks. */
    Map<String, String> credentials() {
        return credentials;
    }

    static boolean isCredential(String key) {
        return CREDENTIAL_KEYS.contains(key);
    }
}
