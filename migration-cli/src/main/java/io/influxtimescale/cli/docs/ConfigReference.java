package io.influxtimescale.cli.docs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import io.influxtimescale.sink.config.TimescaleSinkConfig;
import io.influxtimescale.source.config.InfluxSourceConfig;
import org.apache.kafka.common.config.ConfigDef;

/**
 * Renders {@code docs/config-reference.md} from the connectors' own {@link ConfigDef}s, so the reference cannot
 * drift from the code: {@code ConfigReferenceTest} fails when the committed file differs from what this renders.
 * Regenerate with {@code mvn -pl migration-cli -am test -Dtest=ConfigReferenceTest -Ditc.docs.regenerate=true
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
public final class ConfigReference {
    private ConfigReference() {
    }

    public static String render() {
        return "# Connector configuration reference\n\n"
                + "<!-- Generated from the connectors' ConfigDefs by io.influxtimescale.cli.docs.ConfigReference."
                + " Do not edit by hand. -->\n\n"
                + "Every property each connector accepts, grouped as in the Connect REST API's validation answer."
                + " Kafka Connect's own connector properties (`name`, `connector.class`, `tasks.max`, converters,"
                + " `errors.*`, `topic.creation.*`, ...) are documented by Kafka.\n\n"
                + section("InfluxSourceConnector", "io.influxtimescale.source.InfluxSourceConnector", "source-",
                        InfluxSourceConfig.CONFIG_DEF)
                + section("TimescaleSinkConnector", "io.influxtimescale.sink.TimescaleSinkConnector", "sink-",
                        TimescaleSinkConfig.CONFIG_DEF);
    }

    private static String section(String title, String className, String anchorPrefix, ConfigDef def) {
        return "## " + title + "\n\n`connector.class=" + className + "`\n\n"
                + def.toHtml(4, name -> anchorPrefix + name.replace('.', '-')) + "\n\n";
    }

    /** Writes the reference to the given path (default {@code docs/config-reference.md}). */
    public static void main(String[] args) throws IOException {
        Path target = Path.of(args.length > 0 ? args[0] : "docs/config-reference.md");
        Files.createDirectories(target.toAbsolutePath().getParent());
        Files.writeString(target, render(), StandardCharsets.UTF_8);
        System.out.println("wrote " + target);
    }
}
