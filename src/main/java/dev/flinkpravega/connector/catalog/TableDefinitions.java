package dev.flinkpravega.connector.catalog;

import static dev.flinkpravega.connector.table.PravegaConnectorOptions.CONTROLLER_TIMEOUT;
import static dev.flinkpravega.connector.table.PravegaConnectorOptions.CONTROLLER_URI;
import static dev.flinkpravega.connector.table.PravegaConnectorOptions.SCAN_STREAMS;
import static dev.flinkpravega.connector.table.PravegaConnectorOptions.SCOPE;
import static dev.flinkpravega.connector.table.PravegaConnectorOptions.SINK_STREAM;

import dev.flinkpravega.connector.catalog.ExistingTables.Found;
import dev.flinkpravega.connector.config.PravegaConfig;
import dev.flinkpravega.connector.config.StreamPolicy;
import dev.flinkpravega.connector.table.ConnectionOptionsValidator;
import dev.flinkpravega.connector.table.LegacyOptions;
import dev.flinkpravega.connector.table.PravegaDynamicTableFactory;
import dev.flinkpravega.connector.table.ScanOptionsValidator;
import dev.flinkpravega.connector.table.SinkOptionsValidator;
import dev.flinkpravega.connector.table.StreamCreationOptions;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import javax.annotation.Nullable;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.catalog.CatalogBaseTable;
import org.apache.flink.table.catalog.CatalogDatabase;
import org.apache.flink.table.catalog.CatalogDatabaseImpl;
import org.apache.flink.table.catalog.CatalogPropertiesUtil;
import org.apache.flink.table.catalog.CatalogTable;
import org.apache.flink.table.catalog.CatalogView;
import org.apache.flink.table.catalog.Column;
import org.apache.flink.table.catalog.ObjectPath;
import org.apache.flink.table.catalog.ResolvedCatalogTable;
import org.apache.flink.table.catalog.ResolvedCatalogView;
import org.apache.flink.table.catalog.exceptions.CatalogException;
import org.apache.flink.table.factories.FactoryUtil;

/**
 * Turns Flink's catalog objects into stored entries and back. Definitions are stored with Flink's
 * own {@link CatalogPropertiesUtil} serialization, without the connection options: those (and the
 * default streams) are added from the catalog's configuration each time a table is read, so a
 * stored definition never holds a controller address or a credential.
 */
final class TableDefinitions {

    /** Column of the default definition of a stream created outside the catalog. */
    static final String RAW_COLUMN = "data";

    static final String ORIGINAL_QUERY = "original-query";
    static final String EXPANDED_QUERY = "expanded-query";
    static final String COMMENT = "comment";

    private static final String CONNECTOR = FactoryUtil.CONNECTOR.key();

    private final String catalogName;
    private final CatalogConnection connection;

    TableDefinitions(String catalogName, CatalogConnection connection) {
        this.catalogName = catalogName;
        this.connection = connection;
    }

    // ------------------------------------------------------------------ write

    /** The entry to store for a table or view; checks everything before anything is written. */
    StoredObject toStored(ObjectPath path, CatalogBaseTable table) {
        if (table instanceof ResolvedCatalogView) {
            ResolvedCatalogView view = (ResolvedCatalogView) table;
            Map<String, String> attributes = new LinkedHashMap<>();
            attributes.put(ORIGINAL_QUERY, view.getOriginalQuery());
            attributes.put(EXPANDED_QUERY, view.getExpandedQuery());
            return StoredObject.newVersion(
                    StoredObject.Kind.VIEW,
                    path.getObjectName(),
                    FlinkCatalogSerializer.serializeView(view),
                    attributes);
        }
        if (table instanceof ResolvedCatalogTable) {
            ResolvedCatalogTable resolved = (ResolvedCatalogTable) table;
            if (resolved.isPartitioned()) {
                throw new CatalogException(
                        "Table "
                                + qualified(path)
                                + " is partitioned, but a Pravega stream has no partitions;"
                                + " remove PARTITIONED BY.");
            }
            if (resolved.getDistribution().isPresent()) {
                throw new CatalogException(
                        "Table "
                                + qualified(path)
                                + " has a DISTRIBUTED BY clause, which Pravega tables do not"
                                + " support; use 'sink.routing-key.fields' to route rows.");
            }
            Map<String, String> options = storedOptions(path, resolved.getOptions());
            validate(path, resolved, options);
            return StoredObject.newVersion(
                    StoredObject.Kind.TABLE,
                    path.getObjectName(),
                    FlinkCatalogSerializer.serializeTable(resolved.copy(options)),
                    new HashMap<>());
        }
        throw new CatalogException(
                "Pravega catalog '"
                        + catalogName
                        + "' stores tables and views given as resolved objects (as a"
                        + " TableEnvironment passes them), not "
                        + table.getClass().getName()
                        + " ("
                        + table.getTableKind()
                        + ").");
    }

    /**
     * The options worth storing: without those the catalog adds when reading (connector, scope,
     * controller URI, security, default streams). A connection option that differs from the
     * catalog's is refused rather than silently dropped.
     */
    Map<String, String> storedOptions(ObjectPath path, Map<String, String> options) {
        Map<String, String> stored = new LinkedHashMap<>();
        for (Map.Entry<String, String> option : options.entrySet()) {
            String key = option.getKey();
            String value = option.getValue();
            if (isCatalogOwned(key)) {
                String expected = catalogValue(path, key);
                if (!Objects.equals(value == null ? null : value.trim(), expected)) {
                    throw ownedOptionConflict(path, key, value, expected);
                }
            } else if (key.equals(CONTROLLER_TIMEOUT.key())
                    && value.trim().equals(connection.tableOptions().get(key))) {
                continue; // the catalog's default, added again when read
            } else if ((key.equals(SCAN_STREAMS.key()) || key.equals(SINK_STREAM.key()))
                    && isOwnStream(path, value)) {
                continue; // the default
            } else {
                stored.put(key, value);
            }
        }
        return stored;
    }

    /** The connector's own checks on the options the table will have, before anything is stored. */
    private void validate(ObjectPath path, ResolvedCatalogTable table, Map<String, String> stored) {
        Map<String, String> all = new HashMap<>(readOptions(path, stored));
        all.putAll(connection.credentials());
        if (!all.containsKey(FactoryUtil.FORMAT.key())) {
            throw new ValidationException(
                    "Table "
                            + qualified(path)
                            + " needs option 'format', e.g. 'json', 'avro', 'csv' or 'raw'.");
        }
        ReadableConfig options = LegacyOptions.translate(Configuration.fromMap(all));
        PravegaConfig config = ConnectionOptionsValidator.pravegaConfig(options);
        ScanOptionsValidator.sourceConfig(options, config);
        List<String> physical =
                table.getResolvedSchema().getColumns().stream()
                        .filter(Column::isPhysical)
                        .map(Column::getName)
                        .collect(Collectors.toList());
        SinkOptionsValidator.sinkConfig(options, config);
        SinkOptionsValidator.routingKeyFields(options, physical);
    }

    /**
     * Scaling and retention of a new table's stream, from its {@code stream.scaling.*} and {@code
     * stream.retention.*} options, which {@link #storedOptions} keeps, so the stored definition has
     * the same values. Checked by {@link #toStored} before.
     */
    static StreamPolicy streamPolicy(CatalogBaseTable table) {
        return StreamCreationOptions.policy(Configuration.fromMap(table.getOptions()));
    }

    /**
     * The policy an ALTER TABLE gives the table's stream, or null if it leaves the stream alone:
     * when neither the old nor the new definition has policy options (a stream's policy set outside
     * the catalog is kept then). Removing the options returns the stream to {@link
     * StreamPolicy#DEFAULT}.
     */
    @Nullable
    StreamPolicy alteredPolicy(ObjectPath path, Found found, CatalogBaseTable newTable) {
        StreamPolicy requested =
                StreamCreationOptions.requestedPolicy(Configuration.fromMap(newTable.getOptions()));
        if (requested != null) {
            return requested;
        }
        if (found.definition == null || found.kind() != StoredObject.Kind.TABLE) {
            return null;
        }
        Map<String, String> before = fromStored(path, found.definition).getOptions();
        return StreamCreationOptions.requestedPolicy(Configuration.fromMap(before)) == null
                ? null
                : StreamPolicy.DEFAULT;
    }

    StoredObject toStored(CatalogDatabase database) {
        Map<String, String> attributes = new HashMap<>();
        if (database.getComment() != null) {
            attributes.put(COMMENT, database.getComment());
        }
        return StoredObject.newVersion(
                StoredObject.Kind.DATABASE, "", database.getProperties(), attributes);
    }

    // ------------------------------------------------------------------ read

    CatalogBaseTable fromStored(ObjectPath path, StoredObject object) {
        CatalogTable stored;
        try {
            stored = CatalogPropertiesUtil.deserializeCatalogTable(object.properties());
        } catch (RuntimeException e) {
            throw new CatalogException(
                    "The stored definition of " + qualified(path) + " cannot be read.", e);
        }
        if (object.kind() == StoredObject.Kind.VIEW) {
            return CatalogView.of(
                    stored.getUnresolvedSchema(),
                    stored.getComment(),
                    object.attributes().get(ORIGINAL_QUERY),
                    object.attributes().get(EXPANDED_QUERY),
                    stored.getOptions());
        }
        return CatalogTable.newBuilder()
                .schema(stored.getUnresolvedSchema())
                .comment(stored.getComment())
                .partitionKeys(stored.getPartitionKeys())
                .options(readOptions(path, stored.getOptions()))
                .build();
    }

    /** Default definition of a stream without a stored one: its events as raw bytes. */
    CatalogTable external(ObjectPath path) {
        Map<String, String> options = new HashMap<>();
        options.put(FactoryUtil.FORMAT.key(), "raw");
        return CatalogTable.newBuilder()
                .schema(Schema.newBuilder().column(RAW_COLUMN, DataTypes.BYTES()).build())
                .comment(
                        "Pravega stream without a stored definition: each event as raw bytes."
                                + " Give it columns with ALTER TABLE.")
                .options(readOptions(path, options))
                .build();
    }

    /** Stored options plus connection options and default streams. */
    Map<String, String> readOptions(ObjectPath path, Map<String, String> stored) {
        Map<String, String> options = new LinkedHashMap<>();
        options.put(CONNECTOR, PravegaDynamicTableFactory.IDENTIFIER);
        options.put(SCOPE.key(), path.getDatabaseName());
        options.putAll(connection.tableOptions());
        options.put(SCAN_STREAMS.key(), path.getObjectName());
        options.put(SINK_STREAM.key(), path.getObjectName());
        options.putAll(stored);
        return options;
    }

    static CatalogDatabase toDatabase(StoredObject metadata) {
        return new CatalogDatabaseImpl(
                metadata.properties(), metadata.attributes().getOrDefault(COMMENT, null));
    }

    // ------------------------------------------------------------------ helpers

    private boolean isCatalogOwned(String key) {
        return key.equals(CONNECTOR)
                || key.equals(SCOPE.key())
                || key.equals(CONTROLLER_URI.key())
                || key.startsWith("security.");
    }

    /** The value the catalog gives an owned key, or null if it gives none. */
    private String catalogValue(ObjectPath path, String key) {
        if (key.equals(CONNECTOR)) {
            return PravegaDynamicTableFactory.IDENTIFIER;
        }
        if (key.equals(SCOPE.key())) {
            return path.getDatabaseName();
        }
        if (CatalogConnection.isCredential(key)) {
            return connection.credentials().get(key);
        }
        return connection.tableOptions().get(key);
    }

    private CatalogException ownedOptionConflict(
            ObjectPath path, String key, String value, String expected) {
        String given = CatalogConnection.isCredential(key) ? "" : " = '" + value + "'";
        String source =
                key.equals(SCOPE.key())
                        ? "its database ('" + path.getDatabaseName() + "')"
                        : key.equals(CONNECTOR)
                                ? "the catalog ('" + PravegaDynamicTableFactory.IDENTIFIER + "')"
                                : expected == null
                                        ? "the catalog, which does not set it"
                                        : "the catalog's options";
        return new CatalogException(
                "Table "
                        + qualified(path)
                        + " cannot have option '"
                        + key
                        + "'"
                        + given
                        + ": tables of Pravega catalog '"
                        + catalogName
                        + "' take '"
                        + key
                        + "' from "
                        + source
                        + ". Remove the option, or set it on the catalog.");
    }

    private static boolean isOwnStream(ObjectPath path, String value) {
        String v = value.trim();
        return v.equals(path.getObjectName())
                || v.equals(path.getDatabaseName() + "/" + path.getObjectName());
    }

    private String qualified(ObjectPath path) {
        return "`"
                + catalogName
                + "`.`"
                + path.getDatabaseName()
                + "`.`"
                + path.getObjectName()
                + "`";
    }
}
