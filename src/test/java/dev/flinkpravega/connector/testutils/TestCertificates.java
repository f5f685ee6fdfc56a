package dev.flinkpravega.connector.testutils;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A certificate authority and a server certificate it signed, made at test time with the JDK's
 * {@code keytool} (nothing secret is committed), as the PEM files Pravega's controller and segment
 * store read and the trust store a client needs.
 */
public final class TestCertificates {

    private static final String STORE_PASSWORD = "test-store-password";

    private final Path directory;

    private TestCertificates(Path directory) {
        this.directory = directory;
    }

    /**
     * Makes a CA and a server certificate for the given subject alternative names (as keytool
     * writes them: {@code dns:localhost}, {@code ip:127.0.0.1}) in a new temporary directory.
     */
    public static TestCertificates create(String... subjectAlternativeNames) throws Exception {
        Path dir = Files.createTempDirectory("pravega-tls");
        dir.toFile().deleteOnExit();
        keytool(
                dir,
                "-genkeypair",
                "-alias",
                "ca",
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-dname",
                "CN=flink-connector-pravega test CA",
                "-ext",
                "bc:c",
                "-validity",
                "2",
                "-keystore",
                "ca.p12",
                "-storetype",
                "PKCS12",
                "-storepass",
                STORE_PASSWORD);
        keytool(
                dir,
                "-genkeypair",
                "-alias",
                "server",
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-dname",
                "CN=localhost",
                "-validity",
                "2",
                "-keystore",
                "server.p12",
                "-storetype",
                "PKCS12",
                "-storepass",
                STORE_PASSWORD);
        keytool(
                dir,
                "-certreq",
                "-alias",
                "server",
                "-keystore",
                "server.p12",
                "-storepass",
                STORE_PASSWORD,
                "-file",
                "server.csr");
        keytool(
                dir,
                "-gencert",
                "-alias",
                "ca",
                "-keystore",
                "ca.p12",
                "-storepass",
                STORE_PASSWORD,
                "-infile",
                "server.csr",
                "-outfile",
                "server-only.pem",
                "-rfc",
                "-validity",
                "2",
                "-ext",
                "san=" + String.join(",", subjectAlternativeNames));
        keytool(
                dir,
                "-exportcert",
                "-alias",
                "ca",
                "-keystore",
                "ca.p12",
                "-storepass",
                STORE_PASSWORD,
                "-rfc",
                "-file",
                "ca.pem");
        // The server presents its certificate and the CA's; Pravega's controller also trusts
        // this file when it talks to the segment store.
        Files.writeString(
                dir.resolve("server.pem"),
                Files.readString(dir.resolve("server-only.pem"))
                        + Files.readString(dir.resolve("ca.pem")));
        writePrivateKeyPem(dir.resolve("server.p12"), dir.resolve("server-key.pem"));
        Files.writeString(dir.resolve("store-password.txt"), STORE_PASSWORD);
        return new TestCertificates(dir);
    }

    /** The CA certificate (PEM): what {@code security.trust-store} points at. */
    public Path caCertificate() {
        return directory.resolve("ca.pem");
    }

    /** The server's certificate chain (PEM). */
    public Path serverCertificate() {
        return directory.resolve("server.pem");
    }

    /** The server's private key (unencrypted PKCS#8 PEM, as Netty reads it). */
    public Path serverKey() {
        return directory.resolve("server-key.pem");
    }

    /** The server's key store (PKCS#12), for the parts of Pravega that want Java key stores. */
    public Path serverKeyStore() {
        return directory.resolve("server.p12");
    }

    /** A file holding the key stores' password. */
    public Path storePasswordFile() {
        return directory.resolve("store-password.txt");
    }

    private static void writePrivateKeyPem(Path keyStoreFile, Path pem)
            throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStoreFile)) {
            store.load(in, STORE_PASSWORD.toCharArray());
        }
        Key key = store.getKey("server", STORE_PASSWORD.toCharArray());
        String base64 =
                Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(key.getEncoded());
        Files.writeString(
                pem, "-----BEGIN PRIVATE KEY-----\n" + base64 + "\n-----END PRIVATE KEY-----\n");
    }

    private static void keytool(Path dir, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.add("-noprompt");
        command.addAll(List.of(args));
        Process process =
                new ProcessBuilder(command)
                        .directory(dir.toFile())
                        .redirectErrorStream(true)
                        .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException("keytool " + String.join(" ", args) + " failed: " + output);
        }
    }
}
