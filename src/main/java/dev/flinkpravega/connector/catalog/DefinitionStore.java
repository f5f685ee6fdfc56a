package dev.flinkpravega.connector.catalog;

import dev.flinkpravega.connector.catalog.StoredObject.EntryKey;
import dev.flinkpravega.connector.config.PravegaAdmin;
import dev.flinkpravega.connector.config.PravegaConfig;
import dev.flinkpravega.connector.config.PravegaConnectionException;
import io.pravega.client.KeyValueTableFactory;
import io.pravega.client.admin.KeyValueTableInfo;
import io.pravega.client.admin.KeyValueTableManager;
import io.pravega.client.tables.ConditionalTableUpdateException;
import io.pravega.client.tables.IteratorItem;
import io.pravega.client.tables.KeyValueTable;
import io.pravega.client.tables.KeyValueTableClientConfiguration;
import io.pravega.client.tables.KeyValueTableConfiguration;
import io.pravega.client.tables.Put;
import io.pravega.client.tables.Remove;
import io.pravega.client.tables.TableEntry;
import io.pravega.client.tables.TableKey;
import io.pravega.client.tables.TableModification;
import io.pravega.client.tables.Version;
import io.pravega.client.tables.impl.CatalogKeyValueTableFactory;
import io.pravega.common.util.AsyncIterator;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import javax.annotation.Nullable;
import org.apache.flink.table.catalog.exceptions.CatalogException;

/**
 * Where the catalog keeps definitions: one Pravega Key-Value Table named {@value #TABLE_NAME} per
 * scope, created on the first write. Keys have a fixed length, so an entry's key is a hash of its
 * name; all entries whose names share a hash live together in one value (a "bucket"), and every
 * change is a conditional update of that bucket. This makes collisions harmless and gives {@link
 * #compareAndSet} its atomicity: two catalogs racing on one name cannot both win.
 *
 * <p>Every call is bounded by the controller timeout through {@link PravegaAdmin}. A table handle
 * is opened per operation: a cached one would hang on a table that another catalog deleted and
 * re-created meanwhile.
 */
final class DefinitionStore implements AutoCloseable {

    /** Name of the catalog's key-value table in every scope it writes to. */
    static final String TABLE_NAME = "flink-catalog";

    static final int KEY_LENGTH = 16;

    private static final KeyValueTableConfiguration TABLE_CONFIG =
            KeyValueTableConfiguration.builder()
                    .partitionCount(1)
                    .primaryKeyLength(KEY_LENGTH)
                    .secondaryKeyLength(0)
                    .build();

    /** A bucket changed by others this often in a row means something is wrong. */
    private static final int MAX_ATTEMPTS = 20;

    private final PravegaConfig config;
    private final PravegaAdmin admin;
    private final Function<String, byte[]> keyHash;
    private final Map<String, KeyValueTableFactory> factories = new HashMap<>();
    private KeyValueTableManager manager;

    DefinitionStore(PravegaConfig config, PravegaAdmin admin) {
        this(config, admin, DefinitionStore::sha256Key);
    }

    /** With another key function; tests use a constant one to force collisions. */
    DefinitionStore(PravegaConfig config, PravegaAdmin admin, Function<String, byte[]> keyHash) {
        this.config = config;
        this.admin = admin;
        this.keyHash = keyHash;
    }

    /** The entry with this key, if the scope has one. */
    Optional<StoredObject> get(String scope, EntryKey key) {
        KeyValueTable table = open(scope, false);
        if (table == null) {
            return Optional.empty();
        }
        try {
            TableEntry entry = read(scope, table, key);
            return entry == null ? Optional.empty() : find(decode(entry), key);
        } finally {
            closeQuietly(table);
        }
    }

    /** Every entry of the scope. */
    List<StoredObject> list(String scope) {
        KeyValueTable table = open(scope, false);
        if (table == null) {
            return new ArrayList<>();
        }
        try {
            return admin.call(
                    "listing the catalog entries of scope '" + scope + "'",
                    () -> {
                        List<StoredObject> all = new ArrayList<>();
                        AsyncIterator<IteratorItem<TableEntry>> entries =
                                table.iterator().maxIterationSize(100).all().entries();
                        IteratorItem<TableEntry> page;
                        while ((page = entries.getNext().get()) != null) {
                            for (TableEntry entry : page.getItems()) {
                                all.addAll(decode(entry));
                            }
                        }
                        return all;
                    });
        } finally {
            closeQuietly(table);
        }
    }

    /**
     * Atomically replaces the entry with key {@code key} by {@code value} (null removes it), but
     * only if its current version is {@code expectedWriteId} (null: only if there is none).
     *
     * @return whether the change was made
     */
    boolean compareAndSet(
            String scope,
            EntryKey key,
            @Nullable String expectedWriteId,
            @Nullable StoredObject value) {
        if (value != null && !value.key().equals(key)) {
            throw new IllegalArgumentException(value.key() + " stored under " + key);
        }
        KeyValueTable table = open(scope, value != null);
        if (table == null) {
            return expectedWriteId == null;
        }
        try {
            TableKey tableKey = tableKey(key);
            for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
                TableEntry entry = read(scope, table, key);
                List<StoredObject> bucket =
                        entry == null ? new ArrayList<>() : new ArrayList<>(decode(entry));
                int index = indexOf(bucket, key);
                String current = index < 0 ? null : bucket.get(index).writeId();
                if (!Objects.equals(current, expectedWriteId)) {
                    return false;
                }
                if (index >= 0 && value != null) {
                    bucket.set(index, value);
                } else if (index >= 0) {
                    bucket.remove(index);
                } else if (value != null) {
                    bucket.add(value);
                } else {
                    return true; // nothing there, nothing to remove
                }
                Version version = entry == null ? Version.NOT_EXISTS : entry.getVersion();
                TableModification change =
                        bucket.isEmpty()
                                ? new Remove(tableKey, version)
                                : new Put(tableKey, ByteBuffer.wrap(encode(key, bucket)), version);
                if (update(scope, table, key, change)) {
                    return true;
                }
                // The bucket changed since we read it (this name or one sharing its hash).
            }
            throw new CatalogException(
                    "The catalog entry "
                            + key
                            + " in scope '"
                            + scope
                            + "' kept changing concurrently; try again.");
        } finally {
            closeQuietly(table);
        }
    }

    /** Stores {@code value} whatever the current version of its entry (last writer wins). */
    void put(String scope, StoredObject value) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            String current = get(scope, value.key()).map(StoredObject::writeId).orElse(null);
            if (compareAndSet(scope, value.key(), current, value)) {
                return;
            }
        }
        throw new CatalogException(
                "The catalog entry "
                        + value.key()
                        + " in scope '"
                        + scope
                        + "' kept changing concurrently; try again.");
    }

    private TableEntry read(String scope, KeyValueTable table, EntryKey key) {
        TableKey tableKey = tableKey(key);
        return admin.call(
                "reading catalog entry " + key + " in scope '" + scope + "'",
                () -> table.get(tableKey).get());
    }

    /** Applies a conditional update; false when its version condition failed. */
    private boolean update(
            String scope, KeyValueTable table, EntryKey key, TableModification change) {
        return admin.call(
                "writing catalog entry " + key + " in scope '" + scope + "'",
                () -> {
                    try {
                        table.update(change).get();
                        return true;
                    } catch (ExecutionException | CompletionException e) {
                        if (unwrap(e) instanceof ConditionalTableUpdateException) {
                            return false;
                        }
                        throw e;
                    }
                });
    }

    /** A handle of the scope's table; null if there is none and {@code create} is false. */
    private KeyValueTable open(String scope, boolean create) {
        KeyValueTableFactory factory = factory(scope);
        String what = "opening the catalog's key-value table in scope '" + scope + "'";
        KeyValueTableClientConfiguration clientConfig =
                KeyValueTableClientConfiguration.builder().build();
        try {
            return admin.call(what, () -> factory.forKeyValueTable(TABLE_NAME, clientConfig));
        } catch (PravegaConnectionException e) {
            throw e;
        } catch (RuntimeException e) {
            // Pravega reports a missing table only as a gRPC NOT_FOUND; ask the controller.
            if (exists(scope)) {
                throw e;
            }
            if (!create) {
                return null;
            }
        }
        admin.call(
                "creating the catalog's key-value table in scope '" + scope + "'",
                () -> manager().createKeyValueTable(scope, TABLE_NAME, TABLE_CONFIG));
        // Another catalog may have created it a moment ago and it may not be ready yet.
        long deadline = System.nanoTime() + config.controllerTimeout().toNanos();
        while (true) {
            try {
                return admin.call(what, () -> factory.forKeyValueTable(TABLE_NAME, clientConfig));
            } catch (PravegaConnectionException e) {
                throw e;
            } catch (RuntimeException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
            }
        }
    }

    private boolean exists(String scope) {
        return admin.call(
                "listing the key-value tables of scope '" + scope + "'",
                () -> {
                    Iterator<KeyValueTableInfo> tables = manager().listKeyValueTables(scope);
                    while (tables.hasNext()) {
                        if (TABLE_NAME.equals(tables.next().getKeyValueTableName())) {
                            return true;
                        }
                    }
                    return false;
                });
    }

    private KeyValueTableFactory factory(String scope) {
        // Its own lock: admin tasks call manager(), which must not wait for this one.
        synchronized (factories) {
            KeyValueTableFactory factory = factories.get(scope);
            if (factory == null) {
                factory =
                        admin.call(
                                "connecting to the key-value tables of scope '" + scope + "'",
                                () ->
                                        CatalogKeyValueTableFactory.withScope(
                                                scope, config.clientConfig()));
                factories.put(scope, factory);
            }
            return factory;
        }
    }

    private synchronized KeyValueTableManager manager() {
        if (manager == null) {
            manager = KeyValueTableManager.create(config.clientConfig());
        }
        return manager;
    }

    private TableKey tableKey(EntryKey key) {
        byte[] hash = keyHash.apply(key.hashInput());
        if (hash.length != KEY_LENGTH) {
            throw new IllegalStateException("keys must have " + KEY_LENGTH + " bytes");
        }
        return new TableKey(ByteBuffer.wrap(hash));
    }

    private static byte[] encode(EntryKey key, List<StoredObject> bucket) {
        byte[] bytes = BucketCodec.encode(bucket);
        if (bytes.length > KeyValueTable.MAXIMUM_VALUE_LENGTH) {
            throw new CatalogException(
                    "The definition of "
                            + key
                            + " takes "
                            + bytes.length
                            + " bytes; a Pravega key-value table entry holds at most "
                            + KeyValueTable.MAXIMUM_VALUE_LENGTH
                            + ".");
        }
        return bytes;
    }

    private static List<StoredObject> decode(TableEntry entry) {
        ByteBuffer value = entry.getValue().duplicate();
        byte[] bytes = new byte[value.remaining()];
        value.get(bytes);
        return BucketCodec.decode(bytes);
    }

    private static Optional<StoredObject> find(List<StoredObject> bucket, EntryKey key) {
        int index = indexOf(bucket, key);
        return index < 0 ? Optional.empty() : Optional.of(bucket.get(index));
    }

    private static int indexOf(List<StoredObject> bucket, EntryKey key) {
        for (int i = 0; i < bucket.size(); i++) {
            if (bucket.get(i).key().equals(key)) {
                return i;
            }
        }
        return -1;
    }

    private static Throwable unwrap(Throwable e) {
        Throwable t = e;
        while ((t instanceof ExecutionException || t instanceof CompletionException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    static byte[] sha256Key(String text) {
        try {
            byte[] digest =
                    MessageDigest.getInstance("SHA-256")
                            .digest(text.getBytes(StandardCharsets.UTF_8));
            return Arrays.copyOf(digest, KEY_LENGTH);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private void closeQuietly(KeyValueTable table) {
        try {
            admin.call(
                    "closing a key-value table",
                    () -> {
                        table.close();
                        return null;
                    },
                    Duration.ofSeconds(5));
        } catch (RuntimeException ignored) {
            // best effort
        }
    }

    @Override
    public void close() {
        List<AutoCloseable> closing;
        synchronized (factories) {
            closing = new ArrayList<>(factories.values());
            factories.clear();
        }
        synchronized (this) {
            if (manager != null) {
                closing.add(manager);
            }
            manager = null;
        }
        for (AutoCloseable c : closing) {
            try {
                admin.call(
                        "closing Pravega clients",
                        () -> {
                            c.close();
                            return null;
                        },
                        Duration.ofSeconds(5));
            } catch (RuntimeException ignored) {
                // best effort: closing must not fail the catalog's close
            }
        }
    }
}
