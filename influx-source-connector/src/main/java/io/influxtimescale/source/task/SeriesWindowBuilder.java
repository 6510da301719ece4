package io.influxtimescale.source.task;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.influxtimescale.contract.FieldColumn;
import io.influxtimescale.contract.FieldType;
import io.influxtimescale.contract.RecordContract;
import io.influxtimescale.contract.SeriesKey;
import io.influxtimescale.contract.SeriesWindow;
import io.influxtimescale.source.influx.QueryResponseReader;
import io.influxtimescale.source.influx.ValueKind;
import io.influxtimescale.source.plan.TimeWindow;

/**
 * Collects the rows of one series within one window into {@link SeriesWindow} records, starting a new record (same
 * window bounds) before a row that would push the current one past {@code maxPoints} times or past the byte budget,
 * estimated the way {@link RecordContract#estimatedBytes} does. A single row is never split.
 */
final class SeriesWindowBuilder {
    private static final Logger LOG = LoggerFactory.getLogger(SeriesWindowBuilder.class);
    private static final int KINDS = 5; // float, integer (signed or small), unsigned, string, boolean

    private final TimeWindow window;
    private final List<String> fields;
    private final Map<String, Set<FieldType>> declaredTypes;
    private final int maxPoints;
    private final long maxBytes;

    private SeriesKey series;
    private long keyBytes;
    private long[] times = new long[64];
    private int rows;
    private long bytes;
    /** columns[field * KINDS + kind], created on first value. */
    private ColumnBuilder[] columns;
    private final long[] rowValueBytes;
    private boolean warnedOversized;
    private final Set<String> ambiguityWarned = new java.util.HashSet<>();

    SeriesWindowBuilder(TimeWindow window, List<String> fields, Map<String, Set<FieldType>> declaredTypes,
                        int maxPoints, long maxBytes) {
        this.window = window;
        this.fields = fields;
        this.declaredTypes = declaredTypes;
        this.maxPoints = maxPoints;
        this.maxBytes = maxBytes;
        this.columns = new ColumnBuilder[fields.size() * KINDS];
        this.rowValueBytes = new long[fields.size()];
    }

    void start(SeriesKey key) {
        this.series = key;
        long k = 256 + utf8(key.database()) + utf8(key.retentionPolicy()) + utf8(key.measurement());
        for (Map.Entry<String, String> tag : key.tags().entrySet()) {
            k += 2 * (utf8(tag.getKey()) + utf8(tag.getValue()) + 24);
        }
        this.keyBytes = k;
        reset();
    }

    SeriesKey series() {
        return series;
    }

    boolean isEmpty() {
        return rows == 0;
    }

    /**
     * Adds the reader's current row (column 0 is the time, column i+1 is field i). Returns the record completed
     * before this row when the row did not fit, else null.
     */
    SeriesWindow add(QueryResponseReader r, long timeNs) {
        long rowBytes = 21;
        for (int f = 0; f < fields.size(); f++) {
            ValueKind kind = kindOf(r, f);
            long b = 0;
            if (kind != ValueKind.NULL) {
                b = 11 + (kind == ValueKind.STRING ? RecordContract.estimatedValueBytes(FieldType.STRING,
                        r.stringValue(f + 1)) : valueBytes(kind));
                if (columns[f * KINDS + kindIndex(kind)] == null) {
                    b += 128 + utf8(fields.get(f));
                }
            }
            rowValueBytes[f] = b;
            rowBytes += b;
        }
        SeriesWindow flushed = null;
        if (rows > 0 && (rows + 1 > maxPoints || keyBytes + bytes + rowBytes > maxBytes)) {
            flushed = build();
            reset();
            // Column overheads were counted against the old record; recount for the fresh one.
            rowBytes = 21;
            for (int f = 0; f < fields.size(); f++) {
                ValueKind kind = kindOf(r, f);
                if (kind != ValueKind.NULL) {
                    rowBytes += 11 + 128 + utf8(fields.get(f)) + (kind == ValueKind.STRING
                            ? RecordContract.estimatedValueBytes(FieldType.STRING, r.stringValue(f + 1))
                            : valueBytes(kind));
                }
            }
        }
        if (rows == 0 && keyBytes + rowBytes > maxBytes && !warnedOversized) {
            warnedOversized = true;
            LOG.warn("one point of {} at {} ns alone is estimated at {} bytes, above max.record.bytes {}; it is "
                    + "emitted whole (a point is never split)", series, timeNs, keyBytes + rowBytes, maxBytes);
        }
        if (rows == times.length) {
            times = Arrays.copyOf(times, rows * 2);
        }
        int position = rows;
        times[rows++] = timeNs;
        bytes += rowBytes;
        for (int f = 0; f < fields.size(); f++) {
            ValueKind kind = kindOf(r, f);
            if (kind == ValueKind.NULL) {
                continue;
            }
            ColumnBuilder col = column(f, kind);
            switch (kind) {
                case FLOAT:
                    col.addDouble(position, r.doubleValue(f + 1));
                    break;
                case INTEGER:
                    col.explicitSigned++;
                    col.addLong(position, r.longValue(f + 1));
                    break;
                case SMALL_INTEGER:
                case UNSIGNED:
                    col.addLong(position, r.longValue(f + 1));
                    break;
                case STRING:
                    col.addString(position, r.stringValue(f + 1));
                    break;
                case BOOLEAN:
                    col.addBoolean(position, r.booleanValue(f + 1));
                    break;
                default:
                    throw new IllegalStateException("unhandled kind " + kind);
            }
        }
        return flushed;
    }

    /**
     * The type of a value: as read for msgpack; for JSON (where 7.0 prints as 7) an integral number is typed from
     * SHOW FIELD KEYS: a float field makes it a float, an unsigned-only field unsigned. A field known as both float and
     * integer cannot be resolved from JSON: integral numbers are then integers, and a warning says so once.
     */
    private ValueKind kindOf(QueryResponseReader r, int f) {
        ValueKind raw = r.kind(f + 1);
        if (r.typesExact() || (raw != ValueKind.INTEGER && raw != ValueKind.UNSIGNED)) {
            return raw;
        }
        Set<FieldType> declared = declaredTypes.getOrDefault(fields.get(f), Set.of());
        boolean isFloat = declared.contains(FieldType.FLOAT);
        boolean isInteger = declared.contains(FieldType.INTEGER);
        boolean isUnsigned = declared.contains(FieldType.UNSIGNED);
        if (isFloat && !isInteger && !isUnsigned) {
            return ValueKind.FLOAT;
        }
        if (isFloat && ambiguityWarned.add(fields.get(f))) {
            LOG.warn("field '{}' of {} is both float and integer in its history and the server answers in JSON: "
                    + "integral numbers are read as integers, a float with an integral value among them cannot be "
                    + "told apart", fields.get(f), series);
        }
        if (isUnsigned && !isInteger) {
            return ValueKind.UNSIGNED;
        }
        return raw;
    }

    /** The record of the rows collected since the last one, or null when there are none. */
    SeriesWindow finish() {
        if (rows == 0) {
            return null;
        }
        SeriesWindow w = build();
        reset();
        return w;
    }

    private SeriesWindow build() {
        List<FieldColumn> out = new ArrayList<>();
        for (int f = 0; f < fields.size(); f++) {
            String name = fields.get(f);
            ColumnBuilder fl = columns[f * KINDS];
            ColumnBuilder in = columns[f * KINDS + 1];
            ColumnBuilder un = columns[f * KINDS + 2];
            ColumnBuilder st = columns[f * KINDS + 3];
            ColumnBuilder bo = columns[f * KINDS + 4];
            if (fl != null) {
                out.add(fl.build(FieldType.FLOAT, rows));
            }
            if (in != null || un != null) {
                addIntegers(out, name, in, un);
            }
            if (st != null) {
                out.add(st.build(FieldType.STRING, rows));
            }
            if (bo != null) {
                out.add(bo.build(FieldType.BOOLEAN, rows));
            }
        }
        return new SeriesWindow(series, window.startNs(), window.endNs(), Arrays.copyOf(times, rows), out);
    }

    /**
     * msgpack writes 0..127 the same way for int64 and uint64. Such values join the unsigned column when the window
     * shows explicit unsigned values and no explicit signed ones, or when SHOW FIELD KEYS knows the field only as
     * unsigned; otherwise they are integers.
     */
    private void addIntegers(List<FieldColumn> out, String name, ColumnBuilder in, ColumnBuilder un) {
        Set<FieldType> declared = declaredTypes.getOrDefault(name, Set.of());
        if (in != null && in.explicitSigned == 0) {
            boolean unsigned = un != null
                    || (declared.contains(FieldType.UNSIGNED) && !declared.contains(FieldType.INTEGER));
            if (unsigned) {
                if (un != null) {
                    un.mergeLongs(in);
                    in = null;
                } else {
                    un = in;
                    in = null;
                }
            } else if (declared.contains(FieldType.UNSIGNED) && declared.contains(FieldType.INTEGER)) {
                LOG.warn("field '{}' of {} has integer and unsigned values in its history and this record holds only "
                        + "values 0..127, which msgpack encodes alike; they are emitted as integer", name, series);
            }
        }
        if (in != null) {
            out.add(in.build(FieldType.INTEGER, rows));
        }
        if (un != null) {
            out.add(un.build(FieldType.UNSIGNED, rows));
        }
    }

    private ColumnBuilder column(int f, ValueKind kind) {
        int k = kindIndex(kind);
        ColumnBuilder c = columns[f * KINDS + k];
        if (c == null) {
            FieldType type = k == 0 ? FieldType.FLOAT : k == 1 ? FieldType.INTEGER : k == 2 ? FieldType.UNSIGNED
                    : k == 3 ? FieldType.STRING : FieldType.BOOLEAN;
            c = new ColumnBuilder(fields.get(f), type);
            columns[f * KINDS + k] = c;
        }
        return c;
    }

    private static int kindIndex(ValueKind kind) {
        switch (kind) {
            case FLOAT:
                return 0;
            case INTEGER:
            case SMALL_INTEGER:
                return 1;
            case UNSIGNED:
                return 2;
            case STRING:
                return 3;
            case BOOLEAN:
                return 4;
            default:
                throw new IllegalStateException("no column for " + kind);
        }
    }

    private static long valueBytes(ValueKind kind) {
        switch (kind) {
            case FLOAT:
                return RecordContract.estimatedValueBytes(FieldType.FLOAT, null);
            case INTEGER:
            case SMALL_INTEGER:
            case UNSIGNED:
                return RecordContract.estimatedValueBytes(FieldType.INTEGER, null);
            case BOOLEAN:
                return RecordContract.estimatedValueBytes(FieldType.BOOLEAN, null);
            default:
                throw new IllegalStateException("unhandled kind " + kind);
        }
    }

    private void reset() {
        rows = 0;
        bytes = 0;
        columns = new ColumnBuilder[fields.size() * KINDS];
    }

    private static long utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
