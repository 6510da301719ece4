package io.influxtimescale.source.influx;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.msgpack.core.MessageFormat;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;

/**
 * A pull parser over an InfluxDB {@code /query} response in msgpack, chunked or not. The response is a sequence of
 * maps {@code {results: [{statement_id, series: [{name, tags, columns, values: [[...]], partial}], partial, error}],
 * error}}; this class walks it row by row straight from the HTTP stream, so memory stays at one row whatever the size
 * of the response. The caller pulls with {@link #nextRow()} and reads the current row's values by column.
 *
 * <p>An {@code error} inside a result or at the top level is thrown as {@link InfluxException.QueryFailed} when the
 * parser reaches it, never skipped; a stream cut short is an {@link InfluxException.Unavailable}.
 */
public final class MsgpackQueryResponse extends BufferedRowReader {
    private final MessageUnpacker unpacker;

    // Remaining entries at each nesting level: the parser's position, so it can stop after any row.
    private int topKeys;
    private int results;
    private int resultKeys;
    private int seriesLeft;
    private int seriesKeys;
    private int rows;

    private String seriesName;
    private Map<String, String> seriesTags;

    public MsgpackQueryResponse(InputStream in) {
        // The default buffer (8 KiB) is plenty: values are copied out one at a time.
        this.unpacker = MessagePack.newDefaultUnpacker(in);
    }

    /** Advances to the next row of any series; false when the response is exhausted. */
    @Override
    public boolean nextRow() {
        try {
            while (true) {
                if (rows > 0) {
                    rows--;
                    readRow();
                    return true;
                }
                if (seriesKeys > 0) {
                    seriesKeys--;
                    readSeriesEntry();
                    continue;
                }
                if (seriesLeft > 0) {
                    seriesLeft--;
                    seriesKeys = unpacker.unpackMapHeader();
                    seriesName = null;
                    seriesTags = null;
                    columns = Collections.emptyList();
                    header = null;
                    continue;
                }
                if (resultKeys > 0) {
                    resultKeys--;
                    readResultEntry();
                    continue;
                }
                if (results > 0) {
                    results--;
                    resultKeys = unpacker.unpackMapHeader();
                    continue;
                }
                if (topKeys > 0) {
                    topKeys--;
                    readTopEntry();
                    continue;
                }
                if (!unpacker.hasNext()) {
                    return false;
                }
                topKeys = unpacker.unpackMapHeader();
            }
        } catch (IOException e) {
            throw InfluxException.readFailed("reading the query response from InfluxDB", e);
        } catch (org.msgpack.core.MessagePackException e) {
            throw new InfluxException.Unavailable("the query response from InfluxDB is not valid msgpack "
                    + "(cut short or corrupted): " + e.getMessage(), e);
        }
    }

    private void readTopEntry() throws IOException {
        String key = unpacker.unpackString();
        switch (key) {
            case "results":
                results = unpacker.unpackArrayHeader();
                break;
            case "error":
                throw new InfluxException.QueryFailed(readErrorValue());
            default:
                unpacker.skipValue();
        }
    }

    private void readResultEntry() throws IOException {
        String key = unpacker.unpackString();
        switch (key) {
            case "series":
                seriesLeft = unpacker.unpackArrayHeader();
                break;
            case "error":
                throw new InfluxException.QueryFailed(readErrorValue());
            default:
                // statement_id, partial, messages: nothing the reader needs.
                unpacker.skipValue();
        }
    }

    private String readErrorValue() throws IOException {
        if (unpacker.getNextFormat().getValueType() == org.msgpack.value.ValueType.STRING) {
            return unpacker.unpackString();
        }
        return unpacker.unpackValue().toString();
    }

    private void readSeriesEntry() throws IOException {
        String key = unpacker.unpackString();
        switch (key) {
            case "name":
                seriesName = unpacker.unpackString();
                break;
            case "tags": {
                int n = unpacker.unpackMapHeader();
                Map<String, String> tags = new TreeMap<>();
                for (int i = 0; i < n; i++) {
                    String k = unpacker.unpackString();
                    tags.put(k, unpackNullableString());
                }
                seriesTags = tags;
                break;
            }
            case "columns": {
                int n = unpacker.unpackArrayHeader();
                List<String> cols = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    cols.add(unpacker.unpackString());
                }
                columns = Collections.unmodifiableList(cols);
                break;
            }
            case "values":
                // InfluxDB writes name, tags and columns before values; streaming relies on that order.
                header = new SeriesHeader(seriesName, seriesTags == null ? Map.of() : seriesTags);
                rows = unpacker.unpackArrayHeader();
                break;
            default:
                unpacker.skipValue();
        }
    }

    private String unpackNullableString() throws IOException {
        if (unpacker.tryUnpackNil()) {
            return "";
        }
        return unpacker.unpackString();
    }

    private void readRow() throws IOException {
        int n = unpacker.unpackArrayHeader();
        ensureCapacity(n);
        width = n;
        for (int i = 0; i < n; i++) {
            readValue(i);
        }
    }

    private void readValue(int i) throws IOException {
        MessageFormat format = unpacker.getNextFormat();
        switch (format) {
            case NIL:
                unpacker.unpackNil();
                kinds[i] = ValueKind.NULL;
                break;
            case BOOLEAN:
                booleans[i] = unpacker.unpackBoolean();
                kinds[i] = ValueKind.BOOLEAN;
                break;
            case FLOAT32:
            case FLOAT64:
                doubles[i] = unpacker.unpackDouble();
                kinds[i] = ValueKind.FLOAT;
                break;
            case POSFIXINT:
                longs[i] = unpacker.unpackLong();
                kinds[i] = ValueKind.SMALL_INTEGER;
                break;
            case NEGFIXINT:
            case INT8:
            case INT16:
            case INT32:
            case INT64:
                longs[i] = unpacker.unpackLong();
                kinds[i] = ValueKind.INTEGER;
                break;
            case UINT8:
            case UINT16:
            case UINT32:
                longs[i] = unpacker.unpackLong();
                kinds[i] = ValueKind.UNSIGNED;
                break;
            case UINT64:
                // Above Long.MAX_VALUE unpackLong would throw; keep the same 64 bits, as the contract carries them.
                longs[i] = unpacker.unpackBigInteger().longValue();
                kinds[i] = ValueKind.UNSIGNED;
                break;
            case FIXSTR:
            case STR8:
            case STR16:
            case STR32:
                strings[i] = unpacker.unpackString();
                kinds[i] = ValueKind.STRING;
                break;
            default:
                throw new InfluxException.QueryFailed("unexpected msgpack value of format " + format
                        + " in column '" + (i < columns.size() ? columns.get(i) : String.valueOf(i))
                        + "' of series " + header);
        }
    }

    @Override
    public boolean typesExact() {
        return true;
    }

    @Override
    public void close() {
        try {
            unpacker.close();
        } catch (IOException e) {
            // Closing an abandoned HTTP stream may fail; the connection is discarded either way.
        }
    }
}
