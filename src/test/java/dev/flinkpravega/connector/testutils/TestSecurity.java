package dev.flinkpravega.connector.testutils;

import io.pravega.shared.security.crypto.StrongPasswordProcessor;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The secured test cluster's TLS material and identities. The secrets are distinctive strings, so
 * that a test can look for them anywhere they must not be (plans, logs, messages, stored bytes).
 */
public final class TestSecurity {

    /** A user with every right, known to the cluster's password file. */
    public static final String USERNAME = "flink-tester";

    public static final String PASSWORD = "Pw-7c1e-never-shown";

    /** The authentication method of {@link TestTokenAuthHandler} and the one token it accepts. */
    public static final String TOKEN_TYPE = "TestToken";

    public static final String TOKEN = "Tk-93b4-never-shown";

    private final TestCertificates certificates;
    private final Path passwordFile;

    private TestSecurity(TestCertificates certificates, Path passwordFile) {
        this.certificates = certificates;
        this.passwordFile = passwordFile;
    }

    /** Certificates for the given subject alternative names and the password file. */
    static TestSecurity create(String... subjectAlternativeNames) throws Exception {
        TestCertificates certificates = TestCertificates.create(subjectAlternativeNames);
        // Pravega's password file: user:PBKDF2 hash:ACL; "prn::*,READ_UPDATE" grants everything.
        String hash = StrongPasswordProcessor.builder().build().encryptPassword(PASSWORD);
        Path passwordFile = certificates.caCertificate().resolveSibling("passwords.txt");
        Files.writeString(passwordFile, USERNAME + ":" + hash + ":prn::*,READ_UPDATE;\n");
        return new TestSecurity(certificates, passwordFile);
    }

    public TestCertificates certificates() {
        return certificates;
    }

    /** The CA certificate a client trusts: the value of {@code security.trust-store}. */
    public String trustStore() {
        return certificates.caCertificate().toString();
    }

    Path passwordFile() {
        return passwordFile;
    }
}
