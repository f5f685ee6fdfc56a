package dev.flinkpravega.connector.examples;

import dev.flinkpravega.connector.testutils.PravegaExtension;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableResult;

/**
 * Starts an embedded Pravega and a local Flink, runs the statements of SQL files one after the
 * other, each in a new TableEnvironment (by default {@code sql-examples/quickstart.sql}, then
 * {@code sql-examples/catalog.sql}), and prints every query result as a table.
 */
public final class QuickstartRunner {
    private static final Pattern QUERY =
            Pattern.compile(
                    "\\s*(SELECT|WITH|SHOW|DESCRIBE|DESC|EXPLAIN)\\b", Pattern.CASE_INSENSITIVE);

    private QuickstartRunner() {}

    public static void main(String[] args) throws Exception {
        String[] scripts =
                args.length > 0
                        ? args
                        : new String[] {"sql-examples/quickstart.sql", "sql-examples/catalog.sql"};
        long start = System.nanoTime();
        PravegaExtension pravega = new PravegaExtension();
        int exitCode = 1;
        try {
            pravega.start();
            System.out.println("Embedded Pravega controller at " + pravega.controllerUri());
            for (String script : scripts) {
                run(Paths.get(script), pravega.controllerUri().toString());
            }
            exitCode = 0;
        } catch (Exception e) {
            e.printStackTrace();
        } finally {
            pravega.stop();
            System.out.printf(
                    "Quickstart %s in %.1f s%n",
                    exitCode == 0 ? "finished" : "FAILED", (System.nanoTime() - start) / 1e9);
            // Pravega's and Flink's non-daemon threads would keep the JVM alive.
            System.exit(exitCode);
        }
    }

    /** Runs every statement; queries print their rows, other jobs are awaited. */
    public static void run(Path script, String controllerUri) throws Exception {
        TableEnvironment env = TableEnvironment.create(EnvironmentSettings.inStreamingMode());
        for (String statement : SqlScript.statements(script, controllerUri)) {
            System.out.println("\nFlink SQL> " + statement.replace("\n", "\n> ") + ";");
            Optional<Map.Entry<String, String>> option = SqlScript.setOption(statement);
            if (option.isPresent()) {
                // As the SQL Client does; queries print and INSERTs are awaited here anyway.
                env.getConfig().set(option.get().getKey(), option.get().getValue());
                System.out.println("[INFO] Execute statement succeeded.");
                continue;
            }
            TableResult result = env.executeSql(statement);
            if (QUERY.matcher(statement).lookingAt()) {
                result.print();
            } else if (result.getJobClient().isPresent()) {
                result.await(5, TimeUnit.MINUTES);
                System.out.println(
                        "[INFO] Job " + result.getJobClient().get().getJobID() + " finished.");
            } else {
                System.out.println("[INFO] Execute statement succeeded.");
            }
        }
    }
}
