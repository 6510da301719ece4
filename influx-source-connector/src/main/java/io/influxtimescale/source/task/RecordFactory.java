package io.influxtimescale.source.task;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.source.SourceRecord;

import io.influxtimescale.contract.RecordContract;
import io.influxtimescale.contract.SeriesWindow;
import io.influxtimescale.source.offsets.SourceOffset;

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

    SourceRecord data(ContainerProgress p, SeriesWindow window, SourceOffset offset) {
        return new SourceRecord(p.partition, offset.toMap(), topics.topic(p.container.database()), null,
                RecordContract.KEY_SCHEMA, RecordContract.toKeyStruct(window.series()),
                RecordContract.VALUE_SCHEMA, RecordContract.toValueStruct(window), null);
    }

    /** A record on the heartbeat topic whose only purpose is to store the container's (or slice's) offset. */
    SourceRecord heartbeat(ContainerProgress p, SourceOffset offset) {
        return new SourceRecord(p.partition, offset.toMap(), heartbeatTopic, null,
                Schema.STRING_SCHEMA, p.label(), Schema.INT64_SCHEMA, offset.progressNs(), null);
    }
}
