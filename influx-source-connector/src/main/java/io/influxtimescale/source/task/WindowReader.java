package io.influxtimescale.source.task;

import java.util.List;
import java.util.Map;
import java.util.Set;

import io.influxtimescale.contract.FieldType;
import io.influxtimescale.contract.SeriesKey;
import io.influxtimescale.contract.SeriesWindow;
import io.influxtimescale.source.discovery.Container;
import io.influxtimescale.source.influx.InfluxException;
import io.influxtimescale.source.influx.QueryResponseReader;
import io.influxtimescale.source.influx.SeriesHeader;
import io.influxtimescale.source.influx.ValueKind;
import io.influxtimescale.source.plan.TimeWindow;

/**
 * Turns the streamed answer of one window query ({@code SELECT "f"::field, ... GROUP BY *}) into records, one series
 * after the other, pulling rows only as records are asked for. A series continued in the next chunk (same header)
 * continues the same record.
 */
final class WindowReader implements AutoCloseable {
    private final QueryResponseReader reader;
    private final Container container;
    private final TimeWindow window;
    private final List<String> fields;
    private final SeriesWindowBuilder builder;
    private SeriesHeader current;
    private boolean done;

    WindowReader(QueryResponseReader reader, Container container, TimeWindow window, List<String> fields,
                 Map<String, Set<FieldType>> declaredTypes, int maxPoints, long maxBytes) {
        this.reader = reader;
        this.container = container;
        this.window = window;
        this.fields = fields;
        this.builder = new SeriesWindowBuilder(window, fields, declaredTypes, maxPoints, maxBytes);
    }

    /** The next record of this window, or null when the answer is exhausted. */
    SeriesWindow next() {
        if (done) {
            return null;
        }
        while (reader.nextRow()) {
            SeriesHeader header = reader.series();
            SeriesWindow completed = null;
            if (!header.equals(current)) {
                checkShape(header);
                if (current != null) {
                    completed = builder.finish();
                }
                current = header;
                builder.start(new SeriesKey(container.database(), container.retentionPolicy(),
                        container.measurement(), header.tags()));
            }
            if (reader.width() != fields.size() + 1 || reader.kind(0) == ValueKind.NULL) {
                throw new InfluxException.QueryFailed("a row of series " + header + " has " + reader.width()
                        + " values, expected the time and " + fields.size() + " fields");
            }
            long time = reader.longValue(0);
            if (time < window.startNs() || time >= window.endNs()) {
                throw new InfluxException.QueryFailed("InfluxDB returned time " + time + " outside the window "
                        + window + " of " + container);
            }
            SeriesWindow flushed = builder.add(reader, time);
            if (completed != null) {
                return completed;
            }
            if (flushed != null) {
                return flushed;
            }
        }
        done = true;
        return builder.series() == null ? null : builder.finish();
    }

    private void checkShape(SeriesHeader header) {
        List<String> columns = reader.columns();
        if (columns.size() != fields.size() + 1 || !"time".equals(columns.get(0))) {
            throw new InfluxException.QueryFailed("series " + header + " came back with columns " + columns
                    + ", expected time and " + fields);
        }
    }

    @Override
    public void close() {
        reader.close();
    }
}
