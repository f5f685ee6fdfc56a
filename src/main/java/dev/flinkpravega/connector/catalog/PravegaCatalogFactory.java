package dev.flinkpravega.connector.catalog;

import static dev.flinkpravega.connector.catalog.PravegaCatalogOptions.CONTROLLER_TIMEOUT;
import static dev.flinkpravega.connector.catalog.PravegaCatalogOptions.CONTROLLER_URI;
import static dev.flinkpravega.connector.catalog.PravegaCatalogOptions.DEFAULT_DATABASE;
import static dev.flinkpravega.connector.catalog.PravegaCatalogOptions.SECURITY_TRUST_STORE;

import dev.flinkpravega.connector.config.PravegaConfig;
import dev.flinkpravega.connector.table.ConnectionOptionsValidator;
import dev.flinkpravega.connector.table.PravegaConnectorOptions;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.catalog.Catalog;
import org.apache.flink.table.factories.CatalogFactory;
import org.apache.flink.table.factories.FactoryUtil;

/**
 * {@code CREATE CATALOG ... WITH ('type' = 'pravega', ...)}: checks the options (the same checks as
 * the table connector's, without any network call) and creates a {@link PravegaCatalog}.
 */
public final class PravegaCatalogFactory implements CatalogFactory {

    public static final String IDENTIFIER = "pravega";

    @Override
    public String factoryIdentifier() {
        return IDENTIFIER;
    }

    @Override
    public Set<ConfigOption<?>> requiredOptions() {
        return new HashSet<>(Arrays.asList(CONTROLLER_URI, DEFAULT_DATABASE));
    }

    @Override
    public Set<ConfigOption<?>> optionalOptions() {
        Set<ConfigOption<?>> options = new HashSet<>(PravegaConnectorOptions.SECURITY_OPTIONS);
        options.add(CONTROLLER_TIMEOUT);
        return options;
    }

    @Override
    public Catalog createCatalog(Context context) {
        FactoryUtil.CatalogFactoryHelper helper =
                FactoryUtil.createCatalogFactoryHelper(this, context);
        helper.validate();
        String database = helper.getOptions().get(DEFAULT_DATABASE).trim();
        ConnectionOptionsValidator.checkName(DEFAULT_DATABASE, "scope", database);
        helper.getOptions()
                .getOptional(SECURITY_TRUST_STORE)
                .ifPresent(PravegaCatalogFactory::checkTrustStore);
        // The connector's checks of URI, timeout and security; the scope is the default database.
        Map<String, String> asTable = new HashMap<>(context.getOptions());
        asTable.put(PravegaConnectorOptions.SCOPE.key(), database);
        PravegaConfig config =
                ConnectionOptionsValidator.pravegaConfig(Configuration.fromMap(asTable));
        return new PravegaCatalog(
                context.getName(), database, CatalogConnection.of(config, context.getOptions()));
    }

    /** The catalog connects from this process, so its trust store must be readable here. */
    private static void checkTrustStore(String path) {
        if (!Files.isReadable(Paths.get(path.trim()))) {
            throw new ValidationException(
                    "Invalid value '"
                            + path
                            + "' for option '"
                            + SECURITY_TRUST_STORE.key()
                            + "': no readable file there; give the path of the CA certificate"
                            + " (PEM) of the Pravega controller.");
        }
    }
}
