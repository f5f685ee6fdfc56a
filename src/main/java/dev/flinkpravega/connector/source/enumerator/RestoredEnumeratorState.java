package dev.flinkpravega.connector.source.enumerator;

import dev.flinkpravega.connector.config.StreamRef;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The enumerator's state after a restore into a job whose configuration may have changed since the
 * checkpoint or savepoint (other 'scan.streams', another reader group name). Kafka's rule:
 *
 * <ul>
 *   <li>A stream the state knows goes on from the state: its position in the restored Pravega
 *       checkpoint, else its start cut, up to its end cut (both resolved when the job first
 *       started).
 *   <li>A stream the state does not know (added) gets the cuts of the configured startup and
 *       bounded modes, resolved at this restore ('latest' is its tail now).
 *   <li>A stream the state knows but the configuration no longer lists (removed) is dropped: its
 *       cuts go, and its positions in the checkpoint are not read.
 *   <li>End cuts follow the configured bounded mode: an unbounded configuration has none; a bounded
 *       one keeps the state's end cut of each stream that has one and resolves the others now.
 *   <li>The reader group is the configuration's (the user's 'scan.reader-group.name', else the
 *       restored job's own random name), reset to the state's positions. The state's group is not
 *       touched: the job that took a savepoint may still be reading through it.
 * </ul>
 *
 * A restore into the same job (a failover) changes nothing.
 */
final class RestoredEnumeratorState {
    private static final Logger LOG = LoggerFactory.getLogger(RestoredEnumeratorState.class);

    private RestoredEnumeratorState() {}

    /**
     * {@code restored} fitted to a job reading {@code streams} through reader group {@code
     * scope/name}, bounded or not; {@code configured} resolves the cuts of streams the state lacks.
     */
    static PravegaEnumeratorState merge(
            PravegaEnumeratorState restored,
            List<StreamRef> streams,
            String scope,
            String name,
            boolean bounded,
            ConfiguredCuts configured) {
        Map<String, String> known = restored.startCuts();
        List<StreamRef> added = new ArrayList<>();
        List<String> listed = new ArrayList<>();
        for (StreamRef stream : streams) {
            listed.add(stream.qualifiedName());
            if (!known.containsKey(stream.qualifiedName())) {
                added.add(stream);
            }
        }
        List<String> dropped = new ArrayList<>(known.keySet());
        dropped.removeAll(listed);

        Map<String, String> addedStarts = added.isEmpty() ? Map.of() : configured.startCuts(added);
        Map<String, String> startCuts = new LinkedHashMap<>();
        for (StreamRef stream : streams) {
            String key = stream.qualifiedName();
            String start = known.containsKey(key) ? known.get(key) : addedStarts.get(key);
            if (start != null) {
                startCuts.put(key, start);
            }
        }

        Map<String, String> endCuts = new LinkedHashMap<>();
        List<StreamRef> endless = new ArrayList<>();
        if (bounded) {
            for (StreamRef stream : streams) {
                if (!restored.endCuts().containsKey(stream.qualifiedName())) {
                    endless.add(stream);
                }
            }
            Map<String, String> resolvedEnds =
                    endless.isEmpty() ? Map.of() : configured.endCuts(endless);
            for (StreamRef stream : streams) {
                String key = stream.qualifiedName();
                String end = restored.endCuts().get(key);
                if (end == null) {
                    end = resolvedEnds.get(key);
                }
                if (end != null) {
                    endCuts.put(key, end);
                }
            }
        } else if (!restored.endCuts().isEmpty()) {
            LOG.info(
                    "Restored source is unbounded now: the end stream cuts of the restored state"
                            + " ({}) are not used",
                    restored.endCuts().keySet());
        }

        if (!added.isEmpty()) {
            LOG.info(
                    "Streams added since the restored state: {}; they start (and end) as the"
                            + " startup and bounded modes say, resolved now",
                    added);
        }
        if (!dropped.isEmpty()) {
            LOG.info(
                    "Streams removed since the restored state: {}; their positions are not read",
                    dropped);
        }
        List<StreamRef> knownWithoutEnd = new ArrayList<>(endless);
        knownWithoutEnd.removeAll(added);
        if (!knownWithoutEnd.isEmpty()) {
            LOG.info(
                    "Restored streams {} had no end stream cut; the bounded mode gives them one"
                            + " now",
                    knownWithoutEnd);
        }
        if (!restored.readerGroupScope().equals(scope)
                || !restored.readerGroupName().equals(name)) {
            LOG.info(
                    "Restoring the positions of reader group {}/{} into reader group {}/{} (the"
                            + " configured one); {}/{} is left as it is",
                    restored.readerGroupScope(),
                    restored.readerGroupName(),
                    scope,
                    name,
                    restored.readerGroupScope(),
                    restored.readerGroupName());
        }
        return new PravegaEnumeratorState(
                scope,
                name,
                startCuts,
                endCuts,
                restored.checkpoint(),
                restored.finishedSubtasks());
    }
}
