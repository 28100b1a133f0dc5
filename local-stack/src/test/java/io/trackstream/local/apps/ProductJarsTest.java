package io.trackstream.local.apps;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Product jars hold product code: no app's exec jar carries a sandbox, a test kit or the test-kits jar. The reactor
 * packages the apps before this module's tests (see the pom), so the jars checked are the ones just built.
 */
class ProductJarsTest {

    private static final Path ROOT = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().getParent();

    @ParameterizedTest
    @EnumSource(App.class)
    void theExecJarHoldsNoSandboxNorTestKit(App app) throws IOException {
        Path jar = AppJars.find(ROOT, app);

        List<String> entries;
        try (JarFile file = new JarFile(jar.toFile())) {
            entries = file.stream().map(ZipEntry::getName).toList();
        }

        assertThat(entries).as(jar.toString()).anyMatch(e -> e.startsWith("BOOT-INF/classes/io/trackstream/"));
        assertThat(entries).as(jar.toString())
                .noneMatch(e -> e.contains("/sandbox/"))
                .noneMatch(e -> e.contains("io/trackstream/testkit/"))
                .noneMatch(e -> e.startsWith("BOOT-INF/lib/test-kits-"));
    }
}
