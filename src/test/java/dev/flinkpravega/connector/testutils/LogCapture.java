package dev.flinkpravega.connector.testutils;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Keeps every log line of a test class, each with its stack trace, at a finer level than the test
 * log prints: the console still shows only what it usually does. For tests about what must never be
 * logged.
 */
public final class LogCapture implements BeforeAllCallback, AfterAllCallback {

    private final Level level;
    private final List<String> lines = new ArrayList<>();
    private final Map<String, Level> previousLevels = new LinkedHashMap<>();
    private Appender appender;

    /** Captures the given level and above from every logger. */
    public LogCapture(Level level) {
        this.level = level;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        LoggerContext logging = (LoggerContext) LogManager.getContext(false);
        Configuration config = logging.getConfiguration();
        appender =
                new AbstractAppender("capture", null, null, true, Property.EMPTY_ARRAY) {
                    @Override
                    public void append(LogEvent event) {
                        StringBuilder line =
                                new StringBuilder(event.getLoggerName())
                                        .append(" ")
                                        .append(event.getLevel())
                                        .append(" - ")
                                        .append(event.getMessage().getFormattedMessage());
                        for (Throwable t = event.getThrown(); t != null; t = t.getCause()) {
                            line.append("\n").append(t);
                        }
                        synchronized (lines) {
                            lines.add(line.toString());
                        }
                    }
                };
        appender.start();
        config.addAppender(appender);
        // Every configured logger gets the finer level; the console keeps printing the root's
        // old level (a logger's own lines above it, e.g. the connector's INFO, are not printed
        // meanwhile). The capture hangs at the root: the loggers are additive.
        LoggerConfig root = config.getRootLogger();
        for (LoggerConfig logger : config.getLoggers().values()) {
            previousLevels.put(logger.getName(), logger.getLevel());
        }
        previousLevels.put(root.getName(), root.getLevel());
        for (String ref : new ArrayList<>(root.getAppenders().keySet())) {
            Appender console = root.getAppenders().get(ref);
            root.removeAppender(ref);
            root.addAppender(console, root.getLevel(), null);
        }
        for (LoggerConfig logger : config.getLoggers().values()) {
            logger.setLevel(level);
        }
        root.setLevel(level);
        root.addAppender(appender, level, null);
        logging.updateLoggers();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        LoggerContext logging = (LoggerContext) LogManager.getContext(false);
        Configuration config = logging.getConfiguration();
        LoggerConfig root = config.getRootLogger();
        root.removeAppender(appender.getName());
        for (String ref : new ArrayList<>(root.getAppenders().keySet())) {
            Appender console = root.getAppenders().get(ref);
            root.removeAppender(ref);
            root.addAppender(console, null, null);
        }
        for (LoggerConfig logger : config.getLoggers().values()) {
            Level previous = previousLevels.get(logger.getName());
            if (previous != null) {
                logger.setLevel(previous);
            }
        }
        root.setLevel(previousLevels.get(root.getName()));
        logging.updateLoggers();
        appender.stop();
        // Kept for whoever must find out why a test of the class failed.
        try {
            Path file =
                    Path.of(
                            "target",
                            "captured-" + context.getRequiredTestClass().getSimpleName() + ".log");
            Files.write(file, lines());
        } catch (IOException e) {
            // the capture's own checks are done; a missing copy is no failure
        }
    }

    /** Every line captured so far. */
    public List<String> lines() {
        synchronized (lines) {
            return new ArrayList<>(lines);
        }
    }
}
