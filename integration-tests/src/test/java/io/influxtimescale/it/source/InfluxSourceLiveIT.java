package io.influxtimescale.it.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.influxtimescale.contract.FieldType;
import io.influxtimescale.fixtures.InfluxServer;
import io.influxtimescale.fixtures.KafkaConnectFixture;
import io.influxtimescale.it.data.ExpectedValue;

/**
 * Mode {@code live} against a real server, where it is hardest: measurements whose field types disagree. The live
 * phase reads several measurements in one query, and InfluxDB then converts a field to the type another measurement
 * gives the same name (an integer 2^53+1 would arrive as the float 2^53). Every value must still arrive with its own
 * type and value, also when such a field appears while following; history before the start is not read.
 */
class InfluxSourceLiveIT {
    private static final String DB = "typed";
    private static final String PREFIX = "live.";
    private static final long BIG = 9_007_199_254_740_993L; // 2^53 + 1: not a double

    @RegisterExtension
    static final InfluxServer INFLUX = InfluxServer.create();
    @RegisterExtension
    static final KafkaConnectFixture CONNECT = KafkaConnectFixture.create();

    private final Set<String> expected = new HashSet<>();
    private long last;

    @Test
    void readsEveryValueWithItsOwnTypeWhenMeasurementsDisagree() throws Exception {
        INFLUX.query("CREATE DATABASE " + DB);
        long hourAgo = now() - 3_600_000_000_000L;
        // History: the same shapes an hour ago; mode 'live' must not read it.
        INFLUX.write(DB, "a,host=x v=0.5 " + hourAgo + "\nb,host=y v=1i " + hourAgo + "\nc,host=z w=2.5 " + hourAgo
                + "\nodd.name/x|y(z)*[q],host=z u=0.5 " + hourAgo);

        Map<String, String> config = SourceConnectorConfigs.base(INFLUX.url(), PREFIX);
        config.put("mode", "live");
        config.put("databases.include", DB);
        config.put("live.lateness.ms", "10000");
        config.put("live.lateness.sweep.interval.ms", "1000");
        config.put("live.poll.interval.ms", "200");
        config.put("live.safety.delay.ms", "200");
        config.put("heartbeat.interval.ms", "500");
        CONNECT.rest().putConnectorConfig("live-source", config);
        SourceTopics topics = new SourceTopics(CONNECT);
        io.influxtimescale.fixtures.Fixtures.await("the source to follow four containers", Duration.ofMinutes(1),
                () -> io.influxtimescale.it.live.LiveChecks.liveContainers(CONNECT.rest(), "live-source") == 4);

        for (int i = 0; i < 20; i++) {
            long t = now();
            write("a", "x", "v", t, FieldType.FLOAT, i + 0.25);
            write("b", "y", "v", t, FieldType.INTEGER, BIG + i);
            write("c", "z", "w", t, FieldType.FLOAT, i + 0.75);
            // A name full of regular-expression characters, read in the same query as 'a' and 'c'.
            write("odd.name/x|y(z)*[q]", "z", "u", t, FieldType.FLOAT, i + 0.125);
            if (i >= 10) {
                // c gains an integer 'v' while it shares a query with 'a', whose 'v' is a float.
                write("c", "z", "v", t, FieldType.INTEGER, BIG + 100 + i);
            }
            Thread.sleep(150);
        }
        List<SourceTopics.Decoded> records = topics.readUntilComplete(List.of(PREFIX + DB), expected,
                Duration.ofMinutes(2), false);
        assertThat(SourceTopics.valuesOf(records)).as("exactly the values written after the start, each with its "
                + "own type").isEqualTo(new java.util.TreeSet<>(expected));
    }

    private void write(String m, String host, String field, long t, FieldType type, Object value) {
        String v = type == FieldType.INTEGER ? value + "i" : String.valueOf(value);
        INFLUX.write(DB, m + ",host=" + host + " " + field + "=" + v + " " + t);
        expected.add(ExpectedValue.key(DB, "autogen", m, Map.of("host", host), t, field, type, value));
    }

    private long now() {
        Instant i = Instant.now();
        last = Math.max(last + 1, i.getEpochSecond() * 1_000_000_000L + i.getNano());
        return last;
    }

}
