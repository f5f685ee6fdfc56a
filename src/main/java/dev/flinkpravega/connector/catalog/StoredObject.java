package dev.flinkpravega.connector.catalog;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * One entry of the catalog's store: a table or view definition, or a database's comment and
 * properties. Every write gets a new {@link #writeId()}, which compare-and-set operations of the
 * {@link DefinitionStore} use as the entry's version.
 */
final class StoredObject {

    /** What the entry describes; tables and views share one namespace, as in Flink. */
    enum Kind {
        DATABASE,
        TABLE,
        VIEW;

        /** Entries with equal group and name are the same entry. */
        char group() {
            return this == DATABASE ? 'd' : 'o';
        }
    }

    private final Kind kind;
    private final String name;
    private final String writeId;
    private final long writtenAt;
    private final Map<String, String> properties;
    private final Map<String, String> attributes;

    StoredObject(
            Kind kind,
            String name,
            String writeId,
            long writtenAt,
            Map<String, String> properties,
            Map<String, String> attributes) {
        this.kind = Objects.requireNonNull(kind, "kind");
        this.name = Objects.requireNonNull(name, "name");
        this.writeId = Objects.requireNonNull(writeId, "writeId");
        this.writtenAt = writtenAt;
        this.properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
        this.attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    }

    /** A new version of an entry, written now. */
    static StoredObject newVersion(
            Kind kind,
            String name,
            Map<String, String> properties,
            Map<String, String> attributes) {
        return new StoredObject(
                kind,
                name,
                UUID.randomUUID().toString(),
                System.currentTimeMillis(),
                properties,
                attributes);
    }

    Kind kind() {
        return kind;
    }

    String name() {
        return name;
    }

    /** Random id of this write; the entry's version for compare-and-set. */
    String writeId() {
        return writeId;
    }

    /** Wall-clock time of the write, in epoch milliseconds. */
    long writtenAt() {
        return writtenAt;
    }

    /**
     * Flink's serialized form of the object ({@code CatalogPropertiesUtil}), or database
     * properties.
     */
    Map<String, String> properties() {
        return properties;
    }

    /** The catalog's own fields: view queries, database comment. */
    Map<String, String> attributes() {
        return attributes;
    }

    EntryKey key() {
        return new EntryKey(kind.group(), name);
    }

    /** Identity of an entry in the store: group and name. */
    static final class EntryKey {
        private final char group;
        private final String name;

        EntryKey(char group, String name) {
            this.group = group;
            this.name = Objects.requireNonNull(name, "name");
        }

        static EntryKey object(String name) {
            return new EntryKey(Kind.TABLE.group(), name);
        }

        static EntryKey database() {
            return new EntryKey(Kind.DATABASE.group(), "");
        }

        /** The text whose hash places the entry in the key-value table. */
        String hashInput() {
            return group + "/" + name;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof EntryKey
                    && group == ((EntryKey) o).group
                    && name.equals(((EntryKey) o).name);
        }

        @Override
        public int hashCode() {
            return Objects.hash(group, name);
        }

        @Override
        public String toString() {
            return group == 'd' ? "database metadata" : "'" + name + "'";
        }
    }
}
