package io.influxtimescale.cli.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class ConfigReferenceTest {
    private static final Path REFERENCE = Path.of("..", "docs", "config-reference.md");

    @Test
    void committedReferenceMatchesTheConfigDefs() throws Exception {
        String rendered = ConfigReference.render();
        if (Boolean.getBoolean("itc.docs.regenerate")) {
            Files.createDirectories(REFERENCE.getParent());
            Files.writeString(REFERENCE, rendered, StandardCharsets.UTF_8);
        }
        assertThat(REFERENCE).exists();
        assertThat(Files.readString(REFERENCE, StandardCharsets.UTF_8))
                .as("docs/config-reference.md is out of date: regenerate it with `mvn -pl migration-cli -am test"
                        + " -Dtest=ConfigReferenceTest -Ditc.docs.regenerate=true"
                        + " -Dsurefire.failIfNoSpecifiedTests=false`")
                .isEqualTo(rendered);
        assertThat(rendered).contains("influxdb.url").contains("influxdb.password").contains("layout");
    }
}
