package io.influxtimescale.source.discovery;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.influxtimescale.contract.FieldType;
import io.influxtimescale.source.influx.InfluxException;
import io.influxtimescale.source.influx.InfluxHttpClient;
import io.influxtimescale.source.influx.InfluxQl;
import io.influxtimescale.source.influx.QueryResponseReader;
import io.influxtimescale.source.plan.ShardGroup;
import io.influxtimescale.source.plan.TimeFormat;

/**
 * What exists in InfluxDB, from its metadata statements: databases, retention policies, measurements, field keys with
 * each of their types, tag keys, shard groups, and the first point of a container.
 */
public final class SchemaDiscovery {
    private static final Logger LOG = LoggerFactory.getLogger(SchemaDiscovery.class);

    private final InfluxHttpClient client;
    private final int chunkSize;

    public SchemaDiscovery(InfluxHttpClient client, int chunkSize) {
        this.client = client;
        this.chunkSize = chunkSize;
    }

    public List<String> databases() {
        return firstColumn(null, "SHOW DATABASES");
    }

    public List<String> retentionPolicies(String database) {
        return firstColumn(database, InfluxQl.showRetentionPolicies(database));
    }

    /** Measurement names of a database, over all its retention policies (InfluxQL cannot narrow this to one). */
    public List<String> measurements(String database) {
        return firstColumn(database, InfluxQl.showMeasurements(database));
    }

    /** Every (field, type) pair of a measurement in one retention policy; a field with several types is listed once per type. */
    public List<FieldKey> fieldKeys(String database, String retentionPolicy, String measurement) {
        List<FieldKey> keys = new ArrayList<>();
        try (QueryResponseReader r = client.query(database,
                InfluxQl.showFieldKeys(database, retentionPolicy, measurement), chunkSize)) {
            while (r.nextRow()) {
                String name = (String) r.value(0);
                String type = (String) r.value(1);
                keys.add(new FieldKey(name, FieldType.fromWireName(type)));
            }
        }
        return keys;
    }

    /**
     * Field types of every measurement of a retention policy in one statement: measurement -> field -> its types (a
     * field that changed type between shard groups has several).
     */
    public Map<String, Map<String, Set<FieldType>>> fieldTypesOfPolicy(String database, String retentionPolicy) {
        Map<String, Map<String, Set<FieldType>>> out = new HashMap<>();
        try (QueryResponseReader r = client.query(database, InfluxQl.showFieldKeysOfPolicy(database,
                retentionPolicy), chunkSize)) {
            while (r.nextRow()) {
                out.computeIfAbsent(r.series().name(), m -> new HashMap<>())
                        .computeIfAbsent((String) r.value(0), f -> EnumSet.noneOf(FieldType.class))
                        .add(FieldType.fromWireName((String) r.value(1)));
            }
        }
        return out;
    }

    public List<String> tagKeys(String database, String retentionPolicy, String measurement) {
        return firstColumn(database, InfluxQl.showTagKeys(database, retentionPolicy, measurement));
    }

    /**
     * The time of the first point of a container in {@code [fromNs, untilNs)}, empty when there is none (the
     * measurement exists in the database but holds no data in this retention policy, or not in this range).
     */
    public OptionalLong firstPointTime(Container c, long fromNs, long untilNs) {
        try (QueryResponseReader r = client.query(c.database(),
                InfluxQl.firstPoint(c.database(), c.retentionPolicy(), c.measurement(), fromNs, untilNs), 0)) {
            if (r.nextRow()) {
                long t = r.longValue(0);
                while (r.nextRow()) {
                    // drain; LIMIT 1 without GROUP BY returns one row
                }
                return OptionalLong.of(t);
            }
            return OptionalLong.empty();
        }
    }

    /** The time of the last point of a container at or after {@code fromNs} (future included), empty when none. */
    public OptionalLong lastPointTime(Container c, long fromNs) {
        try (QueryResponseReader r = client.query(c.database(),
                InfluxQl.lastPoint(c.database(), c.retentionPolicy(), c.measurement(), fromNs), 0)) {
            OptionalLong last = OptionalLong.empty();
            while (r.nextRow()) {
                if (last.isEmpty()) {
                    last = OptionalLong.of(r.longValue(0));
                }
            }
            return last;
        }
    }

    /**
     * Shard groups per database and retention policy from {@code SHOW SHARDS}, or empty when the server does not
     * offer the statement (InfluxDB 2.x/3.x) or the user may not run it (1.x needs admin rights).
     */
    public Optional<Map<String, Map<String, List<ShardGroup>>>> shardGroups() {
        Map<String, Map<String, List<ShardGroup>>> out = new HashMap<>();
        Map<Long, Boolean> seenGroups = new HashMap<>();
        try (QueryResponseReader r = client.query(null, "SHOW SHARDS", chunkSize)) {
            while (r.nextRow()) {
                List<String> cols = r.columns();
                int db = cols.indexOf("database");
                int rp = cols.indexOf("retention_policy");
                int group = cols.indexOf("shard_group");
                int start = cols.indexOf("start_time");
                int end = cols.indexOf("end_time");
                if (db < 0 || rp < 0 || start < 0 || end < 0) {
                    LOG.warn("SHOW SHARDS answered with unexpected columns {}; planning windows without shard groups",
                            cols);
                    return Optional.empty();
                }
                if (group >= 0 && r.value(group) != null && seenGroups.put((Long) r.value(group), true) != null) {
                    continue; // one line per shard; a group with several shards is one time range
                }
                long startNs = TimeFormat.toNanosClamped(Instant.parse((String) r.value(start)));
                long endNs = TimeFormat.toNanosClamped(Instant.parse((String) r.value(end)));
                if (endNs > startNs) {
                    out.computeIfAbsent((String) r.value(db), k -> new HashMap<>())
                            .computeIfAbsent((String) r.value(rp), k -> new ArrayList<>())
                            .add(new ShardGroup(startNs, endNs));
                }
            }
        } catch (InfluxException.QueryFailed | InfluxException.AuthFailed e) {
            LOG.warn("SHOW SHARDS is not available ({}); windows are planned on the time grid only, so a field whose "
                    + "type changes inside one window is read with one type", e.getMessage());
            return Optional.empty();
        }
        for (Map<String, List<ShardGroup>> byRp : out.values()) {
            for (List<ShardGroup> groups : byRp.values()) {
                groups.sort(null);
            }
        }
        return Optional.of(out);
    }

    private List<String> firstColumn(String database, String query) {
        List<String> out = new ArrayList<>();
        try (QueryResponseReader r = client.query(database, query, chunkSize)) {
            while (r.nextRow()) {
                out.add(String.valueOf(r.value(0)));
            }
        }
        return out;
    }
}
