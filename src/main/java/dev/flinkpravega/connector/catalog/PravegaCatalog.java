package dev.flinkpravega.connector.catalog;

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
 * <p>How a table is created, definition first and then its stream, is {@link TableCreation}'s job.
 */
public class PravegaCatalog extends TablesOnlyCatalog {
    private static final Logger LOG = LoggerFactory.getLogger(PravegaCatalog.class);

    private final CatalogConnection connection;
    private final TableDefinitions definitions;
    private PravegaAdmin admin;
    private CatalogStreams streams;
    private DefinitionStore store;
    private TableCreation creation;

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
            throw failure("open", e);
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
        return Optional.of(new CatalogTableFactory(connection.secrets()));
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
            Found found = lookup(path);
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
            return lookup(path) != null;
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
            if (object.kind() == Kind.TABLE) {
                checkName("table", "stream", path.getObjectName());
            }
            requireDatabase(scope);
            TableCreation.Outcome outcome = creation.create(scope, object);
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
            Found found = lookup(path);
            if (found == null) {
                if (ignoreIfNotExists) {
                    return;
                }
                throw new TableNotExistException(getName(), path);
            }
            StoredObject object = definitions.toStored(path, newTable);
            Kind current = found.kind();
            if (current != object.kind()) {
                throw new CatalogException(
                        path.getFullName()
                                + " is a "
                                + current.name().toLowerCase()
                                + "; it cannot become a "
                                + object.kind().name().toLowerCase()
                                + ".");
            }
            store.put(path.getDatabaseName(), object);
        } catch (RuntimeException e) {
            throw failure("alter table " + path.getFullName(), e);
        }
    }

    @Override
    public void renameTable(ObjectPath path, String newName, boolean ignoreIfNotExists)
            throws TableNotExistException, TableAlreadyExistException, CatalogException {
        String scope = path.getDatabaseName();
        try {
            Found found = lookup(path);
            if (found == null) {
                if (ignoreIfNotExists) {
                    return;
                }
                throw new TableNotExistException(getName(), path);
            }
            if (found.kind() != Kind.VIEW) {
                throw new CatalogException(
                        "Cannot rename table "
                                + path.getFullName()
                                + ": Pravega cannot rename stream '"
                                + scope
                                + "/"
                                + path.getObjectName()
                                + "'. Create a new table and copy the rows with INSERT INTO ..."
                                + " SELECT, then drop the old one.");
            }
            // A view is only a stored definition: store it under the new name, then remove it.
            StoredObject view = found.definition;
            StoredObject renamed =
                    StoredObject.newVersion(
                            Kind.VIEW, newName, view.properties(), view.attributes());
            ObjectPath newPath = new ObjectPath(scope, newName);
            if (lookup(newPath) != null
                    || !store.compareAndSet(scope, renamed.key(), null, renamed)) {
                throw new TableAlreadyExistException(getName(), newPath);
            }
            store.compareAndSet(scope, view.key(), view.writeId(), null);
        } catch (RuntimeException e) {
            throw failure("rename " + path.getFullName(), e);
        }
    }

    @Override
    public void dropTable(ObjectPath path, boolean ignoreIfNotExists)
            throws TableNotExistException, CatalogException {
        String scope = path.getDatabaseName();
        String name = path.getObjectName();
        try {
            Found found = lookup(path);
            if (found == null) {
                if (ignoreIfNotExists) {
                    return;
                }
                throw new TableNotExistException(getName(), path);
            }
            if (found.kind() == Kind.TABLE) {
                streams.sealAndDelete(scope, name);
            }
            if (found.definition != null) {
                store.compareAndSet(
                        scope, found.definition.key(), found.definition.writeId(), null);
            }
        } catch (RuntimeException e) {
            throw failure("drop table " + path.getFullName(), e);
        }
    }

    // ------------------------------------------------------------------ table internals

    /** What the catalog knows of a path; null if it is neither a stream nor a view. */
    private Found lookup(ObjectPath path) {
        String scope = path.getDatabaseName();
        String name = path.getObjectName();
        if (!StreamRef.isValidName(scope)) {
            return null;
        }
        boolean stream = StreamRef.isValidName(name) && streams.streamExists(scope, name);
        if (!stream && !streams.scopeExists(scope)) {
            return null;
        }
        Optional<StoredObject> definition = store.get(scope, EntryKey.object(name));
        if (definition.isPresent() && definition.get().kind() == Kind.VIEW) {
            return new Found(definition.get());
        }
        return stream ? new Found(definition.orElse(null)) : null;
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

    /** A stored definition (null for a stream without one) of a path that exists. */
    private static final class Found {
        final StoredObject definition;

        Found(StoredObject definition) {
            this.definition = definition;
        }

        /** A stream without a stored definition is a table. */
        Kind kind() {
            return definition == null ? Kind.TABLE : definition.kind();
        }
    }
}
