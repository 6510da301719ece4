package io.influxtimescale.source.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.influxtimescale.contract.FieldColumn;
import io.influxtimescale.contract.FieldType;
import io.influxtimescale.contract.RecordContract;
import io.influxtimescale.contract.SeriesWindow;
import io.influxtimescale.source.discovery.Container;
import io.influxtimescale.source.influx.JsonQueryResponse;
import io.influxtimescale.source.influx.MsgpackQueryResponse;
import io.influxtimescale.source.influx.QueryResponseReader;
import io.influxtimescale.source.plan.TimeWindow;

class WindowReaderTest {
    private static final long W = 1_000_000_000_000_000_000L;
    private static final long WEEK = 604_800_000_000_000L;
    private static final Container M = new Container("d1", "autogen", "m");
    private static final List<String> FIELDS = List.of("f", "g", "k");

    static List<SeriesWindow> read(String resource, long start, int maxPoints, long maxBytes,
                                   Map<String, Set<FieldType>> declared) throws IOException {
        InputStream in = WindowReaderTest.class.getResourceAsStream("/responses/" + resource);
        byte[] bytes = in.readAllBytes();
        QueryResponseReader r = resource.endsWith(".json") ? new JsonQueryResponse(new ByteArrayInputStream(bytes))
                : new MsgpackQueryResponse(new ByteArrayInputStream(bytes));
        List<SeriesWindow> out = new ArrayList<>();
        try (WindowReader reader = new WindowReader(r, M, new TimeWindow(start, start + WEEK), FIELDS, declared,
                maxPoints, maxBytes)) {
            SeriesWindow w;
            while ((w = reader.next()) != null) {
                out.add(w);
            }
        }
        return out;
    }

    @Test
    void oneRecordPerSeriesWithTypedSparseColumns() throws IOException {
        List<SeriesWindow> records = read("float-window.msgpack", W, 10_000, 512 * 1024, Map.of());
        assertThat(records).hasSize(2);
        SeriesWindow a = records.get(0);
        assertThat(a.series().tags()).isEqualTo(Map.of("host", "a")); // the empty tag value is "no tag"
        assertThat(a.timesNs()).containsExactly(W, W + 1, W + 2, W + 3);
        FieldColumn f = a.fields().get(0);
        assertThat(f.name()).isEqualTo("f");
        assertThat(f.type()).isEqualTo(FieldType.FLOAT);
        assertThat(f.isDense()).isTrue();
        assertThat(Double.doubleToRawLongBits(f.floatAt(3))).isEqualTo(Double.doubleToRawLongBits(-0.0));
        FieldColumn k = a.fields().get(1);
        assertThat(k.name()).isEqualTo("k");
        assertThat(k.type()).isEqualTo(FieldType.STRING);
        assertThat(k.positions()).containsExactly(0);
        assertThat(k.stringAt(0)).isEqualTo("fieldk");
        assertThat(records.get(1).fields().get(0).floatAt(1)).isEqualTo(Double.MIN_VALUE);
    }

    @Test
    void integerWindowKeepsIntegersIncludingSmallOnesAndExtremes() throws IOException {
        List<SeriesWindow> records = read("integer-window.msgpack", W + 1_000_000_000_000_000L,
                10_000, 512 * 1024, Map.of("f", Set.of(FieldType.FLOAT, FieldType.INTEGER)));
        assertThat(records).extracting(r -> r.series().tags().toString())
                .containsExactly("{host=a}", "{host=b}", "{host=b, k=tagk}");
        assertThat(records.get(0).fields()).singleElement().satisfies(c -> {
            assertThat(c.type()).isEqualTo(FieldType.INTEGER);
            assertThat(c.integerAt(0)).isEqualTo(7L);
        });
        FieldColumn b = records.get(1).fields().get(0);
        assertThat(b.type()).isEqualTo(FieldType.INTEGER);
        assertThat(new long[] {b.integerAt(0), b.integerAt(1), b.integerAt(2)})
                .containsExactly(Long.MAX_VALUE, 200L, -1L);
        assertThat(records.get(2).fields().get(0).integerAt(0)).isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void smallIntegersOfAnUnsignedOnlyFieldAreUnsigned() throws IOException {
        List<SeriesWindow> records = read("integer-window.msgpack", W + 1_000_000_000_000_000L, 10_000, 512 * 1024,
                Map.of("f", Set.of(FieldType.UNSIGNED)));
        assertThat(records.get(0).fields().get(0).type()).isEqualTo(FieldType.UNSIGNED);
        // explicit signed values stay signed whatever SHOW FIELD KEYS says
        assertThat(records.get(1).fields().get(0).type()).isEqualTo(FieldType.INTEGER);
    }

    @Test
    void seriesAreSplitByPointCountWithTheSameWindowBounds() throws IOException {
        List<SeriesWindow> records = read("float-window.msgpack", W, 3, 512 * 1024, Map.of());
        assertThat(records).extracting(SeriesWindow::size).containsExactly(3, 1, 2);
        assertThat(records).allSatisfy(r -> {
            assertThat(r.windowStartNs()).isEqualTo(W);
            assertThat(r.windowEndNs()).isEqualTo(W + WEEK);
        });
        assertThat(records.get(1).timesNs()).containsExactly(W + 3);
        // the string value at the first time stayed with its time
        assertThat(records.get(0).fields()).extracting(FieldColumn::name).containsExactly("f", "k");
        assertThat(records.get(1).fields()).extracting(FieldColumn::name).containsExactly("f");
    }

    @Test
    void seriesAreSplitByEstimatedBytesAndEveryRecordStaysWithinTheBudget() {
        // A synthetic series of 64 KiB strings: each record must stay under the budget by the contract's estimate.
        long budget = 512 * 1024;
        SeriesWindowBuilderHarness h = new SeriesWindowBuilderHarness(budget);
        List<SeriesWindow> records = h.addStrings(40, 64 * 1024);
        assertThat(records.size()).isGreaterThan(4);
        assertThat(records.stream().mapToInt(SeriesWindow::size).sum()).isEqualTo(40);
        for (SeriesWindow r : records) {
            assertThat(RecordContract.estimatedBytes(r)).isLessThanOrEqualTo(budget);
        }
    }

    @Test
    void jsonAnswersAreTypedFromTheDeclaredFieldTypes() throws IOException {
        // f is a float in this shard group: 7 in JSON is the float 7.0, -0 is -0.0
        List<SeriesWindow> floats = read("float-window.json", W, 10_000, 512 * 1024,
                Map.of("f", Set.of(FieldType.FLOAT), "k", Set.of(FieldType.STRING)));
        FieldColumn f = floats.get(0).fields().get(0);
        assertThat(f.type()).isEqualTo(FieldType.FLOAT);
        assertThat(f.floatAt(0)).isEqualTo(7.0);
        assertThat(Double.doubleToRawLongBits(f.floatAt(3))).isEqualTo(Double.doubleToRawLongBits(-0.0));
        // an integer-only field stays integer
        List<SeriesWindow> ints = read("integer-window.json", W + 1_000_000_000_000_000L, 10_000, 512 * 1024,
                Map.of("f", Set.of(FieldType.INTEGER)));
        assertThat(ints.get(1).fields().get(0).type()).isEqualTo(FieldType.INTEGER);
        assertThat(ints.get(1).fields().get(0).integerAt(0)).isEqualTo(Long.MAX_VALUE);
    }
}
