package io.influxtimescale.it.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.influxtimescale.contract.FieldColumn;
import io.influxtimescale.contract.SeriesKey;
import io.influxtimescale.contract.SeriesWindow;
import io.influxtimescale.fixtures.KafkaConnectFixture;
import io.influxtimescale.fixtures.TimescaleServer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The shepard 4.x layout through a real Connect worker into a real TimescaleDB. */
class ShepardSinkIT {
    @RegisterExtension
    static final TimescaleServer TIMESCALE = TimescaleServer.create();
    @RegisterExtension
    static final KafkaConnectFixture CONNECT = KafkaConnectFixture.create();

    private final SinkHarness harness = new SinkHarness(CONNECT, TIMESCALE);

    private static final String POINTS = "SELECT t.container_id, t.measurement, t.field, t.symbolic_name, t.device, "
            + "t.location, t.value_type, p.\"time\", p.double_value, p.int_value, p.string_value, p.boolean_value "
            + "FROM public.timeseries t JOIN public.timeseries_data_points p ON p.timeseries_id = t.id";

    @Test
    void writesShepardsSchemaExactlySendsUnmappedDatabasesToTheDeadLetterQueueAndReplaysIdentically()
            throws Exception {
        String db = TIMESCALE.createDatabase("shepard");
        String topic = "shepard-points";
        String dlq = "shepard-dead";
        CONNECT.createTopic(topic, 1);
        CONNECT.createTopic(dlq, 1);

        SeriesKey temp = new SeriesKey("lab", "autogen", "temperature",
                Map.of("device", "d1", "location", "hall 'A'", "symbolic_name", "T1"));
        SeriesKey bare = new SeriesKey("other,db", "rp", "pressure \"raw\"", Map.of());
        long[] times = {-1_000_000_000_000_000_001L, 0, 1_700_000_000_000_000_000L, 1_700_000_000_000_000_001L};
        List<SeriesWindow> good = List.of(
                new SeriesWindow(temp, times[0], times[3] + 1, times, List.of(
                        FieldColumn.ofFloats("value", null, new double[] {21.5, 1e308, 5e-324, -3}),
                        FieldColumn.ofIntegers("count", new int[] {0, 3}, new long[] {Long.MIN_VALUE, Long.MAX_VALUE}),
                        FieldColumn.ofUnsigned("raw", new int[] {1}, new long[] {Long.MAX_VALUE}),
                        FieldColumn.ofStrings("state", new int[] {2}, new String[] {"ünïcødé ' \" \\"}),
                        FieldColumn.ofBooleans("ok", new int[] {1, 2}, new boolean[] {true, false}),
                        FieldColumn.ofFloats("mixed", new int[] {0}, new double[] {1.5}),
                        FieldColumn.ofStrings("mixed", new int[] {1}, new String[] {"one and a half"}))),
                Points.floats(bare, "p", 10, 1, 5, 100));
        SeriesWindow unmapped = Points.floats(new SeriesKey("nobody", "rp", "m", Map.of()), "f", 0, 1, 2, 0);
        SeriesWindow tooBig = new SeriesWindow(temp, 0, 10, new long[] {5},
                List.of(FieldColumn.ofUnsigned("raw", null, new long[] {-1L})));
        harness.produce(topic, null, List.of(good.get(0), unmapped, good.get(1), tooBig));

        Map<String, String> config = harness.sinkConfig("shepard", topic, db, "public");
        config.put("shepard.container.ids", "lab=7, other\\,db=8");
        config.put("errors.tolerance", "all");
        config.put("errors.deadletterqueue.topic.name", dlq);
        config.put("errors.deadletterqueue.topic.replication.factor", "1");
        config.put("errors.deadletterqueue.context.headers.enable", "true");
        harness.deploy("shepard", config);
        harness.awaitCaughtUp("shepard", topic, Duration.ofSeconds(90));

        assertThat(actual(db)).containsExactlyElementsOf(expected(good));
        try (Connection c = TIMESCALE.connect(db); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT value_type FROM public.timeseries WHERE field = 'mixed'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).as("first type seen names the timeseries").isEqualTo("Double");
                assertThat(rs.next()).as("one timeseries for both types").isFalse();
            }
            try (ResultSet rs = s.executeQuery("SELECT integer_interval FROM timescaledb_information.dimensions "
                    + "WHERE hypertable_name = 'timeseries_data_points' AND column_name = 'time'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getLong(1)).as("one-day chunks").isEqualTo(86_400_000_000_000L);
            }
        }

        List<ConsumerRecord<byte[], byte[]>> dead = CONNECT.consume(dlq, Duration.ofSeconds(60), false,
                r -> r.size() >= 2);
        List<String> reasons = new ArrayList<>();
        dead.forEach(r -> reasons.add(new String(r.headers().lastHeader("__connect.errors.exception.message")
                .value(), StandardCharsets.UTF_8)));
        assertThat(reasons).hasSize(2)
                .anySatisfy(m -> assertThat(m).contains("'nobody'").contains("shepard.container.ids"))
                .anySatisfy(m -> assertThat(m).contains("18446744073709551615"));

        String before = harness.checksum(db, POINTS + " ORDER BY t.id, p.\"time\"");
        harness.replayFromScratch("shepard");
        harness.awaitCaughtUp("shepard", topic, Duration.ofSeconds(90));
        assertThat(harness.checksum(db, POINTS + " ORDER BY t.id, p.\"time\"")).isEqualTo(before);
        assertThat(harness.count(db, "SELECT * FROM public.timeseries")).isEqualTo(7);
        CONNECT.rest().delete("shepard");
    }

    private static List<String> expected(List<SeriesWindow> windows) {
        Map<String, Long> containers = Map.of("lab", 7L, "other,db", 8L);
        Map<String, String> rows = new TreeMap<>();
        for (SeriesWindow w : windows) {
            SeriesKey s = w.series();
            for (FieldColumn f : w.fields()) {
                for (int i = 0; i < f.size(); i++) {
                    String key = containers.get(s.database()) + "|" + s.measurement() + "|" + f.name() + "|"
                            + s.tags().getOrDefault("symbolic_name", "") + "|" + s.tags().getOrDefault("device", "")
                            + "|" + s.tags().getOrDefault("location", "") + "|" + w.timeAt(f.timeIndex(i));
                    Object v = f.valueAt(i);
                    String value;
                    switch (f.type()) {
                        case FLOAT:
                            value = Points.valueText(f.type(), v) + "|null|null|null";
                            break;
                        case INTEGER:
                        case UNSIGNED:
                            value = "null|" + v + "|null|null";
                            break;
                        case STRING:
                            value = "null|null|" + v + "|null";
                            break;
                        default:
                            value = "null|null|null|" + v;
                    }
                    rows.put(key, key + "|" + value);
                }
            }
        }
        List<String> out = new ArrayList<>(rows.values());
        out.sort(null);
        return out;
    }

    private static List<String> actual(String db) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = TIMESCALE.connect(db); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(POINTS)) {
            while (rs.next()) {
                String key = rs.getLong(1) + "|" + rs.getString(2) + "|" + rs.getString(3) + "|" + rs.getString(4)
                        + "|" + rs.getString(5) + "|" + rs.getString(6) + "|" + rs.getLong(8);
                double d = rs.getDouble(9);
                String dv = rs.wasNull() ? "null" : Points.valueText(io.influxtimescale.contract.FieldType.FLOAT, d);
                long i = rs.getLong(10);
                String iv = rs.wasNull() ? "null" : Long.toString(i);
                String sv = rs.getString(11);
                boolean b = rs.getBoolean(12);
                String bv = rs.wasNull() ? "null" : Boolean.toString(b);
                out.add(key + "|" + dv + "|" + iv + "|" + sv + "|" + bv);
            }
        }
        out.sort(null);
        return out;
    }
}
