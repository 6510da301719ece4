package io.influxtimescale.cli.status;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import io.influxtimescale.cli.CommandFailure;

/**
 * The sink's consumer lag: per partition, the end offset minus the offset its consumer group committed (which the
 * sink commits only for rows committed in TimescaleDB). A partition without a committed offset counts from its start.
 * Transaction markers (exactly-once sources) occupy offsets too, so the lag can read a few records high.
 *
 * @param byTopic   lag per topic, in records
 * @param committed the sum of committed offsets: its growth over time is the sink's records/s
 */
public record SinkLag(Map<String, Long> byTopic, long committed) {
    public long total() {
        return byTopic.values().stream().mapToLong(Long::longValue).sum();
    }

    public static SinkLag read(Admin admin, String group, Iterable<String> topics) {
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get();
            Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
            Map<TopicPartition, OffsetSpec> starts = new HashMap<>();
            for (var description : admin.describeTopics(toList(topics)).allTopicNames().get().values()) {
                description.partitions().forEach(p -> {
                    TopicPartition tp = new TopicPartition(description.name(), p.partition());
                    ends.put(tp, OffsetSpec.latest());
                    starts.put(tp, OffsetSpec.earliest());
                });
            }
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> end = admin.listOffsets(ends).all().get();
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> start = admin.listOffsets(starts).all().get();
            Map<String, Long> byTopic = new TreeMap<>();
            long sum = 0;
            for (var e : end.entrySet()) {
                TopicPartition tp = e.getKey();
                OffsetAndMetadata c = committed.get(tp);
                long at = c == null ? start.get(tp).offset() : c.offset();
                sum += at;
                byTopic.merge(tp.topic(), Math.max(0, e.getValue().offset() - at), Long::sum);
            }
            return new SinkLag(byTopic, sum);
        } catch (ExecutionException e) {
            throw CommandFailure.badInput("cannot read the sink's consumer lag from Kafka: " + e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CommandFailure.badInput("interrupted reading the sink's consumer lag");
        }
    }

    private static java.util.List<String> toList(Iterable<String> topics) {
        java.util.List<String> out = new java.util.ArrayList<>();
        topics.forEach(out::add);
        return out;
    }
}
