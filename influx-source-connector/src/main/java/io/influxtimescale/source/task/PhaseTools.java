package io.influxtimescale.source.task;

import java.util.function.LongSupplier;

import org.slf4j.Logger;

import io.influxtimescale.source.config.InfluxSourceTaskConfig;
import io.influxtimescale.source.discovery.SchemaDiscovery;
import io.influxtimescale.source.influx.InfluxHttpClient;
import io.influxtimescale.source.plan.CellGrid;

/**
 * What a task's phases share: the client and metadata caches (one SHOW SHARDS and one field-key lookup serve every
 * phase), the record factory, heartbeats, the clock and the cell grid the tallies count by.
 */
public final class PhaseTools {
    final InfluxSourceTaskConfig config;
    final InfluxHttpClient client;
    final SchemaDiscovery discovery;
    final ShardGroupCache shardGroups;
    final FieldTypeCache fieldTypes;
    final RecordFactory records;
    final OffsetHeartbeats heartbeats;
    final LongSupplier clock;
    final CellGrid grid;
    final Tallying tallying;

    public PhaseTools(InfluxSourceTaskConfig config, InfluxHttpClient client, LongSupplier clock) {
        this.config = config;
        this.client = client;
        this.clock = clock;
        this.discovery = new SchemaDiscovery(client, config.queryChunkSize());
        this.shardGroups = new ShardGroupCache(discovery, clock);
        this.fieldTypes = new FieldTypeCache(discovery, clock);
        this.records = new RecordFactory(new TopicNamer(config.topicPrefix()), config.heartbeatTopic());
        this.heartbeats = new OffsetHeartbeats(records, config.heartbeatIntervalMs(), clock);
        this.grid = new CellGrid(config.windowNs());
        this.tallying = new Tallying(grid, config);
    }

    ReadFailures failures(Logger log) {
        return new ReadFailures(config.retriesMax(), config.retryBackoffMs(), config.retryBackoffMaxMs(), clock, log);
    }
}
