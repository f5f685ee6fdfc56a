package dev.flinkpravega.connector.examples;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Runs Flink's own SQL Client ({@code SqlClient embedded -f <file> -j <jar>}) on one SQL file in a
 * child JVM. The child gets exactly the classpath resolved from {@code src/test/sql-client/pom.xml}
 * (no project classes, no Pravega jars) and the connector's SQL jar through {@code -j}, so a run
 * proves that the shaded jar works on its own.
 */
final class SqlClientProcess {
    private static final String MAIN_CLASS = "org.apache.flink.table.client.SqlClient";
    private static final Pattern ANSI_ESCAPE = Pattern.compile("\u001B\\[[;\\d]*m");

    private final String classpath;
    private final Path sqlJar;
    private final Path workDir;
    private final Path confDir;

    private SqlClientProcess(String classpath, Path sqlJar, Path workDir) throws IOException {
        this.classpath = classpath;
        this.sqlJar = sqlJar;
        this.workDir = workDir;
        this.confDir = Files.createDirectories(workDir.resolve("conf"));
        writeConfiguration();
    }

    /**
     * A runner from the system properties failsafe sets: {@code sql-client.classpath} (the file the
     * build resolves in pre-integration-test) and {@code sql.jar} (the shaded jar).
     */
    static SqlClientProcess fromSystemProperties(Path workDir) throws IOException {
        Path classpathFile = existing("sql-client.classpath", "run mvn verify");
        Path sqlJar = existing("sql.jar", "run mvn package first");
        String classpath = Files.readString(classpathFile, StandardCharsets.UTF_8).trim();
        return new SqlClientProcess(classpath, sqlJar, workDir);
    }

    private static Path existing(String property, String hint) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank() || !Files.exists(Paths.get(value))) {
            throw new IllegalStateException(
                    "system property " + property + " names no file (" + value + "); " + hint);
        }
        return Paths.get(value);
    }

    private void writeConfiguration() throws IOException {
        // No cluster: every job runs in a MiniCluster inside the client. Ports are random.
        Files.writeString(
                confDir.resolve("config.yaml"),
                String.join("\n", "execution.target: local", "parallelism.default: 1", ""));
        // Logs go to a file per run, so stdout holds only what the client prints.
        Files.writeString(
                confDir.resolve("log4j-cli.properties"),
                String.join(
                        "\n",
                        "rootLogger.level = INFO",
                        "rootLogger.appenderRef.file.ref = FileAppender",
                        "appender.file.name = FileAppender",
                        "appender.file.type = File",
                        "appender.file.fileName = ${sys:log.file}",
                        "appender.file.append = false",
                        "appender.file.layout.type = PatternLayout",
                        "appender.file.layout.pattern = %d{HH:mm:ss,SSS} %-5p %-50c %t - %m%n",
                        ""));
    }

    /** Runs the client on {@code script}; kills it and fails after {@code timeout}. */
    Result run(Path script, Duration timeout) throws IOException, InterruptedException {
        String name = script.getFileName().toString().replaceFirst("\\.sql$", "");
        Path stdout = workDir.resolve(name + ".out");
        Path stderr = workDir.resolve(name + ".err");
        Path log = workDir.resolve(name + ".log");
        List<String> command =
                new ArrayList<>(
                        Arrays.asList(
                                Paths.get(System.getProperty("java.home"), "bin", "java")
                                        .toString(),
                                "-Xmx1g",
                                // a short-lived client: C1 alone needs half the CPU time
                                "-XX:TieredStopAtLevel=1",
                                "-XX:+UseSerialGC",
                                "-Dlog.file=" + log,
                                "-Dlog4j.configurationFile="
                                        + confDir.resolve("log4j-cli.properties"),
                                "-cp",
                                classpath,
                                MAIN_CLASS,
                                "embedded",
                                // the default history file is in the user's home
                                "--history",
                                workDir.resolve("history").toString(),
                                "-j",
                                sqlJar.toString(),
                                "-f",
                                script.toString()));
        ProcessBuilder builder =
                new ProcessBuilder(command)
                        .directory(workDir.toFile())
                        .redirectOutput(stdout.toFile())
                        .redirectError(stderr.toFile());
        builder.environment().put("FLINK_CONF_DIR", confDir.toString());
        long start = System.nanoTime();
        Process process = builder.start();
        process.getOutputStream().close(); // no terminal input: the client reads only the file
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError(
                    "the SQL Client did not finish "
                            + script
                            + " within "
                            + timeout
                            + "; see "
                            + stdout
                            + " and "
                            + log);
        }
        return new Result(
                process.exitValue(),
                read(stdout),
                read(stderr),
                log,
                Duration.ofNanos(System.nanoTime() - start));
    }

    private static String read(Path file) throws IOException {
        return ANSI_ESCAPE.matcher(Files.readString(file, StandardCharsets.UTF_8)).replaceAll("");
    }

    /** What one run of the client left: exit code, its printed output (colours removed), logs. */
    static final class Result {
        final int exitCode;
        final String stdout;
        final String stderr;
        final Path logFile;
        final Duration elapsed;

        Result(int exitCode, String stdout, String stderr, Path logFile, Duration elapsed) {
            this.exitCode = exitCode;
            this.stdout = stdout;
            this.stderr = stderr;
            this.logFile = logFile;
            this.elapsed = elapsed;
        }
    }
}
