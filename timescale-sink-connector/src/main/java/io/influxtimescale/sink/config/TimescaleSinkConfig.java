package io.influxtimescale.sink.config;

import java.util.List;
import java.util.Map;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.common.utils.ExponentialBackoff;

import io.influxtimescale.sink.layout.narrow.NarrowLayout;
import io.influxtimescale.sink.layout.shepard.ShepardLayout;
import io.influxtimescale.sink.layout.wide.WideLayout;
import io.influxtimescale.sink.sql.Identifiers;

/** The sink's settings, with typed getters. */
public final class TimescaleSinkConfig extends AbstractConfig {
    public static final String CONNECTION_URL = "connection.url";
    public static final String CONNECTION_USER = "connection.user";
    public static final String CONNECTION_PASSWORD = "connection.password";
    public static final String CONNECTION_SOCKET_TIMEOUT_MS = "connection.socket.timeout.ms";
    public static final String CONNECTION_STATEMENT_TIMEOUT_MS = "connection.statement.timeout.ms";
    public static final String CONNECTION_LOCK_TIMEOUT_MS = "connection.lock.timeout.ms";
    public static final String TARGET_SCHEMA = "target.schema";
    public static final String LAYOUT = "layout";
    public static final String CHUNK_TIME_INTERVAL_MS = "chunk.time.interval.ms";
    public static final String BATCH_MAX_ROWS = "batch.max.rows";
    public static final String BATCH_LINGER_MS = "batch.linger.ms";
    public static final String WRITE_METHOD = "write.method";
    public static final String WRITE_SKIP_UNCHANGED = "write.skip.unchanged";
    public static final String MAX_RETRIES = "max.retries";
    public static final String RETRY_BACKOFF_MS = "retry.backoff.ms";
    public static final String RETRY_BACKOFF_MAX_MS = "retry.backoff.max.ms";
    public static final String CATALOG_CACHE_SIZE = "catalog.cache.size";
    public static final String SHEPARD_CONTAINER_IDS = "shepard.container.ids";
    public static final String WIDE_SCHEMA_MODE = "wide.schema.mode";

    public static final String METHOD_STAGED_COPY = "staged-copy";
    public static final String METHOD_UNNEST = "unnest";
    public static final String SCHEMA_MODE_SINGLE = "single";
    public static final String SCHEMA_MODE_PER_DATABASE = "per-database";
    /** Layout names. */
    public static final List<String> LAYOUTS = List.of(WideLayout.NAME, NarrowLayout.NAME, ShepardLayout.NAME);

    private static final String GROUP_CONNECTION = "Connection";
    private static final String GROUP_TARGET = "Target";
    private static final String GROUP_WRITING = "Writing";
    private static final String GROUP_RETRIES = "Retries";
    private static final String GROUP_SHEPARD = "Shepard layout";
    private static final String GROUP_WIDE = "Wide layout";

    public static final ConfigDef CONFIG_DEF = configDef();

    public TimescaleSinkConfig(Map<?, ?> originals) {
        super(CONFIG_DEF, originals);
        if (layout().equals(ShepardLayout.NAME) && shepardContainerIds().isEmpty()) {
            throw new ConfigException(SHEPARD_CONTAINER_IDS, getString(SHEPARD_CONTAINER_IDS),
                    "the shepard layout needs at least one database=containerId entry");
        }
    }

    private static ConfigDef configDef() {
        ConfigDef def = new ConfigDef();
        int order = 0;
        def.define(CONNECTION_URL, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new JdbcUrlValidator(), Importance.HIGH,
                "JDBC URL of the PostgreSQL database with TimescaleDB, e.g. "
                        + "jdbc:postgresql://db.example.com:5432/metrics. Driver options may follow, e.g. "
                        + "?sslmode=verify-full&sslrootcert=/etc/ssl/db-ca.pem to check the server's certificate "
                        + "and host name. No password in the URL (it is shown by the REST API and in logs): use "
                        + "connection.password.",
                GROUP_CONNECTION, ++order, Width.LONG, "JDBC URL");
        def.define(CONNECTION_USER, Type.STRING, "", Importance.HIGH,
                "Database user. Empty: whatever the URL says.", GROUP_CONNECTION, ++order, Width.MEDIUM, "User");
        def.define(CONNECTION_PASSWORD, Type.PASSWORD, null, Importance.HIGH,
                "Password of the database user. Keep it out of the connector config itself with a worker "
                        + "ConfigProvider: ${file:/path/secrets.properties:key} or ${env:VARIABLE}.",
                GROUP_CONNECTION, ++order, Width.MEDIUM, "Password");
        def.define(CONNECTION_SOCKET_TIMEOUT_MS, Type.LONG, 180_000L, Range.atLeast(0L), Importance.LOW,
                "Longest wait for the database to answer on the network, in milliseconds (the driver's "
                        + "socketTimeout, rounded up to whole seconds; 0: no limit). A server that went silent "
                        + "(network cut, host frozen) then fails the write as transient instead of blocking the "
                        + "task past the consumer's max.poll.interval.ms. Keep it above "
                        + "connection.statement.timeout.ms.", GROUP_CONNECTION, ++order, Width.SHORT,
                "Socket timeout");
        def.define(CONNECTION_STATEMENT_TIMEOUT_MS, Type.LONG, 120_000L, Range.atLeast(0L), Importance.LOW,
                "PostgreSQL statement_timeout of the sink's sessions, in milliseconds (0: no limit): a statement "
                        + "running longer is cancelled and retried as a transient failure.", GROUP_CONNECTION,
                ++order, Width.SHORT, "Statement timeout");
        def.define(CONNECTION_LOCK_TIMEOUT_MS, Type.LONG, 10_000L, Range.atLeast(0L), Importance.LOW,
                "PostgreSQL lock_timeout of the sink's sessions, in milliseconds (0: no limit). The wide layout's "
                        + "ALTER TABLE for a new field waits for every open transaction on the measurement, a "
                        + "user's long query on its view included: with this limit it gives up (SQLSTATE 55P03) and "
                        + "is retried after a backoff, instead of blocking the task until the consumer is thrown "
                        + "out of its group.", GROUP_CONNECTION, ++order, Width.SHORT, "Lock timeout");

        order = 0;
        def.define(TARGET_SCHEMA, Type.STRING, "influx", new IdentifierValidator(), Importance.HIGH,
                "PostgreSQL schema the layout's tables live in; created when missing. Taken exactly as written "
                        + "(quoted, case kept), at most 63 bytes.", GROUP_TARGET, ++order, Width.MEDIUM,
                "Target schema");
        def.define(LAYOUT, Type.STRING, WideLayout.NAME, ValidString.in(LAYOUTS.toArray(new String[0])),
                Importance.HIGH, "How series and fields become tables: 'wide' (a hypertable per measurement with a "
                        + "column per field, tags in a series catalog, a view per measurement with tags as "
                        + "columns), 'narrow' (a series catalog and one points hypertable, a row per field value) "
                        + "or 'shepard' (the timeseries schema of shepard 4.x). wide and narrow keep nanoseconds "
                        + "exactly.",
                GROUP_TARGET, ++order, Width.SHORT, "Layout");
        def.define(CHUNK_TIME_INTERVAL_MS, Type.LONG, 7L * 24 * 3600 * 1000, Range.atLeast(1000L), Importance.MEDIUM,
                "Chunk time interval of hypertables the sink creates, in milliseconds (wide and narrow layouts; shepard's "
                        + "chunks are one day, as shepard creates them). Aim for chunks whose indexes fit in memory. "
                        + "Existing hypertables are left as they are.", GROUP_TARGET, ++order, Width.SHORT,
                "Chunk time interval");

        order = 0;
        def.define(BATCH_MAX_ROWS, Type.INT, 100_000, Range.between(1, 10_000_000), Importance.MEDIUM,
                "Rows of the layout (wide: a row per series and time; narrow and shepard: a row per field "
                        + "value) buffered across put() calls before they are written, and the most rows one "
                        + "transaction writes. The buffer is checked after every record, so it exceeds this by at "
                        + "most one record's rows. Larger batches write faster; keep transactions short (a "
                        + "transaction that creates a chunk blocks other writers of the hypertable until it "
                        + "commits).", GROUP_WRITING, ++order, Width.SHORT,
                "Batch rows");
        // 250 ms: a live record waits at most this long (see the source's live.poll.interval.ms); a backfill fills
        // batch.max.rows long before, so the linger costs it nothing
        def.define(BATCH_LINGER_MS, Type.LONG, 250L, Range.atLeast(0L), Importance.LOW,
                "Longest time a record waits in the buffer before it is written, in milliseconds, when fewer "
                        + "than batch.max.rows rows arrive.", GROUP_WRITING, ++order, Width.SHORT, "Linger");
        def.define(WRITE_METHOD, Type.STRING, METHOD_STAGED_COPY, ValidString.in(METHOD_STAGED_COPY, METHOD_UNNEST),
                Importance.LOW, "How rows reach the table: 'staged-copy' (binary COPY into a temporary table, "
                        + "then INSERT ... SELECT ... ON CONFLICT DO UPDATE; a buffer of 1,000 rows or more is first "
                        + "copied straight into the table, and upserted instead when one of its keys is there; the "
                        + "fastest, see docs) or 'unnest' (INSERT ... SELECT FROM unnest(array parameters) ... ON "
                        + "CONFLICT DO UPDATE).",
                GROUP_WRITING, ++order, Width.SHORT, "Write method");
        def.define(WRITE_SKIP_UNCHANGED, Type.BOOLEAN, true, Importance.LOW,
                "Rewrite a row that already exists only when a value differs (ON CONFLICT ... DO UPDATE ... WHERE "
                        + "... IS DISTINCT FROM EXCLUDED): replays become much cheaper; the result is the same.",
                GROUP_WRITING, ++order, Width.SHORT, "Skip unchanged rows");
        def.define(CATALOG_CACHE_SIZE, Type.INT, 200_000, Range.atLeast(1), Importance.LOW,
                "Series ids each task keeps in memory.", GROUP_WRITING, ++order, Width.SHORT, "Catalog cache");

        order = 0;
        def.define(MAX_RETRIES, Type.INT, 10, Range.atLeast(0), Importance.MEDIUM,
                "Consecutive retries of a write that failed for a transient reason (connection lost, "
                        + "serialization failure, deadlock, server shutting down) before the task fails.",
                GROUP_RETRIES, ++order, Width.SHORT, "Max retries");
        def.define(RETRY_BACKOFF_MS, Type.LONG, 3000L, Range.atLeast(0L), Importance.MEDIUM,
                "Wait before the first retry, in milliseconds; doubled per consecutive retry up to "
                        + "retry.backoff.max.ms, each wait varied by up to 20% at random so that tasks failing "
                        + "together do not retry together.", GROUP_RETRIES, ++order, Width.SHORT, "Retry backoff");
        def.define(RETRY_BACKOFF_MAX_MS, Type.LONG, 30_000L, Range.atLeast(0L), Importance.LOW,
                "Longest wait between two retries, in milliseconds.", GROUP_RETRIES, ++order, Width.SHORT,
                "Max retry backoff");

        def.define(SHEPARD_CONTAINER_IDS, Type.STRING, "", new ContainerIdsValidator(), Importance.MEDIUM,
                "shepard layout: the container id of each InfluxDB database, as database=containerId entries "
                        + "separated by commas (a backslash escapes ',', '=' and '\\' in names). A record of a "
                        + "database without an entry cannot be written (dead letter queue or task failure).",
                GROUP_SHEPARD, 1, Width.LONG, "Container ids");

        def.define(WIDE_SCHEMA_MODE, Type.STRING, SCHEMA_MODE_SINGLE,
                ValidString.in(SCHEMA_MODE_SINGLE, SCHEMA_MODE_PER_DATABASE), Importance.MEDIUM,
                "wide layout: where the hypertables and views of the measurements go. 'single': all into "
                        + "target.schema. 'per-database': one schema per InfluxDB database, named like the database "
                        + "(renamed by the layout's naming rule when PostgreSQL cannot take the name or it clashes; "
                        + "like a database per tenant). The catalog (wide_series, wide_tables, wide_columns) is "
                        + "always in target.schema and records where every measurement went.",
                GROUP_WIDE, 1, Width.SHORT, "Schema per database");
        return def;
    }

    public String connectionUrl() {
        return getString(CONNECTION_URL);
    }

    public String connectionUser() {
        return getString(CONNECTION_USER);
    }

    public Password connectionPassword() {
        return getPassword(CONNECTION_PASSWORD);
    }

    public String targetSchema() {
        return getString(TARGET_SCHEMA);
    }

    public String layout() {
        return getString(LAYOUT);
    }

    public long chunkTimeIntervalMs() {
        return getLong(CHUNK_TIME_INTERVAL_MS);
    }

    public int batchMaxRows() {
        return getInt(BATCH_MAX_ROWS);
    }

    public long batchLingerMs() {
        return getLong(BATCH_LINGER_MS);
    }

    public String writeMethod() {
        return getString(WRITE_METHOD);
    }

    public boolean skipUnchanged() {
        return getBoolean(WRITE_SKIP_UNCHANGED);
    }

    public int catalogCacheSize() {
        return getInt(CATALOG_CACHE_SIZE);
    }

    public int maxRetries() {
        return getInt(MAX_RETRIES);
    }

    public long retryBackoffMs() {
        return getLong(RETRY_BACKOFF_MS);
    }

    public long retryBackoffMaxMs() {
        return getLong(RETRY_BACKOFF_MAX_MS);
    }

    /** Session limits of every connection the sink opens. */
    public SessionSettings sessionSettings() {
        return new SessionSettings(getLong(CONNECTION_SOCKET_TIMEOUT_MS), getLong(CONNECTION_STATEMENT_TIMEOUT_MS),
                getLong(CONNECTION_LOCK_TIMEOUT_MS));
    }

    /** wide layout: true when each InfluxDB database gets its own schema. */
    public boolean wideSchemaPerDatabase() {
        return SCHEMA_MODE_PER_DATABASE.equals(getString(WIDE_SCHEMA_MODE));
    }

    public Map<String, Long> shepardContainerIds() {
        return ContainerIdMapping.parse(getString(SHEPARD_CONTAINER_IDS));
    }

    /**
     * Backoff before the given retry (1-based): Kafka's own {@link ExponentialBackoff} (the clients'
     * retry.backoff.ms/retry.backoff.max.ms, KIP-580), doubled per retry up to the cap, with 20% jitter.
     */
    public long backoffMs(int retry) {
        long base = retryBackoffMs();
        return new ExponentialBackoff(base, 2, Math.max(base, retryBackoffMaxMs()), 0.2)
                .backoff(Math.max(retry - 1, 0));
    }

    static final class JdbcUrlValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            String url = (String) value;
            String secret = JdbcUrls.credentialProblem(url);
            if (secret != null) {
                throw new ConfigException(name, JdbcUrls.redacted(url), secret);
            }
            if (!JdbcUrls.isPostgres(url)) {
                throw new ConfigException(name, value, "must be a PostgreSQL JDBC URL starting with jdbc:postgresql:");
            }
        }

        @Override
        public String toString() {
            return "jdbc:postgresql://host:port/database";
        }
    }

    static final class IdentifierValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            try {
                Identifiers.check((String) value);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(name, value, e.getMessage());
            }
        }

        @Override
        public String toString() {
            return "a non-empty name of at most 63 bytes";
        }
    }

    static final class ContainerIdsValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            try {
                ContainerIdMapping.parse((String) value);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(name, value, e.getMessage());
            }
        }

        @Override
        public String toString() {
            return "database=containerId[,database=containerId...]";
        }
    }
}
