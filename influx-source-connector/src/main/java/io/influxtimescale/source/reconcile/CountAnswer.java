package io.influxtimescale.source.reconcile;

import java.util.HashMap;
import java.util.Map;

import io.influxtimescale.source.influx.QueryResponseReader;
import io.influxtimescale.source.influx.ValueKind;
import io.influxtimescale.source.plan.CellGrid;

/**
 * Reads the answer of a reconciliation count ({@code SELECT count(*) ... [GROUP BY time(cell)]}): per measurement (the
 * series name) and cell (the bucket's time), the field values InfluxDB holds, summed over the {@code count_<field>}
 * columns.
 */
public final class CountAnswer {
    private CountAnswer() {
    }

    /**
     * Adds the answer's counts to {@code into}: measurement -> cell -> field values. A bucket's time is its aligned
     * start, which can lie before the queried range's start ({@code fromNs}); the cell is the one at or after it.
     */
    public static void read(QueryResponseReader r, CellGrid grid, long fromNs, Map<String, Map<Long, Long>> into) {
        while (r.nextRow()) {
            long count = 0;
            for (int i = 1; i < r.width(); i++) {
                if (r.kind(i) != ValueKind.NULL) {
                    count += r.longValue(i);
                }
            }
            if (count == 0) {
                continue;
            }
            long time = r.kind(0) == ValueKind.NULL ? fromNs : Math.max(r.longValue(0), fromNs);
            into.computeIfAbsent(r.series().name(), m -> new HashMap<>()).merge(grid.cellOf(time), count, Long::sum);
        }
    }

    public static long total(Map<Long, Long> cells) {
        long t = 0;
        if (cells != null) {
            for (long c : cells.values()) {
                t += c;
            }
        }
        return t;
    }
}
