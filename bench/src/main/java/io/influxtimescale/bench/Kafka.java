package io.influxtimescale.bench;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The few broker questions the benchmark asks: create a topic, how many records a topic holds, and how far a sink's
 * consumer group is behind.
 */
final class Kafka implements AutoCloseable {
    private final Admin admin;

    Kafka(String bootstrapServers) {
        Map<String, Object> props = new HashMap<>();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        admin = Admin.create(props);
    }

    void createTopic(String topic, int partitions) throws ExecutionException, InterruptedException {
        if (!admin.listTopics().names().get().contains(topic)) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
        }
    }

    /**
     * Records of {@code topic} not yet committed by the sink connector {@code connector} (its consumer group is
     * {@code connect-<name>}); -1 while the group has committed nothing for some partition.
     */
    long lag(String connector, String topic) throws ExecutionException, InterruptedException {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets("connect-" + connector)
                .partitionsToOffsetAndMetadata().get();
        Set<TopicPartition> partitions = new java.util.HashSet<>();
        admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()
                .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        partitions.forEach(p -> latest.put(p, OffsetSpec.latest()));
        var ends = admin.listOffsets(latest).all().get();
        long lag = 0;
        for (TopicPartition p : partitions) {
            long end = ends.get(p).offset();
            OffsetAndMetadata c = committed.get(p);
            if (c == null) {
                if (end > 0) {
                    return -1;
                }
                continue;
            }
            lag += end - c.offset();
        }
        return lag;
    }

    /** Records written to {@code topic} so far, over all its partitions. */
    long endOffsetSum(String topic) throws ExecutionException, InterruptedException {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()
                .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
        long sum = 0;
        for (var e : admin.listOffsets(latest).all().get().values()) {
            sum += e.offset();
        }
        return sum;
    }

    @Override
    public void close() {
        admin.close();
    }
}
