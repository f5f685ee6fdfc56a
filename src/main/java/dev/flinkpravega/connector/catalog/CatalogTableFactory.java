package dev.flinkpravega.connector.catalog;

import dev.flinkpravega.connector.table.PravegaDynamicTableFactory;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.table.catalog.ObjectIdentifier;
import org.apache.flink.table.catalog.ResolvedCatalogTable;
import org.apache.flink.table.connector.sink.DynamicTableSink;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.factories.DynamicTableSinkFactory;
import org.apache.flink.table.factories.DynamicTableSourceFactory;

/**
 * The table factory the catalog hands the planner ({@code Catalog#getFactory()}): the connector's
 * own factory, given the catalog's password or token as it creates a source or sink. So secrets
 * reach the Pravega client without ever being a table option that {@code SHOW CREATE TABLE}, a
 * compiled plan or the stored definition could show. Not registered as a service.
 */
final class CatalogTableFactory implements DynamicTableSourceFactory, DynamicTableSinkFactory {

    private final PravegaDynamicTableFactory delegate = new PravegaDynamicTableFactory();
    private final Map<String, String> secrets;

    CatalogTableFactory(Map<String, String> secrets) {
        this.secrets = secrets;
    }

    @Override
    public String factoryIdentifier() {
        return delegate.factoryIdentifier();
    }

    @Override
    public Set<ConfigOption<?>> requiredOptions() {
        return delegate.requiredOptions();
    }

    @Override
    public Set<ConfigOption<?>> optionalOptions() {
        return delegate.optionalOptions();
    }

    @Override
    public Set<ConfigOption<?>> forwardOptions() {
        return delegate.forwardOptions();
    }

    @Override
    public DynamicTableSource createDynamicTableSource(Context context) {
        return delegate.createDynamicTableSource(withSecrets(context));
    }

    @Override
    public DynamicTableSink createDynamicTableSink(Context context) {
        return delegate.createDynamicTableSink(withSecrets(context));
    }

    private Context withSecrets(Context context) {
        if (secrets.isEmpty()) {
            return context;
        }
        Map<String, String> options = new HashMap<>(secrets);
        // A query hint that sets a secret itself wins.
        options.putAll(context.getCatalogTable().getOptions());
        ResolvedCatalogTable table = context.getCatalogTable().copy(options);
        return new Context() {
            @Override
            public ObjectIdentifier getObjectIdentifier() {
                return context.getObjectIdentifier();
            }

            @Override
            public ResolvedCatalogTable getCatalogTable() {
                return table;
            }

            @Override
            public Map<String, String> getEnrichmentOptions() {
                return context.getEnrichmentOptions();
            }

            @Override
            public ReadableConfig getConfiguration() {
                return context.getConfiguration();
            }

            @Override
            public ClassLoader getClassLoader() {
                return context.getClassLoader();
            }

            @Override
            public boolean isTemporary() {
                return context.isTemporary();
            }
        };
    }
}
