package dev.flinkpravega.connector.catalog;

import dev.flinkpravega.connector.catalog.ExistingTables.Found;
import dev.flinkpravega.connector.catalog.StoredObject.EntryKey;
import dev.flinkpravega.connector.catalog.StoredObject.Kind;
import dev.flinkpravega.connector.config.PravegaAdmin;
import dev.flinkpravega.connector.config.StreamRef;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.catalog.CatalogBaseTable;
import org.apache.flink.table.catalog.CatalogDatabase;
import org.apache.flink.table.catalog.CatalogDatabaseImpl;
import org.apache.flink.table.catalog.ObjectPath;
import org.apache.flink.table.catalog.exceptions.CatalogException;
import org.apache.flink.table.catalog.exceptions.DatabaseAlreadyExistException;
import org.apache.flink.table.catalog.exceptions.DatabaseNotEmptyException;
import org.apache.flink.table.catalog.exceptions.DatabaseNotExistException;
import org.apache.flink.table.catalog.exceptions.TableAlreadyExistException;
import org.apache.flink.table.catalog.exceptions.TableNotExistException;
import org.apache.flink.table.factories.Factory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Flink catalog over Pravega: databases are scopes, tables are streams, and each table's or
 * view's whole definition is stored in a Key-Value Table of its scope (see {@link
 * DefinitionStore}). Streams created outside the catalog are tables too, with a default definition
 * (see {@link TableDefinitions#external}).
 *
 * <p>This class is Flink's side: it checks names and databases, turns Flink's objects into stored
 * definitions ({@link TableDefinitions}), answers with Flink's exceptions and adds context to
 * failures. Each table protocol is one method elsewhere: creating a table or view in {@link
 * TableCreation}; finding, altering, renaming and dropping one in {@link ExistingTables}. Those
 * call the definition store and {@link CatalogStreams} as plain steps. Functions, partitions and
 * statistics, which the catalog does not have, are answered by {@link TablesOnlyCatalog}.
 */
public class PravegaCatalog extends TablesOnlyCatalog {
    private static final Logger LOG = LoggerFactory.getLogger(PravegaCatalog.class);

    private final CatalogConnection connection;
    private final TableDefinitions definitions;
    private PravegaAdmin admin;
    private CatalogStreams streams;
    private DefinitionStore store;
    private TableCreation creation;
    private ExistingTables existing;

    PravegaCatalog(String name, String defaultDatabase, CatalogConnection connection) {
        super(name, defaultDatabase);
        this.connection = connection;
        this.definitions = new TableDefinitions(name, connection);
    }

    /** The connection settings; for tests. */
    CatalogConnection connection() {
        return connection;
    }

    // ------------------------------------------------------------------ lifecycle

    @Override
    public void open() throws CatalogException {
        admin = new PravegaAdmin(connection.config());
        streams = new CatalogStreams(admin);
        store = new DefinitionStore(connection.config(), admin);
        creation = new TableCreation(streams, store, connection.config().controllerTimeout());
        existing = new ExistingTables(streams, store);
        try {
            if (!streams.scopeExists(getDefaultDatabase())) {
                streams.createScope(getDefaultDatabase());
                LOG.info(
                        "Created scope '{}', the default database of catalog '{}'",
                        getDefaultDatabase(),
                        getName());
            }
        } catch (RuntimeException e) {
            close();
            // Not a CatalogException: Flink's CREATE CATALOG wraps one in a message that lists
            // every catalog option unmasked, password included.
            RuntimeException failure = failure("open", e);
            throw failure instanceof ValidationException
                    ? failure
                    : new ValidationException(failure.getMessage(), e);
        }
    }

    @Override
    public void close() throws CatalogException {
        if (store != null) {
            store.close();
        }
        if (admin != null) {
            admin.close();
        }
    }

    /** Creates sources and sinks of the catalog's tables, adding the catalog's secrets. */
    @Override
    public Optional<Factory> getFactory() {
        return Optional.of(new CatalogTableFactory(connection.credentials()));
    }

    // ------------------------------------------------------------------ databases

    @Override
    public List<String> listDatabases() throws CatalogException {
        try {
            return streams.listScopes();
        } catch (RuntimeException e) {
            throw failure("list databases", e);
        }
    }

    @Override
    public CatalogDatabase getDatabase(String databaseName)
            throws DatabaseNotExistException, CatalogException {
        try {
            requireDatabase(databaseName);
            return store.get(databaseName, EntryKey.database())
                    .map(TableDefinitions::toDatabase)
                    .orElseGet(() -> new CatalogDatabaseImpl(Collections.emptyMap(), null));
        } catch (RuntimeException e) {
            throw failure("read database '" + databaseName + "'", e);
        }
    }

    @Override
    public boolean databaseExists(String databaseName) throws CatalogException {
        try {
            return StreamRef.isValidName(databaseName) && streams.scopeExists(databaseName);
        } catch (RuntimeException e) {
            throw failure("check database '" + databaseName + "'", e);
        }
    }

    @Override
    public void createDatabase(String name, CatalogDatabase database, boolean ignoreIfExists)
            throws DatabaseAlreadyExistException, CatalogException {
        checkName("database", "scope", name);
        try {
            if (!streams.createScope(name)) {
                if (ignoreIfExists) {
                    return;
                }
                throw new DatabaseAlreadyExistException(getName(), name);
            }
            if (database.getComment() != null || !database.getProperties().isEmpty()) {
                try {
                    store.put(name, definitions.toStored(database));
                } catch (RuntimeException e) {
                    dropNewScope(name);
                    throw e;
                }
            }
        } catch (RuntimeException e) {
            throw failure("create database '" + name + "'", e);
        }
    }

    @Override
    public void dropDatabase(String name, boolean ignoreIfNotExists, boolean cascade)
            throws DatabaseNotExistException, DatabaseNotEmptyException, CatalogException {
        try {
            if (!databaseExists(name)) {
                if (ignoreIfNotExists) {
                    return;
                }
                throw new DatabaseNotExistException(getName(), name);
            }
            List<String> userStreams = streams.listStreams(name);
            List<String> views = listViews(name);
            if (!cascade && (!userStreams.isEmpty() || !views.isEmpty())) {
                throw new DatabaseNotEmptyException(getName(), name);
            }
            for (String stream : userStreams) {
                streams.sealAndDelete(name, stream);
            }
            // Also removes the catalog's key-value table and reader groups left by jobs.
            streams.deleteScopeRecursive(name);
        } catch (RuntimeException e) {
            throw failure("drop database '" + name + "'", e);
        }
    }

    @Override
    public void alterDatabase(String name, CatalogDatabase newDatabase, boolean ignoreIfNotExists)
            throws DatabaseNotExistException, CatalogException {
        try {
            if (!databaseExists(name)) {
                if (ignoreIfNotExists) {
                    return;
                }
                throw new DatabaseNotExistException(getName(), name);
            }
            store.put(name, definitions.toStored(newDatabase));
        } catch (RuntimeException e) {
            throw failure("alter database '" + name + "'", e);
        }
    }

    // ------------------------------------------------------------------ tables and views

    @Override
    public List<String> listTables(String databaseName)
            throws DatabaseNotExistException, CatalogException {
        try {
            requireDatabase(databaseName);
            TreeSet<String> names = new TreeSet<>(streams.listStreams(databaseName));
            names.addAll(listViews(databaseName));
            return new ArrayList<>(names);
        } catch (RuntimeException e) {
            throw failure("list the tables of database '" + databaseName + "'", e);
        }
    }

    @Override
    public List<String> listViews(String databaseName)
            throws DatabaseNotExistException, CatalogException {
        try {
            requireDatabase(databaseName);
            return store.list(databaseName).stream()
                    .filter(o -> o.kind() == Kind.VIEW)
                    .map(StoredObject::name)
                    .sorted()
                    .collect(Collectors.toList());
        } catch (RuntimeException e) {
            throw failure("list the views of database '" + databaseName + "'", e);
        }
    }

    @Override
    public CatalogBaseTable getTable(ObjectPath path)
            throws TableNotExistException, CatalogException {
        try {
            Found found = existing.find(path);
            if (found == null) {
                throw new TableNotExistException(getName(), path);
            }
            return found.definition == null
                    ? definitions.external(path)
                    : definitions.fromStored(path, found.definition);
        } catch (RuntimeException e) {
            throw failure("read table " + path.getFullName(), e);
        }
    }

    @Override
    public boolean tableExists(ObjectPath path) throws CatalogException {
        try {
            return existing.find(path) != null;
        } catch (RuntimeException e) {
            throw failure("check table " + path.getFullName(), e);
        }
    }

    @Override
    public void createTable(ObjectPath path, CatalogBaseTable table, boolean ignoreIfExists)
            throws TableAlreadyExistException, DatabaseNotExistException, CatalogException {
        String scope = path.getDatabaseName();
        try {
            StoredObject object = definitions.toStored(path, table);
            boolean isTable = object.kind() == Kind.TABLE;
            if (isTable) {
                checkName("table", "stream", path.getObjectName());
            }
            requireDatabase(scope);
            TableCreation.Outcome outcome =
                    isTable
                            ? creation.createTable(
                                    scope, object, TableDefinitions.streamPolicy(table))
                            : creation.createView(scope, object);
            if (outcome == TableCreation.Outcome.PENDING && !ignoreIfExists) {
                throw new TableAlreadyExistException(
                        getName(),
                        path,
                        new CatalogException(
                                "Table "
                                        + path.getFullName()
                                        + " is being created: its definition is stored but its"
                                        + " stream does not exist yet. If that CREATE TABLE"
                                        + " stopped half-way, the name is free again "
                                        + creation.leftoverAge().toMinutes()
                                        + " minutes after it started."));
            }
            if (outcome == TableCreation.Outcome.TAKEN && !ignoreIfExists) {
                throw new TableAlreadyExistException(getName(), path);
            }
        } catch (RuntimeException e) {
            throw failure("create table " + path.getFullName(), e);
        }
    }

    @Override
    public void alterTable(ObjectPath path, CatalogBaseTable newTable, boolean ignoreIfNotExists)
            throws TableNotExistException, CatalogException {
        try {
            Found found = existing.find(path);
            if (found == null) {
                if (ignoreIfNotExists) {
                    return;
                }
                throw new TableNotExistException(getName(), path);
            }
            StoredObject object = definitions.toStored(path, newTable);
            existing.alter(
                    path,
                    found,
                    object,
                    object.kind() == Kind.TABLE
                            ? definitions.alteredPolicy(path, found, newTable)
                            : null);
        } catch (RuntimeException e) {
            throw failure("alter table " + path.getFullName(), e);
        }
    }

    @Override
    public void renameTable(ObjectPath path, String newName, boolean ignoreIfNotExists)
            throws TableNotExistException, TableAlreadyExistException, CatalogException {
        try {
            Found found = existing.find(path);
            if (found == null) {
                if (ignoreIfNotExists) {
                    return;
                }
                throw new TableNotExistException(getName(), path);
            }
            if (!existing.renameView(path, found, newName)) {
                throw new TableAlreadyExistException(
                        getName(), new ObjectPath(path.getDatabaseName(), newName));
            }
        } catch (RuntimeException e) {
            throw failure("rename " + path.getFullName(), e);
        }
    }

    @Override
    public void dropTable(ObjectPath path, boolean ignoreIfNotExists)
            throws TableNotExistException, CatalogException {
        try {
            Found found = existing.find(path);
            if (found == null) {
                if (ignoreIfNotExists) {
                    return;
                }
                throw new TableNotExistException(getName(), path);
            }
            existing.drop(path, found);
        } catch (RuntimeException e) {
            throw failure("drop table " + path.getFullName(), e);
        }
    }

    // ------------------------------------------------------------------ helpers

    private void requireDatabase(String name) throws DatabaseNotExistException {
        if (!databaseExists(name)) {
            throw new DatabaseNotExistException(getName(), name);
        }
    }

    private void checkName(String what, String pravegaWhat, String name) {
        try {
            StreamRef.checkName(pravegaWhat, name);
        } catch (IllegalArgumentException e) {
            throw new ValidationException(
                    "The "
                            + what
                            + " name '"
                            + name
                            + "' is not a valid Pravega "
                            + pravegaWhat
                            + " name: use only letters, digits, '.' and '-' (quote such names"
                            + " with backticks in SQL), at most 255 characters.");
        }
    }

    private void dropNewScope(String name) {
        try {
            streams.deleteScopeRecursive(name);
        } catch (RuntimeException e) {
            LOG.warn("Could not delete scope '{}' again after a failed CREATE DATABASE", name, e);
        }
    }

    /** Keeps Flink's catalog exceptions; anything else becomes a CatalogException with context. */
    private RuntimeException failure(String what, RuntimeException e) {
        if (e instanceof CatalogException || e instanceof ValidationException) {
            return e;
        }
        return new CatalogException(
                "Pravega catalog '"
                        + getName()
                        + "' (controller "
                        + connection.config().controllerUri()
                        + ") could not "
                        + what
                        + ": "
                        + e.getMessage(),
                e);
    }
}
