package dev.flinkpravega.connector.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.apache.flink.table.catalog.CatalogBaseTable;
import org.apache.flink.table.catalog.CatalogDatabase;
import org.apache.flink.table.catalog.CatalogFunctionImpl;
import org.apache.flink.table.catalog.CatalogPartitionImpl;
import org.apache.flink.table.catalog.CatalogPartitionSpec;
import org.apache.flink.table.catalog.ObjectPath;
import org.apache.flink.table.catalog.exceptions.DatabaseNotExistException;
import org.apache.flink.table.catalog.exceptions.FunctionNotExistException;
import org.apache.flink.table.catalog.exceptions.PartitionNotExistException;
import org.apache.flink.table.catalog.exceptions.TableNotExistException;
import org.apache.flink.table.catalog.exceptions.TableNotPartitionedException;
import org.apache.flink.table.catalog.stats.CatalogColumnStatistics;
import org.apache.flink.table.catalog.stats.CatalogTableStatistics;
import org.junit.jupiter.api.Test;

/** What a catalog without functions, partitions and statistics answers; no network. */
class TablesOnlyCatalogTest {

    private final TablesOnlyCatalog catalog = new OneTable();
    private final ObjectPath table = new ObjectPath("db", "t");
    private final ObjectPath missing = new ObjectPath("db", "nothing");
    private final CatalogPartitionSpec spec = new CatalogPartitionSpec(Map.of("p", "1"));

    @Test
    void functionsAreNoneAndCannotBeMade() throws Exception {
        assertThat(catalog.listFunctions("db")).isEmpty();
        assertThatThrownBy(() -> catalog.listFunctions("other"))
                .isInstanceOf(DatabaseNotExistException.class);
        assertThat(catalog.functionExists(new ObjectPath("db", "f"))).isFalse();
        assertThatThrownBy(() -> catalog.getFunction(new ObjectPath("db", "f")))
                .isInstanceOf(FunctionNotExistException.class);
        assertThatThrownBy(
                        () ->
                                catalog.createFunction(
                                        new ObjectPath("db", "f"),
                                        new CatalogFunctionImpl("x.F"),
                                        false))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessage("Pravega catalog 'p' does not support functions.");
        assertThatThrownBy(() -> catalog.dropFunction(new ObjectPath("db", "f"), true))
                .hasMessage("Pravega catalog 'p' does not support functions.");
    }

    @Test
    void tablesAreNotPartitioned() throws Exception {
        assertThatThrownBy(() -> catalog.listPartitions(table))
                .isInstanceOf(TableNotPartitionedException.class);
        assertThatThrownBy(() -> catalog.listPartitions(table, spec))
                .isInstanceOf(TableNotPartitionedException.class);
        assertThatThrownBy(() -> catalog.listPartitionsByFilter(table, List.of()))
                .isInstanceOf(TableNotPartitionedException.class);
        assertThatThrownBy(() -> catalog.listPartitions(missing))
                .isInstanceOf(TableNotExistException.class);
        assertThat(catalog.partitionExists(table, spec)).isFalse();
        assertThatThrownBy(() -> catalog.getPartition(table, spec))
                .isInstanceOf(PartitionNotExistException.class);
        assertThatThrownBy(
                        () ->
                                catalog.createPartition(
                                        table,
                                        spec,
                                        new CatalogPartitionImpl(Map.of(), null),
                                        false))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessage("Pravega catalog 'p' does not support partitions.");
    }

    @Test
    void statisticsAreUnknownAndCannotBeSet() throws Exception {
        assertThat(catalog.getTableStatistics(table)).isSameAs(CatalogTableStatistics.UNKNOWN);
        assertThat(catalog.getTableColumnStatistics(table))
                .isSameAs(CatalogColumnStatistics.UNKNOWN);
        assertThat(catalog.getPartitionStatistics(table, spec))
                .isSameAs(CatalogTableStatistics.UNKNOWN);
        assertThat(catalog.getPartitionColumnStatistics(table, spec))
                .isSameAs(CatalogColumnStatistics.UNKNOWN);
        assertThatThrownBy(
                        () ->
                                catalog.alterTableStatistics(
                                        table, CatalogTableStatistics.UNKNOWN, false))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessage("Pravega catalog 'p' does not support statistics.");
    }

    /** Catalog 'p' with database 'db' holding table 't'; nothing else is called. */
    private static final class OneTable extends TablesOnlyCatalog {
        OneTable() {
            super("p", "db");
        }

        @Override
        public boolean databaseExists(String name) {
            return name.equals("db");
        }

        @Override
        public boolean tableExists(ObjectPath path) {
            return path.equals(new ObjectPath("db", "t"));
        }

        @Override
        public void open() {}

        @Override
        public void close() {}

        @Override
        public List<String> listDatabases() {
            throw new AssertionError();
        }

        @Override
        public CatalogDatabase getDatabase(String name) {
            throw new AssertionError();
        }

        @Override
        public void createDatabase(String name, CatalogDatabase db, boolean ignoreIfExists) {
            throw new AssertionError();
        }

        @Override
        public void dropDatabase(String name, boolean ignoreIfNotExists, boolean cascade) {
            throw new AssertionError();
        }

        @Override
        public void alterDatabase(String name, CatalogDatabase db, boolean ignoreIfNotExists) {
            throw new AssertionError();
        }

        @Override
        public List<String> listTables(String databaseName) {
            throw new AssertionError();
        }

        @Override
        public List<String> listViews(String databaseName) {
            throw new AssertionError();
        }

        @Override
        public CatalogBaseTable getTable(ObjectPath path) {
            throw new AssertionError();
        }

        @Override
        public void dropTable(ObjectPath path, boolean ignoreIfNotExists) {
            throw new AssertionError();
        }

        @Override
        public void renameTable(ObjectPath path, String newName, boolean ignoreIfNotExists) {
            throw new AssertionError();
        }

        @Override
        public void createTable(ObjectPath path, CatalogBaseTable table, boolean ignoreIfExists) {
            throw new AssertionError();
        }

        @Override
        public void alterTable(ObjectPath path, CatalogBaseTable table, boolean ignoreIfNotExists) {
            throw new AssertionError();
        }
    }
}
