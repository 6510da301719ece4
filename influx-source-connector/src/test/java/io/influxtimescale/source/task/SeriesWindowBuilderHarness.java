package io.influxtimescale.source.task;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePacker;

import io.influxtimescale.contract.SeriesKey;
import io.influxtimescale.contract.SeriesWindow;
import io.influxtimescale.source.influx.MsgpackQueryResponse;
import io.influxtimescale.source.influx.QueryResponseReader;
import io.influxtimescale.source.plan.TimeWindow;

/** Feeds synthetic rows, encoded the way InfluxDB encodes them, through a {@link SeriesWindowBuilder}. */
final class SeriesWindowBuilderHarness {
    private final long budget;

    SeriesWindowBuilderHarness(long budget) {
        this.budget = budget;
    }

    List<SeriesWindow> addStrings(int rows, int length) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            MessagePacker p = MessagePack.newDefaultPacker(bytes);
            p.packMapHeader(1).packString("results").packArrayHeader(1).packMapHeader(2)
                    .packString("statement_id").packInt(0).packString("series").packArrayHeader(1).packMapHeader(3)
                    .packString("name").packString("m").packString("columns").packArrayHeader(2)
                    .packString("time").packString("s").packString("values").packArrayHeader(rows);
            String s = "x".repeat(length);
            for (int i = 0; i < rows; i++) {
                p.packArrayHeader(2).packLong(i).packString(s);
            }
            p.close();
            QueryResponseReader r = new MsgpackQueryResponse(new ByteArrayInputStream(bytes.toByteArray()));
            SeriesWindowBuilder b = new SeriesWindowBuilder(new TimeWindow(0, 1_000), List.of("s"), Map.of(), 10_000,
                    budget);
            b.start(new SeriesKey("d", "r", "m", Map.of()));
            List<SeriesWindow> out = new ArrayList<>();
            while (r.nextRow()) {
                SeriesWindow w = b.add(r, r.longValue(0));
                if (w != null) {
                    out.add(w);
                }
            }
            SeriesWindow last = b.finish();
            if (last != null) {
                out.add(last);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
