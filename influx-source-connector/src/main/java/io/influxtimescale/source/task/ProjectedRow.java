package io.influxtimescale.source.task;

import java.util.List;

import io.influxtimescale.source.influx.QueryResponseReader;
import io.influxtimescale.source.influx.SeriesHeader;
import io.influxtimescale.source.influx.ValueKind;

/**
 * The current row of a query over several measurements, narrowed to the time and one measurement's own fields: the
 * answer has a column for every field of every measurement in the query, and a record builder should only walk the
 * ones of its series. Column 0 stays the time; column i+1 is {@code source column positions[i]}.
 */
final class ProjectedRow implements QueryResponseReader {
    private final QueryResponseReader source;
    private final int[] positions;
    private final List<String> names;

    ProjectedRow(QueryResponseReader source, int[] positions, List<String> names) {
        this.source = source;
        this.positions = positions;
        this.names = names;
    }

    private int at(int column) {
        return column == 0 ? 0 : positions[column - 1];
    }

    @Override
    public boolean nextRow() {
        throw new UnsupportedOperationException("a projected row is a view of the current row only");
    }

    @Override
    public SeriesHeader series() {
        return source.series();
    }

    /** Field names of the projection, without the time. */
    @Override
    public List<String> columns() {
        return names;
    }

    @Override
    public int width() {
        return positions.length + 1;
    }

    @Override
    public ValueKind kind(int column) {
        return source.kind(at(column));
    }

    @Override
    public long longValue(int column) {
        return source.longValue(at(column));
    }

    @Override
    public double doubleValue(int column) {
        return source.doubleValue(at(column));
    }

    @Override
    public String stringValue(int column) {
        return source.stringValue(at(column));
    }

    @Override
    public boolean booleanValue(int column) {
        return source.booleanValue(at(column));
    }

    @Override
    public Object value(int column) {
        return source.value(at(column));
    }

    @Override
    public boolean typesExact() {
        return source.typesExact();
    }

    @Override
    public void close() {
        // the source belongs to the caller
    }
}
