package dev.flinkpravega.connector.catalog;

import dev.flinkpravega.connector.catalog.StoredObject.Kind;
import dev.flinkpravega.connector.config.StreamPolicy;
import dev.flinkpravega.connector.config.StreamRef;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates tables and views, given their definitions ready to store. A table: its definition first,
 * with a conditional write that only one of several racing catalogs can win, then its stream. A
 * table is visible only once its stream exists, so nothing half-made is ever seen; if the stream
 * cannot be created, the definition is removed again. A view is its definition only.
 *
 * <p>Until the stream exists the definition is marked {@value #CREATING}. A definition without a
 * stream and without the mark is a leftover (the stream was deleted outside the catalog, or a DROP
 * stopped half-way) and gives way to a new table at once; a marked one may be another catalog's
 * create in progress and gives way only after {@link #leftoverAge()}.
 */
final class TableCreation {
    private static final Logger LOG = LoggerFactory.getLogger(TableCreation.class);

    /** Attribute of a table definition written before its stream exists. */
    static final String CREATING = "creating";

    /** At least this old, a marked definition without a stream is a failed create's leftover. */
    private static final Duration MIN_LEFTOVER_AGE = Duration.ofMinutes(2);

    /** Result of {@link #createTable} and {@link #createView}. */
    enum Outcome {
        /** Created: the name was free and is ours now. */
        CREATED,
        /** A table, view or stream has the name. */
        TAKEN,
        /** A table is being created under that name (or such a create stopped half-way). */
        PENDING
    }

    private final CatalogStreams streams;
    private final DefinitionStore store;
    private final Duration leftoverAge;

    TableCreation(CatalogStreams streams, DefinitionStore store, Duration controllerTimeout) {
        this.streams = streams;
        this.store = store;
        Duration twice = controllerTimeout.multipliedBy(2);
        this.leftoverAge = twice.compareTo(MIN_LEFTOVER_AGE) > 0 ? twice : MIN_LEFTOVER_AGE;
    }

    /** How long a marked definition without a stream may be another catalog's create. */
    Duration leftoverAge() {
        return leftoverAge;
    }

    /**
     * CREATE TABLE: claims the name with a marked definition, creates the stream, then clears the
     * mark. The table's name is a valid stream name (the catalog checks it first).
     *
     * @param table the definition to store, already checked and serialized
     * @param policy scaling and retention of the new stream
     */
    Outcome createTable(String scope, StoredObject table, StreamPolicy policy) {
        if (streams.streamExists(scope, table.name())) {
            return Outcome.TAKEN;
        }
        Map<String, String> marked = new HashMap<>(table.attributes());
        marked.put(CREATING, "true");
        StoredObject creating =
                StoredObject.newVersion(Kind.TABLE, table.name(), table.properties(), marked);
        Outcome claim = claim(scope, creating);
        if (claim != Outcome.CREATED) {
            return claim;
        }
        boolean created;
        try {
            created = streams.createStream(scope, table.name(), policy);
        } catch (RuntimeException e) {
            release(scope, creating);
            throw e;
        }
        if (!created) {
            // Someone created the stream outside the catalog meanwhile; it is theirs.
            release(scope, creating);
            return Outcome.TAKEN;
        }
        try {
            store.compareAndSet(scope, table.key(), creating.writeId(), table);
        } catch (RuntimeException e) {
            // The table exists and works; only a later leftover check waits longer.
            LOG.warn("Could not clear the '{}' mark of {}/{}", CREATING, scope, table.name(), e);
        }
        return Outcome.CREATED;
    }

    /** CREATE VIEW: claims the name with the view's definition, which is all a view is. */
    Outcome createView(String scope, StoredObject view) {
        // A view's name need not be a stream name; one that is may be taken by a stream.
        if (StreamRef.isValidName(view.name()) && streams.streamExists(scope, view.name())) {
            return Outcome.TAKEN;
        }
        return claim(scope, view);
    }

    /** Stores a new definition unless the name is taken; replaces leftovers (see class doc). */
    private Outcome claim(String scope, StoredObject object) {
        for (int attempt = 0; attempt < 3; attempt++) {
            if (store.compareAndSet(scope, object.key(), null, object)) {
                return Outcome.CREATED;
            }
            Optional<StoredObject> existing = store.get(scope, object.key());
            if (!existing.isPresent()) {
                continue; // removed meanwhile
            }
            StoredObject other = existing.get();
            if (other.kind() != Kind.TABLE || streams.streamExists(scope, other.name())) {
                return Outcome.TAKEN;
            }
            if (other.attributes().containsKey(CREATING)
                    && System.currentTimeMillis() - other.writtenAt() < leftoverAge.toMillis()) {
                return Outcome.PENDING;
            }
            LOG.info(
                    "Replacing the definition of {}/{}, whose stream does not exist",
                    scope,
                    other.name());
            if (store.compareAndSet(scope, object.key(), other.writeId(), object)) {
                return Outcome.CREATED;
            }
        }
        return Outcome.TAKEN;
    }

    /** Removes a definition written here, unless someone changed it meanwhile. */
    private void release(String scope, StoredObject object) {
        try {
            store.compareAndSet(scope, object.key(), object.writeId(), null);
        } catch (RuntimeException e) {
            LOG.warn(
                    "Could not remove the definition of {}/{} after its stream was not created;"
                            + " it is invisible and a later CREATE TABLE replaces it",
                    scope,
                    object.name(),
                    e);
        }
    }
}
