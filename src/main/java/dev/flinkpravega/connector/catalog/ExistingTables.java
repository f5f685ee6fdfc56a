package dev.flinkpravega.connector.catalog;

import dev.flinkpravega.connector.catalog.StoredObject.EntryKey;
import dev.flinkpravega.connector.catalog.StoredObject.Kind;
import dev.flinkpravega.connector.config.StreamPolicy;
import dev.flinkpravega.connector.config.StreamRef;
import io.pravega.client.stream.StreamConfiguration;
import java.util.Optional;
import javax.annotation.Nullable;
import org.apache.flink.table.catalog.ObjectPath;
import org.apache.flink.table.catalog.exceptions.CatalogException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tables and views that exist, and how each is altered, renamed and dropped. A table is a
 * stream, with or without a stored definition; a view is a stored definition only. A table's
 * definition whose stream is gone is a leftover and does not exist (see {@link TableCreation}).
 */
final class ExistingTables {
    private static final Logger LOG = LoggerFactory.getLogger(ExistingTables.class);

    private final CatalogStreams streams;
    private final DefinitionStore store;

    ExistingTables(CatalogStreams streams, DefinitionStore store) {
        this.streams = streams;
        this.store = store;
    }

    /** What the catalog knows of a path; null if it is neither a stream nor a view. */
    @Nullable
    Found find(ObjectPath path) {
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

    /**
     * ALTER TABLE or ALTER VIEW: the new definition replaces the found one, whatever changed it
     * meanwhile (last writer wins). A table stays a table and a view a view.
     *
     * @param policy for a table: the scaling and retention its stream gets first (Pravega's
     *     updateStream, only if the stream has another), or null to leave the stream alone. If the
     *     definition cannot be stored after the stream changed, the stream's configuration is put
     *     back.
     */
    void alter(ObjectPath path, Found found, StoredObject object, @Nullable StreamPolicy policy) {
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
        String scope = path.getDatabaseName();
        String stream = path.getObjectName();
        StreamConfiguration before = null;
        if (policy != null && object.kind() == Kind.TABLE) {
            StreamConfiguration configured = streams.configuration(scope, stream);
            if (!policy.matches(configured)) {
                streams.updateStream(scope, stream, policy.applyTo(configured));
                before = configured;
                LOG.info(
                        "Stream '{}/{}' changed from {} to {}",
                        scope,
                        stream,
                        StreamPolicy.describe(configured),
                        policy);
            }
        }
        try {
            store.put(scope, object);
        } catch (RuntimeException e) {
            if (before != null) {
                restore(scope, stream, before, e);
            }
            throw e;
        }
    }

    private void restore(
            String scope, String stream, StreamConfiguration before, RuntimeException cause) {
        try {
            streams.updateStream(scope, stream, before);
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
            LOG.warn(
                    "Could not put the configuration of stream '{}/{}' back to {} after its"
                            + " table's definition was not stored",
                    scope,
                    stream,
                    StreamPolicy.describe(before),
                    e);
        }
    }

    /**
     * ALTER VIEW ... RENAME TO: the definition is stored under the new name, then removed under the
     * old one. Tables cannot be renamed: Pravega cannot rename a stream.
     *
     * @return false if the new name is taken
     */
    boolean renameView(ObjectPath path, Found found, String newName) {
        String scope = path.getDatabaseName();
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
        StoredObject view = found.definition;
        StoredObject renamed =
                StoredObject.newVersion(Kind.VIEW, newName, view.properties(), view.attributes());
        if (find(new ObjectPath(scope, newName)) != null
                || !store.compareAndSet(scope, renamed.key(), null, renamed)) {
            return false;
        }
        store.compareAndSet(scope, view.key(), view.writeId(), null);
        return true;
    }

    /**
     * DROP TABLE or DROP VIEW: a table's stream first, then the stored definition, unless it
     * changed meanwhile. A DROP that stops between the two leaves a definition without a stream,
     * which is a leftover.
     */
    void drop(ObjectPath path, Found found) {
        String scope = path.getDatabaseName();
        if (found.kind() == Kind.TABLE) {
            streams.sealAndDelete(scope, path.getObjectName());
        }
        if (found.definition != null) {
            store.compareAndSet(scope, found.definition.key(), found.definition.writeId(), null);
        }
    }

    /** A stored definition (null for a stream without one) of a path that exists. */
    static final class Found {
        @Nullable final StoredObject definition;

        Found(@Nullable StoredObject definition) {
            this.definition = definition;
        }

        /** A stream without a stored definition is a table. */
        Kind kind() {
            return definition == null ? Kind.TABLE : definition.kind();
        }
    }
}
