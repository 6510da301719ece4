package io.influxtimescale.cli.commands;

import java.io.PrintWriter;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.influxtimescale.cli.CommandFailure;
import io.influxtimescale.cli.ConnectOptions;
import io.influxtimescale.cli.ConnectorControl;
import io.influxtimescale.cli.ExitCode;
import io.influxtimescale.cli.KafkaOptions;
import io.influxtimescale.connectrest.ConnectRestClient;
import io.influxtimescale.source.plan.TimeFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code itc replay}: the sink reads its topics again, from the beginning (DELETE /connectors/{name}/offsets) or
 * from the first records written to Kafka at or after a time ({@code --to-timestamp}: Kafka's own time index,
 * {@code listOffsets} with {@code OffsetSpec.forTimestamp}, then PATCH /connectors/{name}/offsets). The sink is
 * stopped around the change and resumed. Safe at any time: the sink's writes are idempotent.
 *
 * <p>The timestamp is when a record was written to Kafka (the source's producer time), not the time of the InfluxDB
 * points inside it: records of a backfill carry the time they were read, however old their points.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Stop the sink, reset its offsets (to the beginning or to a Kafka timestamp), resume it.")
public final class ReplayCommand implements Callable<Integer> {
    @Mixin
    ConnectOptions connect;

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--sink", defaultValue = "timescale-sink", description = "Sink connector (${DEFAULT-VALUE}).")
    String sink;

    @Option(names = "--to-timestamp", paramLabel = "RFC3339", description = "Re-read the records written to Kafka "
            + "at or after this time (Kafka record time, not InfluxDB point time); needs --bootstrap-servers.")
    String toTimestamp;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        ConnectRestClient rest = connect.client();
        ConnectOptions.requireConnector(rest, sink);
        PrintWriter out = spec.commandLine().getOut();
        if (toTimestamp == null) {
            ConnectorControl.stopAndWait(rest, sink);
            rest.resetOffsets(sink);
            rest.resume(sink);
            out.println("replay started: '" + sink + "' reads its topics from the beginning");
            return ExitCode.OK;
        }
        long timestampMs = Math.floorDiv(time(toTimestamp), 1_000_000L);
        Map<TopicPartition, Long> offsets;
        try (Admin admin = kafka.admin("--to-timestamp")) {
            offsets = offsetsAt(admin, ConnectOptions.configOrNull(rest, sink), timestampMs);
        } catch (ExecutionException e) {
            throw CommandFailure.badInput("cannot read offsets from Kafka: " + e.getCause().getMessage());
        }
        ObjectNode body = ConnectRestClient.object();
        ArrayNode list = body.putArray("offsets");
        offsets.forEach((tp, offset) -> {
            ObjectNode entry = list.addObject();
            entry.putObject("partition").put("kafka_topic", tp.topic()).put("kafka_partition", tp.partition());
            entry.putObject("offset").put("kafka_offset", offset);
        });
        ConnectorControl.stopAndWait(rest, sink);
        rest.alterOffsets(sink, body);
        rest.resume(sink);
        offsets.forEach((tp, offset) -> out.println("  " + tp + " from offset " + offset));
        out.println("replay started: '" + sink + "' reads the records written to Kafka since "
                + TimeFormat.format(timestampMs * 1_000_000L));
        return ExitCode.OK;
    }

    /** Per partition of the sink's topics: the first offset at or after the time, or the end when there is none. */
    private static Map<TopicPartition, Long> offsetsAt(Admin admin, Map<String, String> sinkConfig, long timestampMs)
            throws ExecutionException, InterruptedException {
        Map<TopicPartition, OffsetSpec> at = new HashMap<>();
        Map<TopicPartition, OffsetSpec> end = new HashMap<>();
        for (var topic : admin.describeTopics(KafkaOptions.sinkTopics(admin, sinkConfig)).allTopicNames().get()
                .values()) {
            topic.partitions().forEach(p -> {
                TopicPartition tp = new TopicPartition(topic.name(), p.partition());
                at.put(tp, OffsetSpec.forTimestamp(timestampMs));
                end.put(tp, OffsetSpec.latest());
            });
        }
        if (at.isEmpty()) {
            throw CommandFailure.badInput("the sink's topics do not exist in Kafka (yet): nothing to replay");
        }
        Map<TopicPartition, ListOffsetsResultInfo> found = admin.listOffsets(at).all().get();
        Map<TopicPartition, ListOffsetsResultInfo> ends = admin.listOffsets(end).all().get();
        Map<TopicPartition, Long> out = new TreeMap<>(java.util.Comparator.comparing(TopicPartition::topic)
                .thenComparingInt(TopicPartition::partition));
        found.forEach((tp, info) -> out.put(tp, info.offset() >= 0 ? info.offset() : ends.get(tp).offset()));
        return out;
    }

    private static long time(String text) {
        try {
            return TimeFormat.parse(text);
        } catch (RuntimeException e) {
            throw CommandFailure.badInput("--to-timestamp '" + text + "' is not an RFC 3339 time such as "
                    + "2024-05-01T00:00:00Z: " + e.getMessage());
        }
    }
}
