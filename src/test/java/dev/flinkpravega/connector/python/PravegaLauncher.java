package dev.flinkpravega.connector.python;

import dev.flinkpravega.connector.testutils.PravegaExtension;
import dev.flinkpravega.connector.testutils.TestSecurity;
import java.io.IOException;
import java.io.InputStream;

/**
 * Runs an in-process Pravega for tests outside the JVM (the PyFlink tests): prints {@code
 * PRAVEGA_CONTROLLER_URI=tcp://localhost:<port>} on standard output once the cluster accepts
 * streams (with {@code --secured}: a cluster with TLS and authentication, and before that line
 * {@code PRAVEGA_TRUST_STORE=}, {@code PRAVEGA_USERNAME=} and {@code PRAVEGA_PASSWORD=} lines), and
 * stops it when standard input closes or the process gets a termination signal. Logs go to standard
 * error.
 */
public final class PravegaLauncher {
    /** The prefix of the one line this program prints on standard output. */
    public static final String URI_PREFIX = "PRAVEGA_CONTROLLER_URI=";

    private PravegaLauncher() {}

    public static void main(String[] args) throws Exception {
        boolean secured = java.util.Arrays.asList(args).contains("--secured");
        PravegaExtension pravega = secured ? PravegaExtension.secured() : new PravegaExtension();
        // SIGTERM, SIGINT and System.exit all run the hook; stop() is bounded.
        Runtime.getRuntime()
                .addShutdownHook(new Thread(() -> stopQuietly(pravega), "pravega-launcher-stop"));
        pravega.start();
        if (secured) {
            System.out.println("PRAVEGA_TRUST_STORE=" + pravega.security().trustStore());
            System.out.println("PRAVEGA_USERNAME=" + TestSecurity.USERNAME);
            System.out.println("PRAVEGA_PASSWORD=" + TestSecurity.PASSWORD);
        }
        System.out.println(URI_PREFIX + pravega.controllerUri());
        System.out.flush();
        awaitEndOfInput(System.in);
        // Pravega's non-daemon threads would keep the JVM alive; the hook stops the cluster.
        System.exit(0);
    }

    /** Blocks until {@code in} is closed by the other side. */
    static void awaitEndOfInput(InputStream in) throws IOException {
        byte[] buffer = new byte[256];
        while (in.read(buffer) >= 0) {
            // input is ignored: only its end matters
        }
    }

    private static void stopQuietly(PravegaExtension pravega) {
        try {
            pravega.stop();
        } catch (Exception e) {
            System.err.println("Stopping the in-process Pravega failed: " + e);
        }
    }
}
