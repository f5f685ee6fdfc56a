package dev.flinkpravega.connector.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Opens the shaded SQL jar that {@code mvn package} attached (classifier {@code sql}) and checks
 * what a Flink user drops into {@code lib/}: our classes and relocated third-party classes only,
 * our factories in the merged service file, nothing signed.
 */
class SqlJarContentITCase {

    private static final String FACTORY_SERVICE =
            "META-INF/services/org.apache.flink.table.factories.Factory";
    private static final String OWN_PACKAGE = "dev/flinkpravega/connector/";
    private static final String SHADED_PACKAGE = "dev/flinkpravega/shaded/";

    private static Path jar;
    private static List<String> entries;

    @BeforeAll
    static void openJar() throws IOException {
        String location = System.getProperty("sql.jar");
        assertThat(location).as("system property sql.jar (set by failsafe)").isNotBlank();
        jar = Paths.get(location);
        assertThat(jar).as("the SQL jar; run mvn package first").exists();
        entries = new ArrayList<>();
        try (JarFile file = new JarFile(jar.toFile())) {
            Enumeration<JarEntry> all = file.entries();
            while (all.hasMoreElements()) {
                entries.add(all.nextElement().getName());
            }
        }
        System.out.printf(
                "SQL jar %s: %.1f MB, %d entries%n",
                jar.getFileName(), Files.size(jar) / 1e6, entries.size());
    }

    @Test
    void everyClassIsOursOrRelocated() {
        List<String> strays =
                entries.stream()
                        .filter(name -> name.endsWith(".class"))
                        .map(SqlJarContentITCase::withoutVersionPrefix)
                        .filter(
                                name ->
                                        !name.startsWith(OWN_PACKAGE)
                                                && !name.startsWith(SHADED_PACKAGE))
                        .collect(Collectors.toList());
        assertThat(strays).as("classes outside our own and the relocated packages").isEmpty();
    }

    @Test
    void theClientAndItsDependenciesAreInsideRelocated() {
        for (String relocated :
                Arrays.asList(
                        "io/pravega/client/ClientConfig.class",
                        "io/grpc/ManagedChannel.class",
                        "io/netty/buffer/ByteBuf.class",
                        "com/google/common/base/Preconditions.class",
                        "com/google/protobuf/Message.class")) {
            assertThat(entries).contains(SHADED_PACKAGE + relocated);
        }
        assertThat(entries)
                .contains(OWN_PACKAGE + "table/PravegaDynamicTableFactory.class")
                .doesNotContain("org/apache/flink/connector/base/DeliveryGuarantee.class");
    }

    @Test
    void noFlinkClassSlippedIn() {
        assertThat(entries)
                .filteredOn(name -> name.endsWith(".class"))
                .noneMatch(name -> withoutVersionPrefix(name).startsWith("org/apache/flink/"))
                .noneMatch(name -> name.contains("/org/apache/flink/"));
    }

    @Test
    void theFactoryServiceFileListsEveryFactoryOfTheProject() throws IOException {
        Set<String> declared = serviceLines(Files.readAllLines(projectServiceFile()));
        Set<String> shipped;
        try (JarFile file = new JarFile(jar.toFile());
                InputStream in = file.getInputStream(file.getJarEntry(FACTORY_SERVICE))) {
            shipped =
                    serviceLines(
                            Arrays.asList(
                                    new String(in.readAllBytes(), StandardCharsets.UTF_8)
                                            .split("\n")));
        }
        assertThat(declared)
                .contains("dev.flinkpravega.connector.table.PravegaDynamicTableFactory");
        assertThat(shipped).containsExactlyInAnyOrderElementsOf(declared);
        for (String factory : shipped) {
            assertThat(entries).contains(factory.replace('.', '/') + ".class");
        }
    }

    @Test
    void relocatedServiceFilesNameRelocatedClasses() throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            for (String name : entries) {
                if (!name.startsWith("META-INF/services/") || name.endsWith("/")) {
                    continue;
                }
                String service = name.substring("META-INF/services/".length());
                assertThat(service).matches("(dev\\.flinkpravega\\.|org\\.apache\\.flink\\.).*");
                try (InputStream in = file.getInputStream(file.getJarEntry(name))) {
                    for (String impl :
                            serviceLines(
                                    Arrays.asList(
                                            new String(in.readAllBytes(), StandardCharsets.UTF_8)
                                                    .split("\n")))) {
                        assertThat(impl)
                                .as("implementation in " + name)
                                .startsWith("dev.flinkpravega.");
                        assertThat(entries).contains(impl.replace('.', '/') + ".class");
                    }
                }
            }
        }
    }

    @Test
    void theGrpcServiceNameKeepsPravegasName() throws IOException {
        // The controller serves this name; a relocated one is answered with "UNIMPLEMENTED".
        String service = "io.pravega.controller.stream.api.grpc.v1.ControllerService";
        String constants;
        try (JarFile file = new JarFile(jar.toFile());
                InputStream in =
                        file.getInputStream(
                                file.getJarEntry(
                                        SHADED_PACKAGE
                                                + "io/pravega/controller/stream/api/grpc/v1/"
                                                + "ControllerServiceGrpc.class"))) {
            constants = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
        assertThat(constants).contains(service).doesNotContain("shaded." + service);
    }

    @Test
    void nothingIsSigned() {
        assertThat(entries)
                .filteredOn(name -> name.startsWith("META-INF/"))
                .noneMatch(
                        name ->
                                name.endsWith(".SF")
                                        || name.endsWith(".DSA")
                                        || name.endsWith(".RSA")
                                        || name.endsWith(".EC"));
    }

    private static String withoutVersionPrefix(String name) {
        // multi-release jars keep Java-9+ variants under META-INF/versions/<n>/
        return name.startsWith("META-INF/versions/")
                ? name.substring(name.indexOf('/', "META-INF/versions/".length()) + 1)
                : name;
    }

    private static Path projectServiceFile() {
        return Paths.get("src/main/resources").resolve(FACTORY_SERVICE);
    }

    private static Set<String> serviceLines(List<String> lines) {
        return lines.stream()
                .map(String::trim)
                .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .collect(Collectors.toCollection(TreeSet::new));
    }
}
