package io.influxtimescale.it.compose;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml cannot run here (no Docker engine), so it is checked statically, after the build has made the
 * plugin archives: it parses, every image is pinned, every service has a health check and publishes ports on
 * loopback only, every file it mounts exists, and the Connect worker's plugin path holds both our plugins.
 */
class DockerComposeFileIT {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static JsonNode services;

    @BeforeAll
    static void parse() throws Exception {
        JsonNode compose = new ObjectMapper(new YAMLFactory()).readTree(ROOT.resolve("docker-compose.yml").toFile());
        services = compose.path("services");
    }

    @Test
    void hasTheWholePipeline() {
        List<String> names = new ArrayList<>();
        services.fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactlyInAnyOrder("kafka", "schema-registry", "connect", "influxdb", "timescaledb");
    }

    @Test
    void everyImageIsPinnedAndEveryServiceHasAHealthCheck() {
        services.fields().forEachRemaining(service -> {
            String image = service.getValue().path("image").asText();
            assertThat(image).as("image of %s", service.getKey()).matches("[a-z0-9./-]+:[0-9][A-Za-z0-9._-]*")
                    .doesNotEndWith(":latest");
            assertThat(service.getValue().path("healthcheck").path("test").isArray())
                    .as("health check of %s", service.getKey()).isTrue();
            service.getValue().path("ports").forEach(port ->
                    assertThat(port.asText()).as("published port of %s", service.getKey()).startsWith("127.0.0.1:"));
        });
        assertThat(services.path("influxdb").path("image").asText()).startsWith("influxdb:1.8.");
        assertThat(services.path("timescaledb").path("image").asText()).startsWith("timescale/timescaledb:");
    }

    @Test
    void everyMountedFileExistsAndTheWorkerLoadsOurPlugins() throws Exception {
        Map<String, Path> mounts = new HashMap<>();
        services.fields().forEachRemaining(service -> service.getValue().path("volumes").forEach(volume -> {
            String[] parts = volume.asText().split(":");
            if (parts[0].startsWith(".")) {
                Path source = ROOT.resolve(parts[0]).normalize();
                assertThat(source).as("mounted by %s", service.getKey()).exists();
                mounts.put(parts[1], source);
            }
        }));

        JsonNode connect = services.path("connect");
        String workerConfig = connect.path("command").get(1).asText();
        assertThat(mounts).containsKey(workerConfig);
        Properties worker = new Properties();
        try (Reader reader = Files.newBufferedReader(mounts.get(workerConfig))) {
            worker.load(reader);
        }
        Path plugins = mounts.get(worker.getProperty("plugin.path"));
        assertThat(plugins).as("the directory mounted at the worker's plugin.path").isNotNull().isDirectory();
        try (Stream<Path> dirs = Files.list(plugins)) {
            List<String> pluginDirs = dirs.filter(d -> Files.exists(d.resolve("manifest.json")))
                    .map(d -> d.getFileName().toString()).toList();
            assertThat(pluginDirs).anyMatch(n -> n.contains("influx-source-connector"))
                    .anyMatch(n -> n.contains("timescale-sink-connector"));
        }
        assertThat(worker.getProperty("bootstrap.servers")).isEqualTo("kafka:9092");
        assertThat(worker.getProperty("value.converter")).isEqualTo("io.confluent.connect.avro.AvroConverter");
        assertThat(worker.getProperty("value.converter.schema.registry.url"))
                .isEqualTo("http://schema-registry:8081");
        assertThat(connect.path("depends_on").has("schema-registry")).isTrue();
    }

    @Test
    void theSinksPasswordComesFromTheWorkersEnvironmentNotFromTheConnectorConfig() throws Exception {
        Properties worker = new Properties();
        try (Reader reader = Files.newBufferedReader(ROOT.resolve("connect-config/worker.properties"))) {
            worker.load(reader);
        }
        assertThat(worker.getProperty("config.providers")).contains("env");
        assertThat(worker.getProperty("config.providers.env.class"))
                .isEqualTo("org.apache.kafka.common.config.provider.EnvVarConfigProvider");
        JsonNode sink = new ObjectMapper().readTree(ROOT.resolve("connect-config/compose/timescale-sink.json")
                .toFile()).path("config");
        String reference = sink.path("connection.password").asText();
        assertThat(reference).matches("\\$\\{env:[A-Z_]+}");
        String variable = reference.substring("${env:".length(), reference.length() - 1);
        assertThat(services.path("connect").path("environment").path(variable).asText())
                .as("the connect service sets %s", variable)
                .isEqualTo(services.path("timescaledb").path("environment").path("POSTGRES_PASSWORD").asText());
    }

    @Test
    void theWorkerJvmIsTheOneTheBenchmarkAndTheTestsMeasure() {
        JsonNode env = services.path("connect").path("environment");
        List<String> options = new ArrayList<>(List.of(env.path("KAFKA_HEAP_OPTS").asText().split(" ")));
        options.addAll(List.of(env.path("KAFKA_JVM_PERFORMANCE_OPTS").asText().split(" ")));
        assertThat(options).containsAll(io.influxtimescale.fixtures.ConnectWorkerProcess.JVM_OPTIONS);
    }
}
