package io.influxtimescale.source.influx;

import java.net.URI;
import java.time.Duration;

/**
 * How to reach InfluxDB: base URL, credentials (1.x username/password or a 2.x/3.x token for the v1-compatible API)
 * and TLS. {@link #toString()} never prints a secret.
 */
public final class InfluxConnectionSettings {
    private final URI url;
    private final String username;
    private final String password;
    private final String token;
    private final String trustStorePath;
    private final String trustStorePassword;
    private final String trustStoreType;
    private final boolean insecure;
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final boolean jsonOnly;

    /** influxdb.read.timeout.ms's default, for callers that do not set one. */
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofMinutes(2);

    public InfluxConnectionSettings(URI url, String username, String password, String token, String trustStorePath,
                                    String trustStorePassword, String trustStoreType, boolean insecure,
                                    Duration connectTimeout) {
        this(url, username, password, token, trustStorePath, trustStorePassword, trustStoreType, insecure,
                connectTimeout, false);
    }

    /** @param jsonOnly ask for JSON instead of msgpack (servers that refuse msgpack in some other way than JSON) */
    public InfluxConnectionSettings(URI url, String username, String password, String token, String trustStorePath,
                                    String trustStorePassword, String trustStoreType, boolean insecure,
                                    Duration connectTimeout, boolean jsonOnly) {
        this(url, username, password, token, trustStorePath, trustStorePassword, trustStoreType, insecure,
                connectTimeout, DEFAULT_READ_TIMEOUT, jsonOnly);
    }

    /**
     * @param readTimeout longest silence of the server: before the answer to a query begins, and between two parts
     *                    of a streamed answer
     */
    public InfluxConnectionSettings(URI url, String username, String password, String token, String trustStorePath,
                                    String trustStorePassword, String trustStoreType, boolean insecure,
                                    Duration connectTimeout, Duration readTimeout, boolean jsonOnly) {
        this.url = url;
        this.username = emptyToNull(username);
        this.password = password == null ? "" : password;
        this.token = emptyToNull(token);
        this.trustStorePath = emptyToNull(trustStorePath);
        this.trustStorePassword = trustStorePassword;
        this.trustStoreType = trustStoreType == null || trustStoreType.isEmpty() ? "PKCS12" : trustStoreType;
        this.insecure = insecure;
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
        this.jsonOnly = jsonOnly;
    }

    /** Settings for an unauthenticated plain-HTTP server (tests, local tools). */
    public static InfluxConnectionSettings plain(URI url) {
        return new InfluxConnectionSettings(url, null, null, null, null, null, null, false, Duration.ofSeconds(10));
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    public URI url() {
        return url;
    }

    public String username() {
        return username;
    }

    String password() {
        return password;
    }

    String token() {
        return token;
    }

    String trustStorePath() {
        return trustStorePath;
    }

    String trustStorePassword() {
        return trustStorePassword;
    }

    String trustStoreType() {
        return trustStoreType;
    }

    boolean insecure() {
        return insecure;
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    public Duration readTimeout() {
        return readTimeout;
    }

    public boolean jsonOnly() {
        return jsonOnly;
    }

    public boolean usesToken() {
        return token != null;
    }

    @Override
    public String toString() {
        return "InfluxDB " + url + (token != null ? " (token auth)" : username != null ? " (user " + username + ")"
                : " (no auth)") + (insecure ? " TLS verification OFF" : "");
    }
}
