package io.influxtimescale.cli;

import java.net.URI;
import java.time.Duration;

import io.influxtimescale.source.influx.InfluxConnectionSettings;
import io.influxtimescale.source.influx.InfluxException;
import io.influxtimescale.source.influx.InfluxHttpClient;
import picocli.CommandLine.Option;

/** Where InfluxDB is and how to log in, shared by every command that reads it (the source connector's own client). */
public final class InfluxOptions {
    @Option(names = "--influx-url", required = true, defaultValue = "${env:ITC_INFLUX_URL}",
            description = "InfluxDB HTTP URL (env ITC_INFLUX_URL).")
    public String url;

    @Option(names = "--influx-username", defaultValue = "${env:ITC_INFLUX_USERNAME}",
            description = "InfluxDB 1.x user (env ITC_INFLUX_USERNAME).")
    public String username;

    @Option(names = "--influx-password", defaultValue = "${env:ITC_INFLUX_PASSWORD}", arity = "0..1",
            interactive = true, description = "InfluxDB password (env ITC_INFLUX_PASSWORD; prompts without a value).")
    String password;

    @Option(names = "--influx-token", defaultValue = "${env:ITC_INFLUX_TOKEN}",
            description = "InfluxDB 2.x/3.x token (env ITC_INFLUX_TOKEN).")
    String token;

    @Option(names = "--influx-truststore", defaultValue = "${env:ITC_INFLUX_TRUSTSTORE}", paramLabel = "FILE",
            description = "Trust store for an https InfluxDB whose certificate the JVM does not trust already, as the "
                    + "source's influxdb.tls.truststore.path (env ITC_INFLUX_TRUSTSTORE).")
    String trustStore;

    @Option(names = "--influx-truststore-password", defaultValue = "${env:ITC_INFLUX_TRUSTSTORE_PASSWORD}",
            description = "Password of the trust store (env ITC_INFLUX_TRUSTSTORE_PASSWORD).")
    String trustStorePassword;

    @Option(names = "--influx-truststore-type", defaultValue = "PKCS12",
            description = "Trust store type, PKCS12 or JKS (${DEFAULT-VALUE}).")
    String trustStoreType;

    /** A client of the source connector's own kind; throws a bad-input failure for a URL that is not http(s). */
    public InfluxHttpClient client() {
        return client(false);
    }

    /** @param jsonOnly ask for JSON answers instead of msgpack */
    public InfluxHttpClient client(boolean jsonOnly) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw CommandFailure.badInput("--influx-url is not a URL: " + url);
        }
        if (uri.getScheme() == null || !uri.getScheme().startsWith("http")) {
            throw CommandFailure.badInput("--influx-url must be an http(s) URL, got '" + url + "'");
        }
        try {
            return new InfluxHttpClient(new InfluxConnectionSettings(uri, username, password, token, trustStore,
                    trustStorePassword, trustStoreType, false, Duration.ofSeconds(10),
                    InfluxConnectionSettings.DEFAULT_READ_TIMEOUT, jsonOnly));
        } catch (IllegalArgumentException e) {
            throw CommandFailure.badInput("--influx-truststore: " + e.getMessage());
        }
    }

    /** A client whose server has answered {@code /ping}, or a bad-input failure saying it is not reachable. */
    public InfluxHttpClient reachableClient() {
        InfluxHttpClient influx = client();
        try {
            influx.ping();
        } catch (InfluxException e) {
            throw CommandFailure.badInput("InfluxDB at " + url + " is not reachable: " + e.getMessage());
        }
        return influx;
    }

    public boolean usesToken() {
        return token != null && !token.isEmpty();
    }

    public boolean hasPassword() {
        return password != null && !password.isEmpty();
    }
}
