package io.pravega.client.tables.impl;

import io.pravega.client.ClientConfig;
import io.pravega.client.KeyValueTableFactory;
import io.pravega.client.admin.KeyValueTableInfo;
import io.pravega.client.connection.impl.ConnectionPool;
import io.pravega.client.connection.impl.ConnectionPoolImpl;
import io.pravega.client.connection.impl.SocketConnectionFactoryImpl;
import io.pravega.client.control.impl.Controller;
import io.pravega.client.control.impl.ControllerImpl;
import io.pravega.client.control.impl.ControllerImplConfig;
import io.pravega.client.security.auth.DelegationTokenProviderFactory;
import io.pravega.client.tables.KeyValueTable;
import io.pravega.client.tables.KeyValueTableClientConfiguration;
import io.pravega.shared.security.auth.AccessOperation;

/**
 * Pravega's {@code KeyValueTableFactory.withScope}, with one difference: the delegation token the
 * table segments are accessed with is asked for the name the segment store checks it against.
 *
 * <p>Pravega 0.13's own factory asks the controller for a token for the stream {@code <table>}; the
 * segment store then checks it against the table's segments, {@code
 * <scope>/<table>_kvtable/<n>.#epoch.<e>}, finds no matching claim and refuses every read and write
 * when authentication is on (pravega/pravega#5374, open). The client retries until its own timeout,
 * so a catalog on a secured Pravega timed out on its first table. A token for {@code
 * <table>_kvtable} matches those segments; without authentication tokens are empty and nothing
 * changes. It lives in Pravega's package because {@link KeyValueTableImpl} and {@link
 * TableSegmentFactoryImpl} are package-private there.
 */
public final class CatalogKeyValueTableFactory implements KeyValueTableFactory {

    /** The suffix Pravega gives a key-value table's segments' stream name. */
    private static final String SEGMENT_STREAM_SUFFIX = "_kvtable";

    private final String scope;
    private final Controller controller;
    private final ConnectionPool connectionPool;

    private CatalogKeyValueTableFactory(
            String scope, Controller controller, ConnectionPool connectionPool) {
        this.scope = scope;
        this.controller = controller;
        this.connectionPool = connectionPool;
    }

    /** Like {@code KeyValueTableFactory.withScope(scope, config)}. */
    public static CatalogKeyValueTableFactory withScope(String scope, ClientConfig config) {
        SocketConnectionFactoryImpl connections = new SocketConnectionFactoryImpl(config);
        ConnectionPool pool = new ConnectionPoolImpl(config, connections);
        Controller controller =
                new ControllerImpl(
                        ControllerImplConfig.builder().clientConfig(config).build(),
                        connections.getInternalExecutor());
        return new CatalogKeyValueTableFactory(scope, controller, pool);
    }

    @Override
    public KeyValueTable forKeyValueTable(
            String keyValueTableName, KeyValueTableClientConfiguration clientConfiguration) {
        KeyValueTableInfo table = new KeyValueTableInfo(scope, keyValueTableName);
        TableSegmentFactoryImpl segments =
                new TableSegmentFactoryImpl(
                        controller,
                        connectionPool,
                        clientConfiguration,
                        DelegationTokenProviderFactory.create(
                                controller,
                                scope,
                                keyValueTableName + SEGMENT_STREAM_SUFFIX,
                                AccessOperation.READ_WRITE));
        return new KeyValueTableImpl(
                table, segments, controller, connectionPool.getInternalExecutor());
    }

    @Override
    public void close() {
        controller.close();
        connectionPool.close();
    }
}
