package io.influxtimescale.source.config;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

import io.influxtimescale.source.influx.InfluxConnectionSettings;
import io.influxtimescale.source.plan.TimeFormat;

/** The connector's configuration: definition (groups, documentation, validators) and typed getters. */
public class InfluxSourceConfig extends AbstractConfig {
    public static final String URL = "influxdb.url";
    public static final String USERNAME = "influxdb.username";
    public static final String PASSWORD = "influxdb.password";
    public static final String TOKEN = "influxdb.token";
    public static final String TLS_TRUSTSTORE_PATH = "influxdb.tls.truststore.path";
    public static final String TLS_TRUSTSTORE_PASSWORD = "influxdb.tls.truststore.password";
    public static final String TLS_TRUSTSTORE_TYPE = "influxdb.tls.truststore.type";
    public static final String TLS_INSECURE = "influxdb.tls.insecure";
    public static final String CONNECT_TIMEOUT_MS = "influxdb.connect.timeout.ms";
    public static final String READ_TIMEOUT_MS = "influxdb.read.timeout.ms";
    public static final String QUERY_FORMAT = "influxdb.query.format";

    public static final String DATABASES_INCLUDE = "databases.include";
    public static final String DATABASES_EXCLUDE = "databases.exclude";
    public static final String RETENTION_POLICIES_INCLUDE = "retention.policies.include";
    public static final String MEASUREMENTS_INCLUDE = "measurements.include";
    public static final String MEASUREMENTS_EXCLUDE = "measurements.exclude";

    public static final String BACKFILL_FROM = "backfill.from";
    public static final String BACKFILL_UNTIL = "backfill.until";
    public static final String WINDOW_DURATION_MS = "window.duration.ms";
    public static final String BACKFILL_SLICE_DURATION_MS = "backfill.slice.duration.ms";
    public static final String QUERY_CHUNK_SIZE = "query.chunk.size";
    public static final String MAX_POINTS_PER_RECORD = "max.points.per.record";
    public static final String MAX_RECORD_BYTES = "max.record.bytes";

    public static final String MODE = "mode";
    public static final String LIVE_LATENESS_MS = "live.lateness.ms";
    public static final String LIVE_SWEEP_INTERVAL_MS = "live.lateness.sweep.interval.ms";
    public static final String LIVE_SAFETY_DELAY_MS = "live.safety.delay.ms";
    public static final String LIVE_POLL_INTERVAL_MS = "live.poll.interval.ms";
    public static final String DISCOVERY_INTERVAL_MS = "discovery.interval.ms";

    public static final String RECONCILE_ENABLED = "reconcile.enabled";
    public static final String RECONCILE_INTERVAL_MS = "reconcile.interval.ms";
    public static final String RECONCILE_QUERY_SHARE = "reconcile.query.share";

    public static final String MODE_BACKFILL = "backfill";
    public static final String MODE_LIVE = "live";
    public static final String MODE_BACKFILL_LIVE = "backfill+live";

    public static final String TOPIC_PREFIX = "topic.prefix";
    public static final String HEARTBEAT_TOPIC = "heartbeat.topic";
    public static final String HEARTBEAT_INTERVAL_MS = "heartbeat.interval.ms";

    public static final String MAX_RETRIES = "max.retries";
    public static final String RETRY_BACKOFF_MS = "retry.backoff.ms";
    public static final String RETRY_BACKOFF_MAX_MS = "retry.backoff.max.ms";

    private static final String G_CONNECTION = "InfluxDB connection";
    private static final String G_SCOPE = "Scope";
    private static final String G_BACKFILL = "Backfill";
    private static final String G_LIVE = "Live following";
    private static final String G_RECONCILE = "Reconciliation";
    private static final String G_OUTPUT = "Kafka output";
    private static final String G_ERRORS = "Errors and retries";

    private static final long DAY_MS = 86_400_000L;
    /** Durations in ms: positive, and small enough to be held in nanoseconds (about 292 years). */
    private static final ConfigDef.Validator DURATION_MS = ConfigDef.Range.between(1L, Long.MAX_VALUE / 1_000_000L);

    public static final ConfigDef CONFIG_DEF = define(new ConfigDef());

    public InfluxSourceConfig(Map<String, String> props) {
        this(CONFIG_DEF, props);
    }

    protected InfluxSourceConfig(ConfigDef def, Map<String, String> props) {
        super(def, DeprecatedKeys.translate(props));
        Map<String, String> problems = crossFieldProblems(originalsStrings());
        if (!problems.isEmpty()) {
            Map.Entry<String, String> first = problems.entrySet().iterator().next();
            throw new ConfigException(first.getKey(), getString(first.getKey()), first.getValue());
        }
    }

    /**
     * Problems between several keys, as key to report it on -> message (the single-key validators cannot see them).
     * Checked at start, by validate() and by the CLI's plan validation; values a single-key validator rejects are
     * left to it.
     */
    public static Map<String, String> crossFieldProblems(Map<String, String> props) {
        Map<String, String> out = new LinkedHashMap<>();
        OptionalLong from = parsedTime(props.get(BACKFILL_FROM));
        OptionalLong until = parsedTime(props.get(BACKFILL_UNTIL));
        if (from.isPresent() && until.isPresent() && from.getAsLong() >= until.getAsLong()) {
            out.put(BACKFILL_FROM, "must be before " + BACKFILL_UNTIL + " (" + TimeFormat.format(until.getAsLong())
                    + "), the exclusive end of the backfill");
        }
        return out;
    }

    private static OptionalLong parsedTime(String text) {
        if (text == null || text.isBlank()) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(TimeFormat.parse(text.trim()));
        } catch (IllegalArgumentException e) {
            return OptionalLong.empty();
        }
    }

    static ConfigDef define(ConfigDef def) {
        int o = 0;
        def.define(URL, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, Validators.HTTP_URL, Importance.HIGH,
                "Base URL of InfluxDB's HTTP API, e.g. http://influxdb:8086 (1.x) or the URL of a 2.x/3.x server, "
                        + "whose v1-compatible /query endpoint is used.", G_CONNECTION, ++o, Width.LONG, "InfluxDB URL");
        def.define(USERNAME, Type.STRING, "", Importance.HIGH,
                "InfluxDB 1.x user (HTTP basic auth). Leave empty when authentication is off or a token is used.",
                G_CONNECTION, ++o, Width.MEDIUM, "Username");
        def.define(PASSWORD, Type.PASSWORD, "", Importance.HIGH, "Password of influxdb.username.", G_CONNECTION,
                ++o, Width.MEDIUM, "Password");
        def.define(TOKEN, Type.PASSWORD, "", Importance.HIGH,
                "API token for InfluxDB 2.x/3.x (sent as 'Authorization: Token ...' to the v1-compatible API); "
                        + "takes precedence over username and password.", G_CONNECTION, ++o, Width.LONG, "Token");
        def.define(TLS_TRUSTSTORE_PATH, Type.STRING, "", Importance.MEDIUM,
                "Trust store for https URLs whose certificate the JVM does not trust already (e.g. a private CA). "
                        + "Empty: the JVM's default trust store.", G_CONNECTION, ++o, Width.LONG, "Trust store");
        def.define(TLS_TRUSTSTORE_PASSWORD, Type.PASSWORD, "", Importance.LOW, "Password of the trust store.",
                G_CONNECTION, ++o, Width.MEDIUM, "Trust store password");
        def.define(TLS_TRUSTSTORE_TYPE, Type.STRING, "PKCS12", Importance.LOW, "Trust store type: PKCS12 or JKS.",
                G_CONNECTION, ++o, Width.SHORT, "Trust store type");
        def.define(TLS_INSECURE, Type.BOOLEAN, false, Importance.LOW,
                "Accept any server certificate and host name. Only for tests: it removes TLS's protection.",
                G_CONNECTION, ++o, Width.SHORT, "Skip TLS verification");
        def.define(CONNECT_TIMEOUT_MS, Type.INT, 10_000, ConfigDef.Range.atLeast(100), Importance.LOW,
                "Timeout for opening a connection to InfluxDB.", G_CONNECTION, ++o, Width.SHORT, "Connect timeout");
        def.define(READ_TIMEOUT_MS, Type.INT, 120_000, ConfigDef.Range.atLeast(100), Importance.LOW,
                "Longest wait for the next bytes of an answer: for the response to a query to begin, and between "
                        + "two parts of a streamed answer. A server that accepts a query and then stays silent this "
                        + "long counts as unavailable (the query is retried). Raise it when InfluxDB needs longer to "
                        + "produce the first chunk of a window.", G_CONNECTION, ++o, Width.SHORT, "Read timeout");
        def.define(QUERY_FORMAT, Type.STRING, "auto", ConfigDef.ValidString.in("auto", "json"), Importance.LOW,
                "Answer format asked of /query. auto: msgpack, which keeps float and integer apart, and JSON when "
                        + "the server answers only JSON (InfluxDB 3 / Cloud); json: always JSON, numeric values then "
                        + "typed from SHOW FIELD KEYS.", G_CONNECTION, ++o, Width.SHORT, "Query format");

        o = 0;
        def.define(DATABASES_INCLUDE, Type.LIST, ".*", Validators.REGEX_LIST, Importance.HIGH,
                "Databases to read: comma-separated Java regular expressions, each matching a whole database name. "
                        + "(A literal comma inside a pattern is written \\x2C.)", G_SCOPE, ++o, Width.LONG,
                "Databases");
        def.define(DATABASES_EXCLUDE, Type.LIST, "_internal", Validators.REGEX_LIST, Importance.MEDIUM,
                "Databases to skip even when included (default: InfluxDB's own monitoring database).", G_SCOPE, ++o,
                Width.LONG, "Excluded databases");
        def.define(RETENTION_POLICIES_INCLUDE, Type.LIST, ".*", Validators.REGEX_LIST, Importance.MEDIUM,
                "Retention policies to read (default all: skipping a non-default policy loses its data).", G_SCOPE,
                ++o, Width.LONG, "Retention policies");
        def.define(MEASUREMENTS_INCLUDE, Type.LIST, ".*", Validators.REGEX_LIST, Importance.MEDIUM,
                "Measurements to read: regular expressions matching whole measurement names.", G_SCOPE, ++o,
                Width.LONG, "Measurements");
        def.define(MEASUREMENTS_EXCLUDE, Type.LIST, "", Validators.REGEX_LIST, Importance.MEDIUM,
                "Measurements to skip even when included.", G_SCOPE, ++o, Width.LONG, "Excluded measurements");

        o = 0;
        def.define(BACKFILL_FROM, Type.STRING, "", Validators.OPTIONAL_TIME, Importance.MEDIUM,
                "Start of the backfill (RFC 3339, nanoseconds allowed). Empty: each container's first point.",
                G_BACKFILL, ++o, Width.MEDIUM, "Backfill from");
        def.define(BACKFILL_UNTIL, Type.STRING, "", Validators.OPTIONAL_TIME, Importance.MEDIUM,
                "End of the backfill, exclusive (RFC 3339). Empty: the moment the connector first started; it is "
                        + "stored in the offsets, so restarts do not move it.", G_BACKFILL, ++o, Width.MEDIUM,
                "Backfill until");
        def.define(WINDOW_DURATION_MS, Type.LONG, DAY_MS, DURATION_MS, Importance.MEDIUM,
                "Time range read by one query per container (windows are also cut at shard group boundaries). "
                        + "Larger windows mean fewer queries; a restart re-reads at most the window in flight. "
                        + "Lower it when a window hits a server limit such as max-select-point.", G_BACKFILL, ++o,
                Width.SHORT, "Window");
        def.define(BACKFILL_SLICE_DURATION_MS, Type.LONG, 30L * 86_400_000L, ConfigDef.Range.atLeast(0),
                Importance.MEDIUM, "With tasks.max above 1, a container whose backfill range is longer than this is "
                        + "read in slices of this length (rounded up to a multiple of the window), spread over all "
                        + "tasks, each slice with its own offset; the live phase of the container stays with one "
                        + "task. So one measurement holding most of the data is read by every task. The slices are "
                        + "a grid aligned to the epoch: a restart or a change of tasks.max keeps them and their "
                        + "progress. 0: never split.", G_BACKFILL, ++o, Width.SHORT, "Slice duration");
        def.define(QUERY_CHUNK_SIZE, Type.INT, 10_000, ConfigDef.Range.between(1, 1_000_000), Importance.LOW,
                "chunk_size of chunked /query responses: points per chunk the server produces at a time.",
                G_BACKFILL, ++o, Width.SHORT, "Chunk size");
        def.define(MAX_POINTS_PER_RECORD, Type.INT, 10_000, ConfigDef.Range.between(1, 1_000_000),
                Importance.MEDIUM, "Maximum points (times) of one series in one record; a series window with more is "
                        + "split into several records with the same window bounds.", G_BACKFILL, ++o, Width.SHORT,
                "Points per record");
        def.define(MAX_RECORD_BYTES, Type.INT, 512 * 1024, ConfigDef.Range.between(16 * 1024, 64 * 1024 * 1024),
                Importance.LOW, "Budget of one record's estimated serialized size (a generous, JSON-sized estimate). "
                        + "The default keeps records well below Kafka's default 1 MB message limit, even with 64 KiB "
                        + "strings.", G_BACKFILL, ++o, Width.SHORT, "Record byte budget");

        o = 0;
        def.define(MODE, Type.STRING, MODE_BACKFILL_LIVE,
                ConfigDef.ValidString.in(MODE_BACKFILL, MODE_LIVE, MODE_BACKFILL_LIVE), Importance.HIGH,
                "What to read. 'backfill': the history up to the backfill end, then nothing. 'live': only what is "
                        + "written from the connector's first start on (the backfill range is empty). "
                        + "'backfill+live': the history, then follow new writes (each container goes live when its "
                        + "own backfill is done). Applies to containers without a stored offset; a stored offset "
                        + "resumes in its phase, except that 'backfill' stops following live containers.", G_LIVE,
                ++o, Width.MEDIUM, "Mode");
        def.define(LIVE_LATENESS_MS, Type.LONG, 60_000L, DURATION_MS, Importance.MEDIUM,
                "How late a write may be and still be followed: a point whose timestamp lies at most this far "
                        + "before the moment it was written is read. The live phase reads every range twice: as soon "
                        + "as it is written, and again once it is older than this (a trailing read), so following "
                        + "costs two reads of everything and the sink re-applies each point once (idempotently). "
                        + "Later points are missed by the live phase (verify finds them; a re-backfill of their range "
                        + "repairs them). A late point reaches Kafka up to this long after it was written.", G_LIVE,
                ++o, Width.SHORT, "Lateness");
        def.define(LIVE_SWEEP_INTERVAL_MS, Type.LONG, 5_000L, DURATION_MS, Importance.LOW,
                "How often the trailing read (see live.lateness.ms) runs; each run re-reads what became older than "
                        + "the lateness since the last one. Longer means fewer queries but larger bursts of re-read "
                        + "data.", G_LIVE, ++o, Width.SHORT, "Sweep interval");
        // 500 ms (and the poll interval's 500 ms, the sink's 250 ms linger): p99 live lag 1.3 s at 10,000 points/s
        // against 2.9 s at 1 s / 1 s / 1 s, for 0.03 CPU-s/s more of InfluxDB (bench/results/*-live-profiles.md)
        def.define(LIVE_SAFETY_DELAY_MS, Type.LONG, 500L, DURATION_MS, Importance.LOW,
                "The live phase reads up to now minus this delay, so points stamped by a writer's clock a little "
                        + "ahead, or still in flight, are not skipped by a watermark that already passed them.",
                G_LIVE, ++o, Width.SHORT, "Safety delay");
        def.define(LIVE_POLL_INTERVAL_MS, Type.LONG, 500L, DURATION_MS, Importance.MEDIUM,
                "Time between the starts of two live reads. Each read is one query per retention policy and group "
                        + "of up to 500 measurements whose field types agree (a regular-expression FROM), so the load "
                        + "on InfluxDB grows with retention policies, not with measurements.", G_LIVE, ++o,
                Width.SHORT, "Poll interval");
        def.define(DISCOVERY_INTERVAL_MS, Type.LONG, 30_000L, DURATION_MS, Importance.LOW,
                "In the live modes, how often the connector looks for new databases, retention policies and "
                        + "measurements; a new one is assigned to a task (tasks restart) and read from its first "
                        + "point. New fields and field types are seen by the next read without this.", G_LIVE, ++o,
                Width.SHORT, "Discovery interval");

        o = 0;
        def.define(RECONCILE_ENABLED, Type.BOOLEAN, true, Importance.MEDIUM,
                "Check every container against InfluxDB again and again, after its backfill: InfluxDB's count of "
                        + "field values per window.duration cell against what the source emitted there, from the "
                        + "oldest point to the newest, future included. A cell that differs is read again (the sink "
                        + "upserts). This finds what the reads could not see: history loaded behind the backfill, "
                        + "points written later than live.lateness, points stamped in the future. Off: such points are "
                        + "missed, and itc status cannot say a container is complete.", G_RECONCILE, ++o, Width.SHORT,
                "Reconcile");
        def.define(RECONCILE_INTERVAL_MS, Type.LONG, 15 * 60_000L, ConfigDef.Range.atLeast(1), Importance.MEDIUM,
                "Time between the starts of two reconciliation cycles of a container (a cycle takes longer when the "
                        + "counts need it, see reconcile.query.share). Any point is in Kafka at most one interval plus "
                        + "one cycle after it was written.", G_RECONCILE, ++o, Width.SHORT, "Reconcile interval");
        def.define(RECONCILE_QUERY_SHARE, Type.DOUBLE, 0.05, ConfigDef.Range.between(0.001, 1.0),
                Importance.LOW, "Largest share of the time the task keeps a reconciliation count running on "
                        + "InfluxDB: after counts that took d, the next waits d * (1 / share - 1). A count costs "
                        + "InfluxDB about a third of reading the same data, so 0.05 keeps reconciliation below about "
                        + "5% of one InfluxDB core per task.", G_RECONCILE, ++o, Width.SHORT, "Reconcile query share");

        o = 0;
        def.define(TOPIC_PREFIX, Type.STRING, "influx.", Validators.TOPIC_PART, Importance.HIGH,
                "Topic of a database's records: this prefix plus the database name, in which every character Kafka "
                        + "does not allow (other than letters, digits, '.', '_', '-') becomes '_' and then a '-' and 8 "
                        + "hex digits of a hash of the real name are appended, so distinct databases keep distinct "
                        + "topics. Records carry the exact names.", G_OUTPUT, ++o, Width.MEDIUM, "Topic prefix");
        def.define(HEARTBEAT_TOPIC, Type.STRING, "__influx_source_heartbeats", Validators.TOPIC_NAME,
                Importance.LOW, "Topic for heartbeat records: they carry the offsets of containers whose windows "
                        + "held no data, so that progress is stored without a data record. Sinks must not read it.",
                G_OUTPUT, ++o, Width.MEDIUM, "Heartbeat topic");
        def.define(HEARTBEAT_INTERVAL_MS, Type.LONG, 10_000L, ConfigDef.Range.atLeast(0), Importance.LOW,
                "At most one heartbeat per container within this interval while it only finds empty windows.",
                G_OUTPUT, ++o, Width.SHORT, "Heartbeat interval");

        o = 0;
        def.define(MAX_RETRIES, Type.INT, 10, ConfigDef.Range.atLeast(0), Importance.MEDIUM,
                "Retries of a query when InfluxDB is unreachable or answers 5xx, before the task fails.", G_ERRORS,
                ++o, Width.SHORT, "Retries");
        def.define(RETRY_BACKOFF_MS, Type.LONG, 1_000L, ConfigDef.Range.atLeast(0), Importance.LOW,
                "First backoff between retries; doubled on each retry up to retry.backoff.max.ms, each wait "
                        + "varied by up to 20% at random so that tasks failing together do not retry together.",
                G_ERRORS, ++o,
                Width.SHORT, "Backoff");
        def.define(RETRY_BACKOFF_MAX_MS, Type.LONG, 60_000L, ConfigDef.Range.atLeast(0), Importance.LOW,
                "Largest backoff between retries.", G_ERRORS, ++o, Width.SHORT, "Max backoff");

        DeprecatedKeys.define(def);
        return def;
    }

    public InfluxConnectionSettings connectionSettings() {
        return new InfluxConnectionSettings(URI.create(getString(URL).trim()), getString(USERNAME),
                password(PASSWORD), password(TOKEN), getString(TLS_TRUSTSTORE_PATH),
                password(TLS_TRUSTSTORE_PASSWORD), getString(TLS_TRUSTSTORE_TYPE), getBoolean(TLS_INSECURE),
                Duration.ofMillis(getInt(CONNECT_TIMEOUT_MS)), Duration.ofMillis(getInt(READ_TIMEOUT_MS)),
                "json".equals(getString(QUERY_FORMAT)));
    }

    private String password(String key) {
        Password p = getPassword(key);
        return p == null ? "" : p.value();
    }

    public List<Pattern> databasesInclude() {
        return patterns(DATABASES_INCLUDE);
    }

    public List<Pattern> databasesExclude() {
        return patterns(DATABASES_EXCLUDE);
    }

    public List<Pattern> retentionPoliciesInclude() {
        return patterns(RETENTION_POLICIES_INCLUDE);
    }

    public List<Pattern> measurementsInclude() {
        return patterns(MEASUREMENTS_INCLUDE);
    }

    public List<Pattern> measurementsExclude() {
        return patterns(MEASUREMENTS_EXCLUDE);
    }

    private List<Pattern> patterns(String key) {
        return getList(key).stream().map(String::trim).filter(s -> !s.isEmpty()).map(Pattern::compile)
                .collect(Collectors.toList());
    }

    public OptionalLong backfillFromNs() {
        return optionalTime(BACKFILL_FROM);
    }

    public OptionalLong backfillUntilNs() {
        return optionalTime(BACKFILL_UNTIL);
    }

    private OptionalLong optionalTime(String key) {
        String s = getString(key).trim();
        return s.isEmpty() ? OptionalLong.empty() : OptionalLong.of(TimeFormat.parse(s));
    }

    /** The slice width in ns, a multiple of the window; 0 when containers are never split. */
    public long sliceNs() {
        long ms = getLong(BACKFILL_SLICE_DURATION_MS);
        if (ms <= 0) {
            return 0;
        }
        long w = windowNs();
        long ns = Math.multiplyExact(ms, 1_000_000L);
        return Math.multiplyExact(Math.max(1, (ns + w - 1) / w), w);
    }

    public long windowNs() {
        return millisAsNanos(WINDOW_DURATION_MS);
    }

    public String mode() {
        return getString(MODE);
    }

    /** True unless mode is 'live': containers without offsets start with a backfill. */
    public boolean backfillEnabled() {
        return !MODE_LIVE.equals(mode());
    }

    /** True unless mode is 'backfill'. */
    public boolean liveEnabled() {
        return !MODE_BACKFILL.equals(mode());
    }

    public long liveLatenessNs() {
        return millisAsNanos(LIVE_LATENESS_MS);
    }

    public long liveSweepIntervalNs() {
        return millisAsNanos(LIVE_SWEEP_INTERVAL_MS);
    }

    public long liveSafetyDelayNs() {
        return millisAsNanos(LIVE_SAFETY_DELAY_MS);
    }

    public long livePollIntervalNs() {
        return millisAsNanos(LIVE_POLL_INTERVAL_MS);
    }

    public long discoveryIntervalNs() {
        return millisAsNanos(DISCOVERY_INTERVAL_MS);
    }

    private long millisAsNanos(String key) {
        return getLong(key) * 1_000_000L;
    }

    public boolean reconcileEnabled() {
        return getBoolean(RECONCILE_ENABLED);
    }

    public long reconcileIntervalMs() {
        return getLong(RECONCILE_INTERVAL_MS);
    }

    public double reconcileQueryShare() {
        return getDouble(RECONCILE_QUERY_SHARE);
    }

    public int queryChunkSize() {
        return getInt(QUERY_CHUNK_SIZE);
    }

    public int maxPointsPerRecord() {
        return getInt(MAX_POINTS_PER_RECORD);
    }

    public int maxRecordBytes() {
        return getInt(MAX_RECORD_BYTES);
    }

    public String topicPrefix() {
        return getString(TOPIC_PREFIX);
    }

    public String heartbeatTopic() {
        return getString(HEARTBEAT_TOPIC);
    }

    public long heartbeatIntervalMs() {
        return getLong(HEARTBEAT_INTERVAL_MS);
    }

    public int retriesMax() {
        return getInt(MAX_RETRIES);
    }

    public long retryBackoffMs() {
        return getLong(RETRY_BACKOFF_MS);
    }

    public long retryBackoffMaxMs() {
        return getLong(RETRY_BACKOFF_MAX_MS);
    }
}
