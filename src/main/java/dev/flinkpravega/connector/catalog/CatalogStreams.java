package dev.flinkpravega.connector.catalog;

import dev.flinkpravega.connector.config.PravegaAdmin;
import dev.flinkpravega.connector.config.StreamPolicy;
import dev.flinkpravega.connector.config.StreamRef;
import io.pravega.client.admin.StreamManager;
import io.pravega.client.stream.StreamConfiguration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.flink.table.catalog.exceptions.CatalogException;

/**
 * The catalog's scope and stream calls to the controller, each bounded by the controller timeout.
 * Names starting with '_' are Pravega's own (the {@code _system} scope, reader-group state streams
 * {@code _RG*}, watermark streams {@code _MARK*}); user names cannot start with it, so they are
 * never listed.
 */
final class CatalogStreams {

    private final PravegaAdmin admin;

    CatalogStreams(PravegaAdmin admin) {
        this.admin = admin;
    }

    static boolean isInternal(String name) {
        return name.startsWith("_");
    }

    List<String> listScopes() {
        StreamManager manager = admin.streamManager();
        return admin.call(
                "listing scopes",
                () -> {
                    List<String> scopes = new ArrayList<>();
                    Iterator<String> it = manager.listScopes();
                    while (it.hasNext()) {
                        String scope = it.next();
                        if (!isInternal(scope)) {
                            scopes.add(scope);
                        }
                    }
                    return scopes;
                });
    }

    boolean scopeExists(String scope) {
        StreamManager manager = admin.streamManager();
        return admin.call("checking scope '" + scope + "'", () -> manager.checkScopeExists(scope));
    }

    /** Creates the scope; false if it existed. */
    boolean createScope(String scope) {
        StreamManager manager = admin.streamManager();
        return admin.call("creating scope '" + scope + "'", () -> manager.createScope(scope));
    }

    /** Deletes the scope with everything in it: streams, reader groups, key-value tables. */
    void deleteScopeRecursive(String scope) {
        StreamManager manager = admin.streamManager();
        admin.call("deleting scope '" + scope + "'", () -> manager.deleteScopeRecursive(scope));
    }

    /** The user streams of the scope, without Pravega's internal ones. */
    List<String> listStreams(String scope) {
        StreamManager manager = admin.streamManager();
        return admin.call(
                "listing the streams of scope '" + scope + "'",
                () -> {
                    List<String> streams = new ArrayList<>();
                    manager.listStreams(scope)
                            .forEachRemaining(
                                    s -> {
                                        if (!isInternal(s.getStreamName())) {
                                            streams.add(s.getStreamName());
                                        }
                                    });
                    return streams;
                });
    }

    boolean streamExists(String scope, String stream) {
        StreamManager manager = admin.streamManager();
        return admin.call(
                "checking stream '" + scope + "/" + stream + "'",
                () -> manager.checkStreamExists(scope, stream));
    }

    /** Creates the stream with the policy's scaling and retention; false if it existed. */
    boolean createStream(String scope, String stream, StreamPolicy policy) {
        StreamManager manager = admin.streamManager();
        StreamConfiguration config = policy.toStreamConfiguration();
        return admin.call(
                "creating stream '" + scope + "/" + stream + "'",
                () -> manager.createStream(scope, stream, config));
    }

    /** The stream's configuration as the controller has it. */
    StreamConfiguration configuration(String scope, String stream) {
        return admin.configuration(StreamRef.of(scope, stream));
    }

    /** Replaces the stream's configuration (scaling, retention); Pravega scales it if needed. */
    void updateStream(String scope, String stream, StreamConfiguration config) {
        StreamManager manager = admin.streamManager();
        boolean updated =
                admin.call(
                        "updating the configuration of stream '" + scope + "/" + stream + "'",
                        () -> manager.updateStream(scope, stream, config));
        if (!updated) {
            throw new CatalogException(
                    "Pravega did not update the configuration of stream '"
                            + scope
                            + "/"
                            + stream
                            + "' to "
                            + StreamPolicy.describe(config));
        }
    }

    /** Seals and deletes the stream (Pravega deletes only sealed streams). */
    void sealAndDelete(String scope, String stream) {
        StreamManager manager = admin.streamManager();
        admin.call(
                "sealing stream '" + scope + "/" + stream + "'",
                () -> manager.sealStream(scope, stream));
        admin.call(
                "deleting stream '" + scope + "/" + stream + "'",
                () -> manager.deleteStream(scope, stream));
    }
}
