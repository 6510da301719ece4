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
                + CONVENTION
                + section("InfluxSourceConnector", "io.influxtimescale.source.InfluxSourceConnector", "source-",
                        InfluxSourceConfig.CONFIG_DEF)
                + section("TimescaleSinkConnector", "io.influxtimescale.sink.TimescaleSinkConnector", "sink-",
                        TimescaleSinkConfig.CONFIG_DEF);
    }

    /** How keys are named in both connectors; new keys follow it (see docs/security.md for secrets). */
    static final String CONVENTION = "### Naming convention\n\n"
            + "Both connectors name their keys the same way, after Kafka, kafka-connect-jdbc and Debezium:\n\n"
            + "- Durations end in `.ms` and are milliseconds (`window.duration.ms`, `batch.linger.ms`).\n"
            + "- Counts and sizes name their unit, and count exactly that everywhere the key is used"
            + " (`batch.max.rows`: rows of the sink's layout, in its buffer and per transaction; `max.record.bytes`).\n"
            + "- Retries are `max.retries`, `retry.backoff.ms` and `retry.backoff.max.ms` in both connectors"
            + " (exponential backoff with 20% jitter).\n"
            + "- Keys are grouped by prefix: `influxdb.*` and `connection.*` for the servers, then `backfill.*`,"
            + " `live.*`, `reconcile.*`, `batch.*`, `write.*`.\n"
            + "- Secrets are password types (shown as `[hidden]`), never in URLs; keep them out of connector configs"
            + " with a worker ConfigProvider (`${file:...}`, `${env:...}`).\n"
            + "- A renamed key keeps working as a deprecated alias (listed under *Deprecated*, a warning is logged"
            + " when it is used); the new key wins when both are set.\n\n";

    private static String section(String title, String className, String anchorPrefix, ConfigDef def) {
        return "## " + title + "\n\n`connector.class=" + className + "`\n\n"
                + def.toHtml(4, name -> anchorPrefix + name.replace('.', '-')) + "\n\n";
    }

    /** Writes the reference to the given path (default {@code docs/config-reference.md}). */
    public static void main(String[] args) throws IOException {
        Path target = Path.of(args.length > 0 ? args[0] : "docs/config-reference.md").toAbsolutePath();
        Path dir = target.getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        Files.writeString(target, render(), StandardCharsets.UTF_8);
        System.out.println("wrote " + target);
    }
}
