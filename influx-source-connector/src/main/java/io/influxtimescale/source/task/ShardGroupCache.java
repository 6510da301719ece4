package io.influxtimescale.source.task;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

import io.influxtimescale.source.discovery.SchemaDiscovery;
import io.influxtimescale.source.plan.ShardGroup;

/**
 * The shard groups of every retention policy from {@code SHOW SHARDS}, read again after 30 s: new shard groups appear
 * as time passes and old ones expire. Empty when the server cannot list them (2.x/3.x, or no admin rights).
 */
final class ShardGroupCache {
    private static final long TTL_MS = 30_000;

    private final SchemaDiscovery discovery;
    private final LongSupplier clock;
    private Optional<Map<String, Map<String, List<ShardGroup>>>> groups;
    private long readAtMs;

    ShardGroupCache(SchemaDiscovery discovery, LongSupplier clock) {
        this.discovery = discovery;
        this.clock = clock;
    }

    /** The policy's shard groups in time order, or empty when the server cannot list shard groups. */
    Optional<List<ShardGroup>> of(String database, String retentionPolicy) {
        long now = clock.getAsLong();
        if (groups == null || now - readAtMs > TTL_MS) {
            groups = discovery.shardGroups();
            readAtMs = now;
        }
        return groups.map(all -> all.getOrDefault(database, Map.of()).getOrDefault(retentionPolicy, List.of()));
    }

    /** Reads the list again at the next call (reconciliation wants the groups created since). */
    void refresh() {
        groups = null;
    }
}
