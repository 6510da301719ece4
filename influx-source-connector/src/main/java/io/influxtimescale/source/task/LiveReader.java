package io.influxtimescale.source.task;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

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
 * Turns the streamed answer of one live read ({@code SELECT * ... GROUP BY *} over one or several measurements of a
 * retention policy) into records, one series after the other.
 *
 * <p>It checks every value against what the task knows of the measurement's fields before it goes into a record: a
 * field the task does not know yet (created since the types were read), or, in a query over several measurements, a
 * value whose type is not the field's own (the server converted it), ends the read with {@link SchemaChanged}. Nothing
 * of the offending series has been emitted then; the phase refreshes the types and reads the window again.
 */
final class LiveReader implements AutoCloseable {
    /** The answer holds what the known field types do not explain; nothing of the current series was emitted. */
    static final class SchemaChanged extends RuntimeException {
        enum Reason { NEW_FIELD, CONVERSION, TYPES_NOT_SHOWN }

        final Container container;
        final Reason reason;

        SchemaChanged(Container container, String message, Reason reason) {
            super(message);
            this.container = container;
            this.reason = reason;
        }
    }

    /** One record and the container it belongs to. */
    record Part(Container container, SeriesWindow window) {
    }

    private final QueryResponseReader reader;
    private final Map<String, Container> byMeasurement;
    private final Function<Container, Map<String, Set<FieldType>>> fieldTypes;
    private final Set<Container> acceptUnknownFields;
    private final TimeWindow window;
    private final boolean severalMeasurements;
    private final int maxPoints;
    private final long maxBytes;

    private SeriesHeader current;
    private Container container;
    private Map<String, Set<FieldType>> types;
    private SeriesWindowBuilder builder;
    private ProjectedRow row;
    /** Answer columns (time excluded) that are not fields of the current measurement: they must be null. */
    private int[] foreign;
    private boolean done;

    LiveReader(QueryResponseReader reader, Map<String, Container> byMeasurement,
               Function<Container, Map<String, Set<FieldType>>> fieldTypes, Set<Container> acceptUnknownFields,
               TimeWindow window, int maxPoints, long maxBytes) {
        this.reader = reader;
        this.byMeasurement = byMeasurement;
        this.fieldTypes = fieldTypes;
        this.acceptUnknownFields = acceptUnknownFields;
        this.window = window;
        this.severalMeasurements = byMeasurement.size() > 1;
        this.maxPoints = maxPoints;
        this.maxBytes = maxBytes;
    }

    /** The next record of this read, or null when the answer is exhausted. */
    Part next() {
        if (done) {
            return null;
        }
        while (reader.nextRow()) {
            SeriesHeader header = reader.series();
            Part completed = null;
            if (!header.equals(current)) {
                if (builder != null && builder.series() != null && !builder.isEmpty()) {
                    completed = new Part(container, builder.finish());
                }
                startSeries(header);
            }
            if (reader.width() != reader.columns().size() || reader.kind(0) == ValueKind.NULL) {
                throw new InfluxException.QueryFailed("a row of series " + header + " has " + reader.width()
                        + " values for the columns " + reader.columns());
            }
            long time = reader.longValue(0);
            if (time < window.startNs() || time >= window.endNs()) {
                throw new InfluxException.QueryFailed("InfluxDB returned time " + time + " outside the window "
                        + window + " of " + container);
            }
            checkRow();
            SeriesWindow flushed = builder.add(row, time);
            if (completed != null) {
                return completed;
            }
            if (flushed != null) {
                return new Part(container, flushed);
            }
        }
        done = true;
        return builder == null || builder.isEmpty() ? null : new Part(container, builder.finish());
    }

    private void startSeries(SeriesHeader header) {
        container = byMeasurement.get(header.name());
        if (container == null) {
            throw new InfluxException.QueryFailed("InfluxDB returned series " + header + " of a measurement this "
                    + "read did not ask for (asked: " + byMeasurement.keySet() + ")");
        }
        List<String> columns = reader.columns();
        if (columns.isEmpty() || !"time".equals(columns.get(0))) {
            throw new InfluxException.QueryFailed("series " + header + " came back with columns " + columns
                    + ", expected time first");
        }
        types = fieldTypes.apply(container);
        boolean acceptAll = !severalMeasurements && acceptUnknownFields.contains(container);
        List<String> own = new ArrayList<>();
        List<Integer> ownAt = new ArrayList<>();
        List<Integer> foreignAt = new ArrayList<>();
        for (int i = 1; i < columns.size(); i++) {
            if (acceptAll || types.containsKey(columns.get(i))) {
                own.add(columns.get(i));
                ownAt.add(i);
            } else {
                foreignAt.add(i);
            }
        }
        row = new ProjectedRow(reader, ownAt.stream().mapToInt(Integer::intValue).toArray(), own);
        foreign = foreignAt.stream().mapToInt(Integer::intValue).toArray();
        current = header;
        builder = new SeriesWindowBuilder(window, own, types, maxPoints, maxBytes);
        builder.start(new SeriesKey(container.database(), container.retentionPolicy(), container.measurement(),
                header.tags()));
    }

    private void checkRow() {
        for (int i : foreign) {
            if (reader.kind(i) != ValueKind.NULL) {
                throw new SchemaChanged(container, "field '" + reader.columns().get(i) + "' of " + container
                        + " is not among its known fields " + types.keySet(), SchemaChanged.Reason.NEW_FIELD);
            }
        }
        if (!severalMeasurements) {
            return;
        }
        if (!reader.typesExact()) {
            throw new SchemaChanged(container, "the server answers in JSON, which does not show whether it converted "
                    + "a value: every measurement is read alone from now on", SchemaChanged.Reason.TYPES_NOT_SHOWN);
        }
        List<String> names = row.columns();
        for (int f = 0; f < names.size(); f++) {
            ValueKind kind = row.kind(f + 1);
            if (kind != ValueKind.NULL && !matches(kind, types.get(names.get(f)))) {
                throw new SchemaChanged(container, "field '" + names.get(f) + "' of " + container + " came back as "
                        + kind + " but is " + types.get(names.get(f)) + " there: the server converted it to the "
                        + "type another measurement of the query gives the same name", SchemaChanged.Reason.CONVERSION);
            }
        }
    }

    private static boolean matches(ValueKind kind, Set<FieldType> declared) {
        switch (kind) {
            case FLOAT:
                return declared.contains(FieldType.FLOAT);
            case INTEGER:
                return declared.contains(FieldType.INTEGER);
            case UNSIGNED:
                return declared.contains(FieldType.UNSIGNED);
            case SMALL_INTEGER:
                return declared.contains(FieldType.INTEGER) || declared.contains(FieldType.UNSIGNED);
            case STRING:
                return declared.contains(FieldType.STRING);
            case BOOLEAN:
                return declared.contains(FieldType.BOOLEAN);
            default:
                return true;
        }
    }

    @Override
    public void close() {
        reader.close();
    }
}
