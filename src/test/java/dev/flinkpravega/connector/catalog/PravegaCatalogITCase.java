package dev.flinkpravega.connector.catalog;

import static dev.flinkpravega.connector.testutils.SqlTestSupport.collect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flinkpravega.connector.catalog.StoredObject.EntryKey;
import dev.flinkpravega.connector.config.PravegaAdmin;
import dev.flinkpravega.connector.config.PravegaConfig;
import dev.flinkpravega.connector.testutils.PravegaExtension;
import dev.flinkpravega.connector.testutils.PravegaTestData;
import dev.flinkpravega.connector.testutils.SqlTestSupport;
import io.pravega.client.admin.ReaderGroupManager;
import io.pravega.client.stream.ReaderGroupConfig;
import io.pravega.client.stream.RetentionPolicy;
import io.pravega.client.stream.ScalingPolicy;
import io.pravega.client.stream.Stream;
import io.pravega.client.stream.StreamConfiguration;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.internal.TableEnvironmentInternal;
import org.apache.flink.table.catalog.Catalog;
import org.apache.flink.table.catalog.CatalogBaseTable;
import org.apache.flink.table.catalog.CatalogDatabase;
import org.apache.flink.table.catalog.CatalogTable;
import org.apache.flink.table.catalog.CatalogView;
import org.apache.flink.table.catalog.Column;
import org.apache.flink.table.catalog.ObjectIdentifier;
import org.apache.flink.table.catalog.ObjectPath;
import org.apache.flink.table.catalog.ResolvedCatalogBaseTable;
import org.apache.flink.table.catalog.ResolvedCatalogTable;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.apache.flink.table.catalog.exceptions.DatabaseNotEmptyException;
import org.apache.flink.table.catalog.exceptions.TableAlreadyExistException;
import org.apache.flink.table.factories.FactoryUtil;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.flink.util.ExceptionUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Pravega catalog against a real in-process Pravega and a Flink MiniCluster: definitions
 * survive new catalog instances, catalog tables read and write, external streams appear, DROP and
 * ALTER behave, racing creates have one winner, and secrets are never stored.
 */
class PravegaCatalogITCase {

    @RegisterExtension static final PravegaExtension PRAVEGA = new PravegaExtension();

    @RegisterExtension static final MiniClusterExtension FLINK = SqlTestSupport.miniCluster();

    private static final AtomicInteger NAMES = new AtomicInteger();
    private static final String SECRET = "s3cr3t-Pw-9";

    /** The orders table of the definition test, without its WITH clause. */
    private static final String ORDERS_COLUMNS =
            "(\n"
                    + "  order_id BIGINT NOT NULL,\n"
                    + "  product STRING COMMENT 'what was bought',\n"
                    + "  price DECIMAL(10, 2),\n"
                    + "  qty INT,\n"
                    + "  ts TIMESTAMP(3),\n"
                    + "  total AS price * qty,\n"
                    + "  origin STRING METADATA FROM 'stream' VIRTUAL,\n"
                    + "  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND,\n"
                    + "  PRIMARY KEY (order_id) NOT ENFORCED\n"
                    + ") COMMENT 'orders of the shop'\n";

    private static final Map<String, String> ORDERS_OPTIONS =
            Map.of(
                    "format", "json",
                    "json.ignore-parse-errors", "true",
                    "stream.scaling.min-segments", "2",
                    "sink.delivery-guarantee", "at-least-once");

    // ------------------------------------------------------------------ 1. definitions

    @Test
    void wholeDefinitionSurvivesANewCatalogInstance() throws Exception {
        String db = name("shop");
        TableEnvironment first = catalogEnv("p1");
        first.executeSql("CREATE DATABASE " + db + " COMMENT 'the shop' WITH ('owner' = 'team-a')");
        first.executeSql("CREATE TABLE " + db + ".orders " + ORDERS_COLUMNS + with(ORDERS_OPTIONS));

        assertThat(PRAVEGA.streamManager().checkStreamExists(db, "orders")).isTrue();
        assertThat(
                        PravegaTestData.tail(PRAVEGA.streamManager(), db, "orders")
                                .asImpl()
                                .getPositions())
                .as("segments from 'stream.scaling.min-segments'")
                .hasSize(2);

        TableEnvironment second = catalogEnv("p2");
        ResolvedCatalogBaseTable<?> seen = resolved(second, "p2", db, "orders");
        // The same DDL in Flink's in-memory catalog is the reference.
        second.executeSql(
                "CREATE TABLE default_catalog.default_database.reference "
                        + ORDERS_COLUMNS
                        + with(ORDERS_OPTIONS));
        ResolvedCatalogBaseTable<?> reference =
                resolved(second, "default_catalog", "default_database", "reference");

        assertThat(seen.getTableKind()).isEqualTo(CatalogBaseTable.TableKind.TABLE);
        assertThat(seen.getResolvedSchema()).isEqualTo(reference.getResolvedSchema());
        assertThat(seen.getComment()).isEqualTo("orders of the shop");
        Map<String, String> expected = new HashMap<>(ORDERS_OPTIONS);
        expected.put("connector", "pravega");
        expected.put("controller-uri", PRAVEGA.controllerUri().toString());
        expected.put("scope", db);
        expected.put("scan.streams", "orders");
        expected.put("sink.stream", "orders");
        assertThat(seen.getOptions()).isEqualTo(expected);

        CatalogDatabase database = catalog(second, "p2").getDatabase(db);
        assertThat(database.getComment()).isEqualTo("the shop");
        assertThat(database.getProperties()).isEqualTo(Map.of("owner", "team-a"));
        assertThat(catalog(second, "p2").listDatabases())
                .contains(db)
                .noneMatch(d -> d.startsWith("_"));
    }

    // ------------------------------------------------------------------ 2. read and write

    @Test
    void insertAndSelectJsonAndAvro() throws Exception {
        TableEnvironment env = catalogEnv("p");
        String db = newDatabase(env);
        env.executeSql(
                "CREATE TABLE "
                        + db
                        + ".j (id INT, name STRING, origin STRING METADATA FROM 'stream' VIRTUAL)"
                        + " WITH ('format' = 'json')");
        env.executeSql(
                "CREATE TABLE "
                        + db
                        + ".a (id INT, name STRING, amount DOUBLE)"
                        + " WITH ('format' = 'avro', 'scan.bounded.mode' = 'latest')");
        env.createStatementSet()
                .addInsertSql("INSERT INTO " + db + ".j VALUES (1, 'one'), (2, 'two')")
                .addInsertSql("INSERT INTO " + db + ".a VALUES (3, 'three', 3.5), (4, 'four', 4.5)")
                .execute()
                .await(2, TimeUnit.MINUTES);

        List<Row> rows =
                collect(
                        env,
                        "SELECT 'json', id, name, origin FROM "
                                + db
                                + ".j /*+ OPTIONS('scan.bounded.mode' = 'latest') */"
                                + " UNION ALL SELECT 'avro', id, name, CAST(amount AS STRING)"
                                + " FROM "
                                + db
                                + ".a");
        assertThat(rows)
                .containsExactlyInAnyOrder(
                        Row.of("json", 1, "one", db + "/j"),
                        Row.of("json", 2, "two", db + "/j"),
                        Row.of("avro", 3, "three", "3.5"),
                        Row.of("avro", 4, "four", "4.5"));
    }

    @Test
    void tablesWithTheOlderConnectorsKeysAreStoredAndWork() throws Exception {
        TableEnvironment env = catalogEnv("p");
        String db = newDatabase(env);
        env.executeSql(
                "CREATE TABLE "
                        + db
                        + ".legacy (id INT, name STRING) WITH ('format' = 'json',"
                        + " 'scan.execution.type' = 'batch', 'sink.semantic' = 'best-effort',"
                        + " 'sink.routing-key.field.name' = 'name')");
        env.executeSql("INSERT INTO " + db + ".legacy VALUES (1, 'one'), (2, 'two')")
                .await(2, TimeUnit.MINUTES);

        // 'scan.execution.type' = 'batch': the read ends at the tail.
        assertThat(collect(env, "SELECT id, name FROM " + db + ".legacy"))
                .containsExactlyInAnyOrder(Row.of(1, "one"), Row.of(2, "two"));
        // A bad value of an older key is refused before anything is stored.
        assertThatThrownBy(
                        () ->
                                env.executeSql(
                                        "CREATE TABLE "
                                                + db
                                                + ".bad (id INT) WITH ('format' = 'json',"
                                                + " 'sink.semantic' = 'twice')"))
                .hasStackTraceContaining(
                        "Invalid value 'twice' for option 'sink.semantic' (of the older Pravega"
                                + " connector; use 'sink.delivery-guarantee')");
    }

    // ------------------------------------------------------------------ 3. external streams

    @Test
    void externalStreamIsListedAndReadableAsRawBytesInternalStreamsAreNot() throws Exception {
        TableEnvironment env = catalogEnv("p");
        String db = newDatabase(env);
        PRAVEGA.createStream(db, "ext", 1);
        PravegaTestData.write(PRAVEGA.clientConfig(), db, "ext", Arrays.asList("hello", "world"));
        try (ReaderGroupManager groups = ReaderGroupManager.withScope(db, PRAVEGA.clientConfig())) {
            groups.createReaderGroup(
                    "leftover", ReaderGroupConfig.builder().stream(Stream.of(db, "ext")).build());
        }
        // A view (stored in the catalog's key-value table) that reads the external stream.
        env.executeSql(
                "CREATE VIEW "
                        + db
                        + ".ext_text COMMENT 'events as text' AS SELECT CAST(data AS STRING) AS line"
                        + " FROM "
                        + db
                        + ".ext /*+ OPTIONS('scan.bounded.mode' = 'latest') */");

        List<String> raw = new ArrayList<>();
        PRAVEGA.streamManager().listStreams(db).forEachRemaining(s -> raw.add(s.getStreamName()));
        assertThat(raw).as("Pravega's own streams exist").contains("_RGleftover", "_MARKext");
        Catalog catalog = catalog(env, "p");
        assertThat(catalog.listTables(db)).containsExactly("ext", "ext_text");
        assertThat(catalog.listViews(db)).containsExactly("ext_text");

        CatalogTable ext = (CatalogTable) catalog.getTable(new ObjectPath(db, "ext"));
        assertThat(ext.getUnresolvedSchema().getColumns())
                .extracting(Schema.UnresolvedColumn::getName)
                .containsExactly("data");
        assertThat(ext.getOptions()).containsEntry("format", "raw");
        assertThat(collect(env, "SELECT line FROM " + db + ".ext_text"))
                .containsExactlyInAnyOrder(Row.of("hello"), Row.of("world"));

        // The view is stored: a new catalog sees it, and views (not tables) can be renamed.
        TableEnvironment other = catalogEnv("p2");
        CatalogView view =
                (CatalogView) catalog(other, "p2").getTable(new ObjectPath(db, "ext_text"));
        assertThat(view.getComment()).isEqualTo("events as text");
        assertThat(view.getOriginalQuery()).contains("CAST(`data` AS STRING)");
        other.executeSql("ALTER VIEW " + db + ".ext_text RENAME TO ext_lines");
        assertThat(catalog.listViews(db)).containsExactly("ext_lines");
        other.executeSql("DROP VIEW " + db + ".ext_lines");
        assertThat(catalog.listTables(db)).containsExactly("ext");

        // ALTER TABLE gives an external stream a stored definition.
        env.executeSql("ALTER TABLE " + db + ".ext ADD (note STRING)");
        assertThat(resolved(other, "p2", db, "ext").getResolvedSchema().getColumnNames())
                .containsExactly("data", "note");
    }

    @Test
    void leftoverDefinitionsAreInvisibleAndGiveWayToANewTable() throws Exception {
        TableEnvironment env = catalogEnv("p");
        String db = newDatabase(env);
        env.executeSql("CREATE TABLE " + db + ".gone (id INT) WITH ('format' = 'json')");
        PRAVEGA.streamManager().sealStream(db, "gone");
        PRAVEGA.streamManager().deleteStream(db, "gone");

        Catalog catalog = catalog(env, "p");
        assertThat(catalog.tableExists(new ObjectPath(db, "gone"))).isFalse();
        assertThat(catalog.listTables(db)).isEmpty();
        env.executeSql("CREATE TABLE " + db + ".gone (other INT) WITH ('format' = 'json')");
        assertThat(resolved(env, "p", db, "gone").getResolvedSchema().getColumnNames())
                .containsExactly("other");

        // A definition still marked as being created may be a create in progress elsewhere.
        PravegaConfig config =
                PravegaConfig.builder().controllerUri(PRAVEGA.controllerUri()).build();
        try (PravegaAdmin admin = new PravegaAdmin(config);
                DefinitionStore store = new DefinitionStore(config, admin)) {
            StoredObject half =
                    StoredObject.newVersion(
                            StoredObject.Kind.TABLE,
                            "half",
                            Map.of(),
                            Map.of(TableCreation.CREATING, "true"));
            assertThat(store.compareAndSet(db, half.key(), null, half)).isTrue();
            // ... but one marked long ago is a creation that died half-way.
            StoredObject stale =
                    new StoredObject(
                            StoredObject.Kind.TABLE,
                            "stale",
                            UUID.randomUUID().toString(),
                            System.currentTimeMillis() - Duration.ofMinutes(10).toMillis(),
                            Map.of(),
                            Map.of(TableCreation.CREATING, "true"));
            assertThat(store.compareAndSet(db, stale.key(), null, stale)).isTrue();
        }
        env.executeSql("CREATE TABLE " + db + ".stale (id INT) WITH ('format' = 'json')");
        assertThat(PRAVEGA.streamManager().checkStreamExists(db, "stale")).isTrue();
        assertThat(catalog.tableExists(new ObjectPath(db, "stale"))).isTrue();
        assertThat(catalog.tableExists(new ObjectPath(db, "half"))).isFalse();
        assertThatThrownBy(
                        () ->
                                env.executeSql(
                                        "CREATE TABLE "
                                                + db
                                                + ".half (id INT) WITH ('format' = 'json')"))
                .hasStackTraceContaining("already exists")
                .hasStackTraceContaining("is being created");
        assertThat(PRAVEGA.streamManager().checkStreamExists(db, "half")).isFalse();

        assertThatThrownBy(
                        () ->
                                env.executeSql(
                                        "CREATE TABLE "
                                                + db
                                                + ".`bad_name` (id INT) WITH ('format' = 'json')"))
                .hasStackTraceContaining("not a valid Pravega stream name");
    }

    // ------------------------------------------------------------------ 4. drop database

    @Test
    void dropDatabaseRestrictKeepsEverythingCascadeRemovesAll() throws Exception {
        TableEnvironment env = catalogEnv("p");
        String db = newDatabase(env);
        env.executeSql(
                "CREATE TABLE " + db + ".t (id INT) COMMENT 'kept' WITH ('format' = 'json')");
        env.executeSql("CREATE VIEW " + db + ".v AS SELECT id FROM " + db + ".t");
        PRAVEGA.createStream(db, "outside", 1);

        assertThatThrownBy(() -> env.executeSql("DROP DATABASE " + db))
                .satisfies(
                        e ->
                                assertThat(
                                                ExceptionUtils.findThrowable(
                                                        e, DatabaseNotEmptyException.class))
                                        .isPresent());
        Catalog catalog = catalog(env, "p");
        assertThat(catalog.listTables(db)).containsExactly("outside", "t", "v");
        assertThat(catalog.getTable(new ObjectPath(db, "t")).getComment()).isEqualTo("kept");
        assertThat(PRAVEGA.streamManager().checkStreamExists(db, "t")).isTrue();

        env.executeSql("DROP DATABASE " + db + " CASCADE");
        assertThat(PRAVEGA.streamManager().checkScopeExists(db)).isFalse();
        assertThat(catalog.databaseExists(db)).isFalse();

        // An empty database drops with RESTRICT, even with stored metadata.
        String empty = name("empty");
        env.executeSql("CREATE DATABASE " + empty + " COMMENT 'has metadata'");
        env.executeSql("DROP DATABASE " + empty + " RESTRICT");
        assertThat(PRAVEGA.streamManager().checkScopeExists(empty)).isFalse();
    }

    // ------------------------------------------------------------------ 5. alter, rename, drop

    @Test
    void alterTableSurvivesANewCatalogAndRenameFailsClearly() throws Exception {
        TableEnvironment env = catalogEnv("p");
        String db = newDatabase(env);
        String t = db + ".t";
        env.executeSql(
                "CREATE TABLE "
                        + t
                        + " (id BIGINT, name STRING, qty INT, ts TIMESTAMP(3))"
                        + " COMMENT 'before' WITH ('format' = 'json')");
        env.executeSql("ALTER TABLE " + t + " SET ('json.ignore-parse-errors' = 'true')");
        env.executeSql("ALTER TABLE " + t + " ADD (note STRING COMMENT 'free text')");
        env.executeSql("ALTER TABLE " + t + " MODIFY (name STRING NOT NULL)");
        env.executeSql("ALTER TABLE " + t + " DROP qty");
        env.executeSql("ALTER TABLE " + t + " ADD WATERMARK FOR ts AS ts - INTERVAL '1' SECOND");
        env.executeSql("ALTER TABLE " + t + " MODIFY (id BIGINT NOT NULL)");
        env.executeSql("ALTER TABLE " + t + " ADD PRIMARY KEY (id) NOT ENFORCED");
        env.executeSql("ALTER TABLE " + t + " SET ('json.fail-on-missing-field' = 'false')");
        env.executeSql("ALTER TABLE " + t + " RESET ('json.fail-on-missing-field')");
        // The table comment has no ALTER statement in Flink 1.20; change it through the API.
        Catalog catalog = catalog(env, "p");
        ResolvedCatalogTable current = (ResolvedCatalogTable) resolved(env, "p", db, "t");
        catalog.alterTable(
                new ObjectPath(db, "t"),
                new ResolvedCatalogTable(
                        CatalogTable.newBuilder()
                                .schema(current.getUnresolvedSchema())
                                .comment("after")
                                .options(current.getOptions())
                                .build(),
                        current.getResolvedSchema()),
                false);

        TableEnvironment other = catalogEnv("p2");
        ResolvedCatalogBaseTable<?> seen = resolved(other, "p2", db, "t");
        ResolvedSchema schema = seen.getResolvedSchema();
        assertThat(schema.getColumnNames()).containsExactly("id", "name", "ts", "note");
        assertThat(schema.getColumn("name").get().getDataType())
                .isEqualTo(DataTypes.STRING().notNull());
        assertThat(schema.getColumn("note").get().getComment()).contains("free text");
        assertThat(schema.getWatermarkSpecs()).hasSize(1);
        assertThat(schema.getWatermarkSpecs().get(0).getWatermarkExpression().asSummaryString())
                .contains("INTERVAL");
        assertThat(schema.getPrimaryKey())
                .get()
                .extracting(k -> k.getColumns())
                .isEqualTo(List.of("id"));
        assertThat(seen.getOptions())
                .containsEntry("json.ignore-parse-errors", "true")
                .doesNotContainKey("json.fail-on-missing-field");
        assertThat(seen.getComment()).isEqualTo("after");

        assertThatThrownBy(() -> other.executeSql("ALTER TABLE " + t + " RENAME TO t2"))
                .hasStackTraceContaining("Pravega cannot rename stream '" + db + "/t'");
        assertThat(catalog.tableExists(new ObjectPath(db, "t"))).isTrue();

        // DROP TABLE removes stream and definition; the name is free again at once.
        other.executeSql("DROP TABLE " + t);
        assertThat(PRAVEGA.streamManager().checkStreamExists(db, "t")).isFalse();
        assertThat(catalog.tableExists(new ObjectPath(db, "t"))).isFalse();
        env.executeSql("CREATE TABLE " + t + " (other INT) WITH ('format' = 'csv')");
        assertThat(resolved(other, "p2", db, "t").getResolvedSchema().getColumnNames())
                .containsExactly("other");
    }

    // ------------------------------------------------------------------ 6. racing creates

    @Test
    void concurrentCreateOfOneNameHasExactlyOneWinner() throws Exception {
        PravegaCatalog a = openCatalog("a");
        PravegaCatalog b = openCatalog("b");
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            String db = name("race");
            a.createDatabase(
                    db,
                    new org.apache.flink.table.catalog.CatalogDatabaseImpl(Map.of(), null),
                    false);
            // The first round also races to create the scope's key-value table.
            for (int round = 0; round < 4; round++) {
                ObjectPath path = new ObjectPath(db, "t" + round);
                CyclicBarrier start = new CyclicBarrier(2);
                Future<String> byA = threads.submit(() -> create(a, path, "from a", start));
                Future<String> byB = threads.submit(() -> create(b, path, "from b", start));
                List<String> outcomes = Arrays.asList(byA.get(), byB.get());
                assertThat(outcomes).as("round %s", round).containsOnlyOnce("created");
                assertThat(outcomes).as("round %s", round).containsOnlyOnce("exists");
                String winner = byA.get().equals("created") ? "from a" : "from b";
                assertThat(b.getTable(path).getComment()).isEqualTo(winner);
                assertThat(a.getTable(path).getComment()).isEqualTo(winner);
                assertThat(PRAVEGA.streamManager().checkStreamExists(db, path.getObjectName()))
                        .isTrue();
            }
        } finally {
            threads.shutdownNow();
            a.close();
            b.close();
        }
    }

    private static String create(
            PravegaCatalog catalog, ObjectPath path, String comment, CyclicBarrier start)
            throws Exception {
        ResolvedSchema schema = ResolvedSchema.of(Column.physical("id", DataTypes.INT()));
        CatalogTable table =
                CatalogTable.newBuilder()
                        .schema(Schema.newBuilder().fromResolvedSchema(schema).build())
                        .comment(comment)
                        .options(Map.of("format", "json"))
                        .build();
        start.await(30, TimeUnit.SECONDS);
        try {
            catalog.createTable(path, new ResolvedCatalogTable(table, schema), false);
            return "created";
        } catch (TableAlreadyExistException e) {
            return "exists";
        }
    }

    @Test
    void entriesWhoseKeysCollideStayApart() throws Exception {
        String scope = PRAVEGA.scope();
        PravegaConfig config =
                PravegaConfig.builder().controllerUri(PRAVEGA.controllerUri()).build();
        try (PravegaAdmin admin = new PravegaAdmin(config);
                DefinitionStore store =
                        new DefinitionStore(
                                config, admin, text -> new byte[DefinitionStore.KEY_LENGTH])) {
            StoredObject x = object("x", "1");
            StoredObject y = object("y", "2");
            assertThat(store.compareAndSet(scope, x.key(), null, x)).isTrue();
            assertThat(store.compareAndSet(scope, y.key(), null, y)).isTrue();
            assertThat(store.compareAndSet(scope, y.key(), null, object("y", "3"))).isFalse();
            assertThat(store.get(scope, EntryKey.object("x")))
                    .get()
                    .extracting(o -> o.properties().get("v"))
                    .isEqualTo("1");
            assertThat(store.get(scope, EntryKey.object("y")))
                    .get()
                    .extracting(o -> o.properties().get("v"))
                    .isEqualTo("2");
            assertThat(store.compareAndSet(scope, x.key(), "not-its-version", null)).isFalse();
            assertThat(store.compareAndSet(scope, x.key(), x.writeId(), null)).isTrue();
            assertThat(store.get(scope, EntryKey.object("x"))).isEmpty();
            assertThat(store.list(scope)).extracting(StoredObject::name).containsExactly("y");
            assertThat(store.compareAndSet(scope, y.key(), y.writeId(), null)).isTrue();
            assertThat(store.list(scope)).isEmpty();
        }
    }

    private static StoredObject object(String name, String value) {
        return StoredObject.newVersion(StoredObject.Kind.TABLE, name, Map.of("v", value), Map.of());
    }

    // ------------------------------------------------------------------ 7. secrets

    @Test
    void secretsNeverReachTheStoredDefinition() throws Exception {
        TableEnvironment env =
                catalogEnv("p", "security.username", "alice", "security.password", SECRET);
        String db = newDatabase(env);
        String t = db + ".t";
        env.executeSql("CREATE TABLE " + t + " (id INT, name STRING) WITH ('format' = 'json')");
        // ALTER hands the catalog the table as read, connection options included.
        env.executeSql("ALTER TABLE " + t + " SET ('json.fail-on-missing-field' = 'false')");

        String showCreate = collect(env, "SHOW CREATE TABLE " + t).toString();
        // No credential at all, user name included: see CatalogConnection.
        assertThat(showCreate).doesNotContain("security.username", SECRET);
        // Planning the sink needs the password with the user name; the catalog's factory adds it.
        String plan = env.explainSql("INSERT INTO " + t + " VALUES (1, 'a')");
        assertThat(plan).doesNotContain(SECRET);

        String stored = rawStoredText(db);
        assertThat(stored).contains("json.fail-on-missing-field");
        assertThat(stored)
                .doesNotContain(SECRET)
                .doesNotContain("alice")
                .doesNotContain(PRAVEGA.controllerUri().toString());

        // A table cannot bring its own connection settings.
        assertThatThrownBy(
                        () ->
                                env.executeSql(
                                        "CREATE TABLE "
                                                + db
                                                + ".t2 (id INT) WITH ('format' = 'json',"
                                                + " 'security.password' = 'other-pw')"))
                .hasStackTraceContaining("cannot have option 'security.password'")
                .satisfies(
                        e ->
                                assertThat(ExceptionUtils.stringifyException(e))
                                        .doesNotContain("other-pw"));
        assertThatThrownBy(
                        () ->
                                env.executeSql(
                                        "CREATE TABLE "
                                                + db
                                                + ".t3 (id INT) WITH ('format' = 'json',"
                                                + " 'scope' = 'elsewhere')"))
                .hasStackTraceContaining("take 'scope' from its database");
        assertThatThrownBy(() -> env.executeSql("CREATE TABLE " + db + ".t4 (id INT)"))
                .hasStackTraceContaining("needs option 'format'");
        assertThat(PRAVEGA.streamManager().checkStreamExists(db, "t2")).isFalse();
    }

    /** Every value of the scope's catalog key-value table, as text. */
    private static String rawStoredText(String scope) throws Exception {
        return StoredCatalogBytes.rawText(scope, PRAVEGA.clientConfig());
    }

    // ------------------------------------------------------------------ stream policies

    @Test
    void createTableCreatesTheStreamWithTheTablesPolicy() throws Exception {
        TableEnvironment env = catalogEnv("p");
        String db = newDatabase(env);
        env.executeSql(
                "CREATE TABLE "
                        + db
                        + ".events (id INT) WITH ('format' = 'json',"
                        + " 'stream.scaling.policy' = 'by-event-rate',"
                        + " 'stream.scaling.target-rate' = '50',"
                        + " 'stream.scaling.min-segments' = '2',"
                        + " 'stream.retention.policy' = 'time',"
                        + " 'stream.retention.time' = '1 d')");

        StreamConfiguration config = streamConfiguration(db, "events");
        assertThat(config.getScalingPolicy()).isEqualTo(ScalingPolicy.byEventRate(50, 2, 2));
        assertThat(config.getRetentionPolicy().getRetentionType())
                .isEqualTo(RetentionPolicy.RetentionType.TIME);
        assertThat(config.getRetentionPolicy().getRetentionParam())
                .isEqualTo(Duration.ofDays(1).toMillis());
        assertThat(showCreateTable(catalogEnv("p2"), db + ".events"))
                .contains("'stream.scaling.policy' = 'by-event-rate'")
                .contains("'stream.scaling.target-rate' = '50'")
                .contains("'stream.retention.policy' = 'time'")
                .contains("'stream.retention.time' = '1 d'");

        // A bad policy fails CREATE TABLE before anything exists.
        assertThatThrownBy(
                        () ->
                                env.executeSql(
                                        "CREATE TABLE "
                                                + db
                                                + ".bad (id INT) WITH ('format' = 'json',"
                                                + " 'stream.scaling.policy' = 'by-data-rate')"))
                .hasStackTraceContaining(
                        "'stream.scaling.policy' = 'by-data-rate' needs option"
                                + " 'stream.scaling.target-rate'");
        assertThat(PRAVEGA.streamManager().checkStreamExists(db, "bad")).isFalse();
        assertThat(catalog(env, "p").tableExists(new ObjectPath(db, "bad"))).isFalse();
    }

    @Test
    void alterTableSetChangesTheStreamsPolicyABadValueChangesNothing() throws Exception {
        TableEnvironment env = catalogEnv("p");
        String db = newDatabase(env);
        String t = db + ".t";
        env.executeSql("CREATE TABLE " + t + " (id INT) WITH ('format' = 'json')");
        assertThat(streamConfiguration(db, "t").getScalingPolicy())
                .isEqualTo(ScalingPolicy.fixed(1));

        env.executeSql(
                "ALTER TABLE "
                        + t
                        + " SET ('stream.scaling.policy' = 'by-data-rate',"
                        + " 'stream.scaling.target-rate' = '2048',"
                        + " 'stream.scaling.min-segments' = '2',"
                        + " 'stream.retention.policy' = 'size',"
                        + " 'stream.retention.size' = '512 mb')");

        StreamConfiguration altered = streamConfiguration(db, "t");
        assertThat(altered.getScalingPolicy()).isEqualTo(ScalingPolicy.byDataRate(2048, 2, 2));
        assertThat(altered.getRetentionPolicy().getRetentionType())
                .isEqualTo(RetentionPolicy.RetentionType.SIZE);
        assertThat(altered.getRetentionPolicy().getRetentionParam()).isEqualTo(512L << 20);
        String shown = showCreateTable(catalogEnv("p2"), t);
        assertThat(shown)
                .contains("'stream.scaling.policy' = 'by-data-rate'")
                .contains("'stream.scaling.target-rate' = '2048'")
                .contains("'stream.retention.size' = '512 mb'");

        // Bad values and combinations: the same ValidationException as in DDL, nothing changes.
        assertThatThrownBy(
                        () ->
                                env.executeSql(
                                        "ALTER TABLE "
                                                + t
                                                + " SET ('stream.scaling.scale-factor' = '1')"))
                .hasStackTraceContaining(
                        "Invalid value '1' for option 'stream.scaling.scale-factor': it must be"
                                + " at least 2");
        assertThatThrownBy(
                        () ->
                                env.executeSql(
                                        "ALTER TABLE "
                                                + t
                                                + " SET ('stream.retention.time' = '1 h')"))
                .hasStackTraceContaining(
                        "Option 'stream.retention.time' is only used with"
                                + " 'stream.retention.policy' = 'time'");
        assertThatThrownBy(
                        () ->
                                env.executeSql(
                                        "ALTER TABLE "
                                                + t
                                                + " SET ('stream.scaling.policy' = 'auto')"))
                .hasStackTraceContaining("Invalid value for option 'stream.scaling.policy'");
        assertThat(streamConfiguration(db, "t")).isEqualTo(altered);
        assertThat(showCreateTable(catalogEnv("p2"), t)).isEqualTo(shown);

        // RESET of the retention options removes the stream's retention; its scaling stays.
        env.executeSql(
                "ALTER TABLE " + t + " RESET ('stream.retention.policy', 'stream.retention.size')");
        assertThat(streamConfiguration(db, "t").getRetentionPolicy()).isNull();
        assertThat(streamConfiguration(db, "t").getScalingPolicy())
                .isEqualTo(ScalingPolicy.byDataRate(2048, 2, 2));

        // A stream created outside the catalog gets a policy by ALTER TABLE too.
        PRAVEGA.createStream(db, "outside", 1);
        env.executeSql(
                "ALTER TABLE "
                        + db
                        + ".outside SET ('stream.retention.policy' = 'time',"
                        + " 'stream.retention.time' = '30 min')");
        StreamConfiguration outside = streamConfiguration(db, "outside");
        assertThat(outside.getScalingPolicy()).isEqualTo(ScalingPolicy.fixed(1));
        assertThat(outside.getRetentionPolicy().getRetentionParam())
                .isEqualTo(Duration.ofMinutes(30).toMillis());
    }

    // ------------------------------------------------------------------ unreachable controller

    @Test
    void openOnAnUnreachableControllerFailsInBoundedTimeNamingTheUri() throws Exception {
        String uri = "tcp://localhost:" + freePort();
        long start = System.nanoTime();
        assertThatThrownBy(
                        () ->
                                SqlTestSupport.streaming()
                                        .executeSql(
                                                "CREATE CATALOG bad WITH ('type' = 'pravega',"
                                                        + " 'controller-uri' = '"
                                                        + uri
                                                        + "', 'default-database' = 'x',"
                                                        + " 'controller.timeout' = '2 s')"))
                .hasStackTraceContaining(uri);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
    }

    // ------------------------------------------------------------------ helpers

    private static StreamConfiguration streamConfiguration(String scope, String stream) {
        return PRAVEGA.streamManager()
                .fetchStreamInfo(scope, stream)
                .join()
                .getStreamConfiguration();
    }

    private static String showCreateTable(TableEnvironment env, String table) throws Exception {
        List<Row> rows = collect(env, "SHOW CREATE TABLE " + table);
        assertThat(rows).hasSize(1);
        return (String) rows.get(0).getField(0);
    }

    private static String name(String prefix) {
        return prefix + NAMES.incrementAndGet();
    }

    private static String newDatabase(TableEnvironment env) {
        String db = name("db");
        env.executeSql("CREATE DATABASE " + db);
        return db;
    }

    private static Map<String, String> catalogOptions(String... extra) {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("type", "pravega");
        options.put("controller-uri", PRAVEGA.controllerUri().toString());
        options.put("default-database", "catalogtests");
        for (int i = 0; i + 1 < extra.length; i += 2) {
            options.put(extra[i], extra[i + 1]);
        }
        return options;
    }

    /** A new TableEnvironment with a new catalog instance, in use. */
    private static TableEnvironment catalogEnv(String catalog, String... extra) {
        TableEnvironment env = SqlTestSupport.streaming();
        env.executeSql("CREATE CATALOG " + catalog + " " + with(catalogOptions(extra)));
        env.executeSql("USE CATALOG " + catalog);
        return env;
    }

    private static PravegaCatalog openCatalog(String name) {
        PravegaCatalog catalog =
                (PravegaCatalog)
                        FactoryUtil.createCatalog(
                                name,
                                catalogOptions(),
                                new Configuration(),
                                PravegaCatalogITCase.class.getClassLoader());
        catalog.open();
        return catalog;
    }

    private static String with(Map<String, String> options) {
        return options.entrySet().stream()
                .map(e -> "'" + e.getKey() + "' = '" + e.getValue() + "'")
                .collect(Collectors.joining(", ", "WITH (", ")"));
    }

    private static Catalog catalog(TableEnvironment env, String name) {
        return env.getCatalog(name).orElseThrow();
    }

    private static ResolvedCatalogBaseTable<?> resolved(
            TableEnvironment env, String catalog, String db, String table) {
        return ((TableEnvironmentInternal) env)
                .getCatalogManager()
                .getTableOrError(ObjectIdentifier.of(catalog, db, table))
                .getResolvedTable();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
