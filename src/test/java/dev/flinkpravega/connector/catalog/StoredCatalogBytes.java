package dev.flinkpravega.connector.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.pravega.client.ClientConfig;
import io.pravega.client.KeyValueTableFactory;
import io.pravega.client.tables.IteratorItem;
import io.pravega.client.tables.KeyValueTable;
import io.pravega.client.tables.KeyValueTableClientConfiguration;
import io.pravega.client.tables.TableEntry;
import io.pravega.client.tables.impl.CatalogKeyValueTableFactory;
import io.pravega.common.util.AsyncIterator;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** What a catalog stored in a scope, read straight from its key-value table. */
public final class StoredCatalogBytes {
    private StoredCatalogBytes() {}

    /** Every value of the scope's catalog key-value table, as text (ISO-8859-1: bytes kept). */
    public static String rawText(String scope, ClientConfig clientConfig) throws Exception {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        // The connector's factory: Pravega's own cannot read a key-value table with auth on.
        try (KeyValueTableFactory factory =
                        CatalogKeyValueTableFactory.withScope(scope, clientConfig);
                KeyValueTable table =
                        factory.forKeyValueTable(
                                DefinitionStore.TABLE_NAME,
                                KeyValueTableClientConfiguration.builder().build())) {
            AsyncIterator<IteratorItem<TableEntry>> entries =
                    table.iterator().maxIterationSize(100).all().entries();
            IteratorItem<TableEntry> page;
            while ((page = entries.getNext().get(30, TimeUnit.SECONDS)) != null) {
                for (TableEntry entry : page.getItems()) {
                    ByteBuffer value = entry.getValue().duplicate();
                    byte[] bytes = new byte[value.remaining()];
                    value.get(bytes);
                    all.write(bytes);
                }
            }
        }
        assertThat(all.size()).as("stored bytes").isPositive();
        return new String(all.toByteArray(), StandardCharsets.ISO_8859_1);
    }
}
