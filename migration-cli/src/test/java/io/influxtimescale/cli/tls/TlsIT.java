package io.influxtimescale.cli.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.common.config.types.Password;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import io.influxtimescale.cli.ExitCode;
import io.influxtimescale.cli.Itc;
import io.influxtimescale.fixtures.InfluxServer;
import io.influxtimescale.fixtures.TimescaleServer;
import io.influxtimescale.sink.config.SessionSettings;
import io.influxtimescale.sink.write.Connections;
import io.influxtimescale.source.influx.InfluxConnectionSettings;
import io.influxtimescale.source.influx.InfluxException;
import io.influxtimescale.source.influx.InfluxHttpClient;

/**
 * TLS with real certificates from a CA made by the test: PostgreSQL with {@code ssl=on} reached with
 * {@code sslmode=verify-full} through the sink's own {@link Connections}, InfluxDB 1.6 with {@code https-enabled}
 * through the source's own {@link InfluxHttpClient} and a trust store, and {@code itc} taking the same trust settings.
 */
class TlsIT {
    @RegisterExtension
    static final TimescaleServer TIMESCALE = TimescaleServer.create();

    @TempDir
    static Path dir;

    private static TestCa ca;
    private static TestCa.ServerCert localhostIp;
    private static TestCa.ServerCert otherName;
    private static InfluxServer influx;

    @BeforeAll
    static void certificatesAndServers() throws Exception {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        ca = new TestCa(dir);
        localhostIp = ca.issue("server", "ip:127.0.0.1");
        otherName = ca.issue("other", "dns:timescale.example.test");
        for (TestCa.ServerCert c : new TestCa.ServerCert[] {localhostIp, otherName}) {
            readableByTheServer(c);
        }
        influx = InfluxServer.create().withHttps(localhostIp.certificate(), localhostIp.privateKey(),
                ca.trustContext()).start();
        serve(localhostIp);
    }

    @AfterAll
    static void stopInflux() {
        if (influx != null) {
            influx.close();
        }
    }

    /** PostgreSQL reads its key only when the server's OS user owns it and nobody else may read it. */
    private static void readableByTheServer(TestCa.ServerCert c) throws Exception {
        Files.setPosixFilePermissions(c.certificate(), PosixFilePermissions.fromString("rw-r--r--"));
        Files.setPosixFilePermissions(c.privateKey(), PosixFilePermissions.fromString("rw-------"));
        if ("root".equals(System.getProperty("user.name"))) {
            UserPrincipal postgres = dir.getFileSystem().getUserPrincipalLookupService()
                    .lookupPrincipalByName("postgres");
            Files.setOwner(c.privateKey(), postgres);
        }
    }

    /** Turns TLS on with this certificate; ssl settings take effect on reload, for new connections. */
    private static void serve(TestCa.ServerCert c) throws SQLException {
        try (Connection conn = TIMESCALE.connect("postgres"); Statement s = conn.createStatement()) {
            s.execute("ALTER SYSTEM SET ssl_cert_file = '" + c.certificate() + "'");
            s.execute("ALTER SYSTEM SET ssl_key_file = '" + c.privateKey() + "'");
            s.execute("ALTER SYSTEM SET ssl = on");
            s.execute("SELECT pg_reload_conf()");
        }
        // the reload is asynchronous: wait until a new session sees the new files
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try (Connection conn = TIMESCALE.connect("postgres"); Statement s = conn.createStatement();
                 ResultSet rs = s.executeQuery("SELECT current_setting('ssl'), current_setting('ssl_cert_file')")) {
                rs.next();
                if (rs.getString(1).equals("on") && rs.getString(2).equals(c.certificate().toString())) {
                    return;
                }
            }
            assertThat(System.nanoTime()).as("PostgreSQL to reload its TLS settings").isLessThan(deadline);
        }
    }

    private static String tlsUrl(String sslParameters) {
        return TIMESCALE.jdbcUrl("postgres") + "?" + sslParameters;
    }

    private static Connection open(String url) throws SQLException {
        return Connections.open(url, TimescaleServer.USER, new Password(TimescaleServer.PASSWORD),
                SessionSettings.INTERACTIVE);
    }

    private static boolean encrypted(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    @Test
    void postgresVerifyFullConnectsWithTheCaAndRefusesAnUnknownCaOrAnotherHostName() throws Exception {
        try (Connection c = open(tlsUrl("sslmode=verify-full&sslrootcert=" + ca.caPem))) {
            assertThat(encrypted(c)).isTrue();
        }
        Path strangerCa = Files.createDirectories(dir.resolve("stranger"));
        TestCa stranger = new TestCa(strangerCa);
        assertThatThrownBy(() -> open(tlsUrl("sslmode=verify-full&sslrootcert=" + stranger.caPem)))
                .as("a certificate from a CA the client does not trust").isInstanceOf(SQLException.class);

        serve(otherName);
        try {
            assertThatThrownBy(() -> open(tlsUrl("sslmode=verify-full&sslrootcert=" + ca.caPem)))
                    .as("a trusted certificate for another host name").isInstanceOf(SQLException.class)
                    .hasMessageContaining("127.0.0.1");
            try (Connection c = open(tlsUrl("sslmode=verify-ca&sslrootcert=" + ca.caPem))) {
                assertThat(encrypted(c)).as("verify-ca checks the chain only, which is why verify-full is the one")
                        .isTrue();
            }
        } finally {
            serve(localhostIp);
        }
    }

    @Test
    void influxHttpsIsVerifiedWithTheTrustStoreAndRefusedWithoutIt() {
        URI url = URI.create(influx.url());
        assertThat(url.getScheme()).isEqualTo("https");
        InfluxHttpClient trusting = new InfluxHttpClient(new InfluxConnectionSettings(url, null, null, null,
                ca.trustStore.toString(), TestCa.STORE_PASSWORD, "PKCS12", false, Duration.ofSeconds(10)));
        assertThat(trusting.ping()).startsWith("1.");
        influx.query("CREATE DATABASE tls");
        try (var r = trusting.query(null, "SHOW DATABASES", 0)) {
            boolean found = false;
            while (r.nextRow()) {
                found |= "tls".equals(r.stringValue(0));
            }
            assertThat(found).isTrue();
        }

        InfluxHttpClient jvmDefaults = new InfluxHttpClient(InfluxConnectionSettings.plain(url));
        assertThatThrownBy(jvmDefaults::ping).isInstanceOf(InfluxException.Unavailable.class)
                .hasMessageContaining("SSLHandshakeException");
    }

    @Test
    void itcTakesTheSameTrustSettingsForBothServers() throws Exception {
        String[] common = {"--influx-url", influx.url(), "--jdbc-url",
            tlsUrl("sslmode=verify-full&sslrootcert=" + ca.caPem), "--jdbc-password", TimescaleServer.PASSWORD,
            "--connect", "http://127.0.0.1:1", "--skip-counts", "--json"};
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] args = concat(new String[] {"check", "--influx-truststore", ca.trustStore.toString(),
            "--influx-truststore-password", TestCa.STORE_PASSWORD}, common);
        int code = Itc.run(new PrintWriter(out), new PrintWriter(err), args);
        // the worker is deliberately absent: exit 2, but InfluxDB and TimescaleDB were reached over TLS
        assertThat(code).as(err.toString()).isEqualTo(ExitCode.BAD_INPUT);
        JsonNode report = new ObjectMapper().readTree(out.toString());
        assertThat(reachable(report, "InfluxDB")).as(out.toString()).isTrue();
        assertThat(reachable(report, "TimescaleDB")).as(out.toString()).isTrue();

        StringWriter out2 = new StringWriter();
        Itc.run(new PrintWriter(out2), new PrintWriter(new StringWriter()), concat(new String[] {"check"}, common));
        assertThat(reachable(new ObjectMapper().readTree(out2.toString()), "InfluxDB"))
                .as("without the trust store the certificate is not trusted").isFalse();
    }

    private static boolean reachable(JsonNode report, String server) {
        for (JsonNode s : report.path("servers")) {
            if (s.path("server").asText().equals(server) || s.path("name").asText().equals(server)) {
                return s.path("reachable").asBoolean();
            }
        }
        throw new AssertionError("no server " + server + " in " + report);
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
