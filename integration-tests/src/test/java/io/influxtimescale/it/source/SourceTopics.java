package io.influxtimescale.it.source;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.json.JsonConverter;

import io.influxtimescale.contract.FieldColumn;
import io.influxtimescale.contract.RecordContract;
import io.influxtimescale.contract.SeriesKey;
import io.influxtimescale.contract.SeriesWindow;
import io.influxtimescale.fixtures.Fixtures;
import io.influxtimescale.fixtures.KafkaConnectFixture;
import io.influxtimescale.it.data.ExpectedValue;

/** Reads what the source wrote to Kafka and decodes it with the record contract, as a sink would. */
final class SourceTopics {
    private final KafkaConnectFixture connect;
    private final JsonConverter keys = new JsonConverter();
    private final JsonConverter values = new JsonConverter();

    SourceTopics(KafkaConnectFixture connect) {
        this.connect = connect;
        keys.configure(Map.of("schemas.enable", "true"), true);
        values.configure(Map.of("schemas.enable", "true"), false);
    }

    /** The data topics of a connector with this prefix, once {@code count} of them exist. */
    List<String> awaitTopics(String prefix, int count, Duration timeout) {
        List<String> found = new ArrayList<>();
        Fixtures.await(count + " topics with prefix " + prefix, timeout, () -> {
            found.clear();
            found.addAll(connect.topics().stream().filter(t -> t.startsWith(prefix)).sorted()
                    .collect(Collectors.toList()));
            return found.size() >= count;
        });
        return found;
    }

    /** One decoded record: its series key, its value, and the Kafka key decoded alongside. */
    static final class Decoded {
        final SeriesKey key;
        final SeriesWindow window;

        Decoded(SeriesKey key, SeriesWindow window) {
            this.key = key;
            this.window = window;
        }
    }

    Decoded decode(ConsumerRecord<byte[], byte[]> record) {
        SchemaAndValue k = keys.toConnectData(record.topic(), record.key());
        SchemaAndValue v = values.toConnectData(record.topic(), record.value());
        return new Decoded(RecordContract.seriesKey(k.value()), RecordContract.seriesWindow(v.value()));
    }

    /** Every field value of a record, as comparable keys. */
    static List<String> flatten(SeriesWindow w) {
        List<String> out = new ArrayList<>();
        SeriesKey s = w.series();
        for (FieldColumn c : w.fields()) {
            for (int i = 0; i < c.size(); i++) {
                out.add(ExpectedValue.key(s.database(), s.retentionPolicy(), s.measurement(), s.tags(),
                        w.timeAt(c.timeIndex(i)), c.name(), c.type(), c.valueAt(i)));
            }
        }
        return out;
    }

    static Set<String> keysOf(Collection<ExpectedValue> expected) {
        return expected.stream().map(ExpectedValue::key).collect(Collectors.toCollection(HashSet::new));
    }

    /**
     * Reads the topics until every expected value has arrived (or fails after the timeout), then returns all
     * decoded records of those topics.
     */
    List<Decoded> readUntilComplete(Collection<String> topics, Set<String> expected, Duration timeout,
                                    boolean readCommitted) {
        Set<String> seen = new HashSet<>();
        List<Decoded> all = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        for (String topic : topics) {
            Map<String, Integer> decodedUpTo = new HashMap<>();
            List<Decoded> ofTopic = new ArrayList<>();
            Duration left = Duration.ofNanos(Math.max(1, deadline - System.nanoTime()));
            try {
                connect.consume(topic, left, readCommitted, records -> {
                int from = decodedUpTo.getOrDefault(topic, 0);
                for (int i = from; i < records.size(); i++) {
                    Decoded d = decode(records.get(i));
                    ofTopic.add(d);
                    seen.addAll(flatten(d.window));
                }
                decodedUpTo.put(topic, records.size());
                return allExpectedOfTopicSeen(ofTopic, expected, seen);
                });
            } catch (AssertionError e) {
                Set<String> missing = new TreeSet<>(expected);
                missing.removeAll(seen);
                Set<String> unexpected = new TreeSet<>(seen);
                unexpected.removeAll(expected);
                throw new AssertionError(e.getMessage() + "; " + missing.size() + " expected values missing, e.g. "
                        + missing.stream().limit(15).collect(Collectors.toList()) + "; " + unexpected.size()
                        + " values not expected, e.g. " + unexpected.stream().limit(15).collect(Collectors.toList()),
                        e);
            }
            all.addAll(ofTopic);
        }
        return all;
    }

    private static boolean allExpectedOfTopicSeen(List<Decoded> ofTopic, Set<String> expected, Set<String> seen) {
        if (ofTopic.isEmpty()) {
            return false;
        }
        String db = ofTopic.get(0).key.database();
        String marker = db + " | ";
        for (String e : expected) {
            if (e.startsWith(marker) && !seen.contains(e)) {
                return false;
            }
        }
        return true;
    }

    static Set<String> valuesOf(List<Decoded> records) {
        Set<String> out = new TreeSet<>();
        for (Decoded d : records) {
            out.addAll(flatten(d.window));
        }
        return out;
    }
}
