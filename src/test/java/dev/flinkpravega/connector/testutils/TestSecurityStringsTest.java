package dev.flinkpravega.connector.testutils;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** CI's check for secrets in the logs looks for the secrets the secured test cluster has. */
class TestSecurityStringsTest {

    @Test
    void theCiLogCheckLooksForTheTestClustersSecrets() throws Exception {
        String script = Files.readString(Path.of(".ci", "no-secrets-in-logs"));
        assertThat(script).contains(TestSecurity.PASSWORD, TestSecurity.TOKEN);
        assertThat(Files.readString(Path.of(".ci", "run"))).contains(".ci/no-secrets-in-logs");
    }
}
