package io.influxtimescale.source.task;

import java.util.Map;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.source.SourceRecord;

import io.influxtimescale.contract.RecordContract;
import io.influxtimescale.contract.SeriesWindow;
import io.influxtimescale.source.discovery.Container;
import io.influxtimescale.source.offsets.SourceOffset;
import io.influxtimescale.source.offsets.SourcePartitions;

/**
 * Builds the source records: data records of the contract, and heartbeats carrying only an offset.
 *
 * <p>Records carry no timestamp (the producer stamps the send time). The points' own times would be wrong there:
 * Kafka rejects negative timestamps (before 1970), and topic retention judges segments by record timestamps, so
 * years-old timestamps would let the broker delete a backfill before the sink has read it.
 */
final class RecordFactory {
    private final TopicNamer topics;
    private final String heartbeatTopic;

    RecordFactory(TopicNamer topics, String heartbeatTopic) {
        this.topics = topics;
        this.heartbeatTopic = heartbeatTopic;
    }

    SourceRecord data(Container container, SeriesWindow window, SourceOffset offset) {
        Map<String, Object> partition = SourcePartitions.of(container);
        return new SourceRecord(partition, offset.toMap(), topics.topic(container.database()), null,
                RecordContract.KEY_SCHEMA, RecordContract.toKeyStruct(window.series()),
                RecordContract.VALUE_SCHEMA, RecordContract.toValueStruct(window), null);
    }

    /** A record on the heartbeat topic whose only purpose is to store the container's offset. */
    SourceRecord heartbeat(Container container, SourceOffset offset) {
        return new SourceRecord(SourcePartitions.of(container), offset.toMap(), heartbeatTopic, null,
                Schema.STRING_SCHEMA, container.toString(), Schema.INT64_SCHEMA, offset.progressNs(), null);
    }
}
