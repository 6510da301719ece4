package io.influxtimescale.source.config;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigValue;

import io.influxtimescale.source.influx.InfluxException;
import io.influxtimescale.source.influx.InfluxHttpClient;
import io.influxtimescale.source.discovery.SchemaDiscovery;

/**
 * The part of {@code validate()} beyond the single-key validators, putting each problem on the field that causes it:
 * first the rules between keys ({@link InfluxSourceConfig#crossFieldProblems}, e.g. backfill.from after
 * backfill.until), then, on an otherwise valid config, InfluxDB itself: an unreachable server on influxdb.url,
 * refused credentials on the credential fields, an include pattern that matches no database on databases.include.
 */
public final class LiveConfigCheck {
    private LiveConfigCheck() {
    }

    public static void check(Map<String, String> props, Config result) {
        Map<String, ConfigValue> values = result.configValues().stream()
                .collect(Collectors.toMap(ConfigValue::name, v -> v));
        InfluxSourceConfig.crossFieldProblems(props).forEach((key, message) -> add(values, key, message));
        for (ConfigValue v : result.configValues()) {
            if (!v.errorMessages().isEmpty()) {
                return; // static errors first: the live check needs a well-formed configuration
            }
        }
        InfluxSourceConfig config = new InfluxSourceConfig(props);
        InfluxHttpClient client;
        try {
            client = new InfluxHttpClient(config.connectionSettings());
        } catch (IllegalArgumentException e) {
            add(values, InfluxSourceConfig.TLS_TRUSTSTORE_PATH, e.getMessage());
            return;
        }
        try {
            client.ping();
        } catch (InfluxException e) {
            add(values, InfluxSourceConfig.URL, "InfluxDB is not reachable: " + e.getMessage());
            return;
        }
        List<String> databases;
        try {
            databases = new SchemaDiscovery(client, config.queryChunkSize()).databases();
        } catch (InfluxException.AuthFailed e) {
            if (client.settings().usesToken()) {
                add(values, InfluxSourceConfig.TOKEN, "InfluxDB refused the token: " + e.getMessage());
            } else {
                String m = "InfluxDB refused the credentials: " + e.getMessage();
                add(values, InfluxSourceConfig.USERNAME, m);
                add(values, InfluxSourceConfig.PASSWORD, m);
            }
            return;
        } catch (InfluxException e) {
            add(values, InfluxSourceConfig.URL, "InfluxDB answered SHOW DATABASES with an error: " + e.getMessage());
            return;
        }
        for (Pattern p : config.databasesInclude()) {
            boolean any = databases.stream().anyMatch(db -> p.matcher(db).matches());
            if (!any) {
                add(values, InfluxSourceConfig.DATABASES_INCLUDE, "'" + p.pattern() + "' matches no database; "
                        + "existing databases: " + databases);
            }
        }
    }

    private static void add(Map<String, ConfigValue> values, String name, String message) {
        ConfigValue v = values.get(name);
        if (v != null) {
            v.addErrorMessage(message);
        }
    }
}
