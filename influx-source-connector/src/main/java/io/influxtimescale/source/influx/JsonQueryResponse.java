package io.influxtimescale.source.influx;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * The JSON form of a {@code /query} answer (one JSON object per chunk), for servers that do not offer msgpack
 * (InfluxDB 3 and Cloud document only JSON and CSV). Same structure and pull model as {@link MsgpackQueryResponse},
 * but JSON prints a float 7.0 as 7: integral numbers come out as {@link ValueKind#INTEGER} and
 * {@link #typesExact()} is false, so the caller types numeric fields from {@code SHOW FIELD KEYS}.
 */
public final class JsonQueryResponse implements QueryResponseReader {
    private static final JsonFactory FACTORY = new JsonFactory();
    private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);

    private final JsonParser parser;
    private boolean inTop;
    private boolean inResults;
    private boolean inResult;
    private boolean inSeriesArray;
    private boolean inSeries;
    private boolean inValues;

    private String seriesName;
    private Map<String, String> seriesTags;
    private List<String> columns = Collections.emptyList();
    private SeriesHeader header;

    private ValueKind[] kinds = new ValueKind[8];
    private long[] longs = new long[8];
    private double[] doubles = new double[8];
    private String[] strings = new String[8];
    private boolean[] booleans = new boolean[8];
    private int width;

    public JsonQueryResponse(InputStream in) {
        try {
            this.parser = FACTORY.createParser(in);
        } catch (IOException e) {
            throw new InfluxException.Unavailable("cannot read the JSON answer: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean nextRow() {
        try {
            while (true) {
                if (inValues) {
                    JsonToken t = parser.nextToken();
                    if (t == JsonToken.START_ARRAY) {
                        readRow();
                        return true;
                    }
                    inValues = false;
                    continue;
                }
                if (inSeries) {
                    JsonToken t = parser.nextToken();
                    if (t == JsonToken.END_OBJECT) {
                        inSeries = false;
                    } else {
                        readSeriesEntry(parser.currentName());
                    }
                    continue;
                }
                if (inSeriesArray) {
                    JsonToken t = parser.nextToken();
                    if (t == JsonToken.START_OBJECT) {
                        inSeries = true;
                        seriesName = null;
                        seriesTags = null;
                        columns = Collections.emptyList();
                        header = null;
                    } else {
                        inSeriesArray = false;
                    }
                    continue;
                }
                if (inResult) {
                    JsonToken t = parser.nextToken();
                    if (t == JsonToken.END_OBJECT) {
                        inResult = false;
                        continue;
                    }
                    String key = parser.currentName();
                    JsonToken v = parser.nextToken();
                    if ("series".equals(key) && v == JsonToken.START_ARRAY) {
                        inSeriesArray = true;
                    } else if ("error".equals(key)) {
                        throw new InfluxException.QueryFailed(parser.getValueAsString());
                    } else {
                        parser.skipChildren();
                    }
                    continue;
                }
                if (inResults) {
                    JsonToken t = parser.nextToken();
                    if (t == JsonToken.START_OBJECT) {
                        inResult = true;
                    } else {
                        inResults = false;
                    }
                    continue;
                }
                if (inTop) {
                    JsonToken t = parser.nextToken();
                    if (t == JsonToken.END_OBJECT) {
                        inTop = false;
                        continue;
                    }
                    String key = parser.currentName();
                    JsonToken v = parser.nextToken();
                    if ("results".equals(key) && v == JsonToken.START_ARRAY) {
                        inResults = true;
                    } else if ("error".equals(key)) {
                        throw new InfluxException.QueryFailed(parser.getValueAsString());
                    } else {
                        parser.skipChildren();
                    }
                    continue;
                }
                JsonToken t = parser.nextToken();
                if (t == null) {
                    return false;
                }
                if (t != JsonToken.START_OBJECT) {
                    throw new InfluxException.QueryFailed("unexpected JSON token " + t + " in a query answer");
                }
                inTop = true;
            }
        } catch (IOException e) {
            throw new InfluxException.Unavailable("reading the JSON query answer from InfluxDB failed: " + e, e);
        }
    }

    private void readSeriesEntry(String key) throws IOException {
        JsonToken v = parser.nextToken();
        switch (key) {
            case "name":
                seriesName = parser.getValueAsString();
                break;
            case "tags": {
                Map<String, String> tags = new TreeMap<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String k = parser.currentName();
                    parser.nextToken();
                    String value = parser.currentToken() == JsonToken.VALUE_NULL ? "" : parser.getValueAsString();
                    tags.put(k, value);
                }
                seriesTags = tags;
                break;
            }
            case "columns": {
                List<String> cols = new ArrayList<>();
                while (parser.nextToken() == JsonToken.VALUE_STRING) {
                    cols.add(parser.getText());
                }
                columns = Collections.unmodifiableList(cols);
                break;
            }
            case "values":
                if (v != JsonToken.START_ARRAY) {
                    throw new InfluxException.QueryFailed("'values' of a series is not an array");
                }
                header = new SeriesHeader(seriesName, seriesTags == null ? Map.of() : seriesTags);
                inValues = true;
                break;
            default:
                parser.skipChildren();
        }
    }

    private void readRow() throws IOException {
        int i = 0;
        JsonToken t;
        while ((t = parser.nextToken()) != JsonToken.END_ARRAY) {
            if (i == kinds.length) {
                grow();
            }
            switch (t) {
                case VALUE_NULL:
                    kinds[i] = ValueKind.NULL;
                    break;
                case VALUE_TRUE:
                case VALUE_FALSE:
                    kinds[i] = ValueKind.BOOLEAN;
                    booleans[i] = t == JsonToken.VALUE_TRUE;
                    break;
                case VALUE_NUMBER_INT:
                    if (parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                        BigInteger big = parser.getBigIntegerValue();
                        doubles[i] = big.doubleValue();
                        if (big.signum() < 0 || big.compareTo(TWO_64) >= 0) {
                            // only a float prints like this (Go writes floats below 1e21 without an exponent)
                            kinds[i] = ValueKind.FLOAT;
                        } else {
                            kinds[i] = ValueKind.UNSIGNED;
                            longs[i] = big.longValue();
                        }
                    } else {
                        kinds[i] = ValueKind.INTEGER;
                        longs[i] = parser.getLongValue();
                        // kept too, for a float field whose value printed without a fraction ("-0" is -0.0)
                        doubles[i] = longs[i] == 0 && parser.getText().startsWith("-") ? -0.0 : longs[i];
                    }
                    break;
                case VALUE_NUMBER_FLOAT:
                    kinds[i] = ValueKind.FLOAT;
                    doubles[i] = parser.getDoubleValue();
                    break;
                case VALUE_STRING:
                    kinds[i] = ValueKind.STRING;
                    strings[i] = parser.getText();
                    break;
                default:
                    throw new InfluxException.QueryFailed("unexpected JSON value " + t + " in a row of " + header);
            }
            i++;
        }
        width = i;
    }

    private void grow() {
        int n = kinds.length * 2;
        kinds = java.util.Arrays.copyOf(kinds, n);
        longs = java.util.Arrays.copyOf(longs, n);
        doubles = java.util.Arrays.copyOf(doubles, n);
        strings = java.util.Arrays.copyOf(strings, n);
        booleans = java.util.Arrays.copyOf(booleans, n);
    }

    @Override
    public SeriesHeader series() {
        return header;
    }

    @Override
    public List<String> columns() {
        return columns;
    }

    @Override
    public int width() {
        return width;
    }

    @Override
    public ValueKind kind(int column) {
        return kinds[column];
    }

    @Override
    public long longValue(int column) {
        ValueKind k = kinds[column];
        if (k != ValueKind.INTEGER && k != ValueKind.UNSIGNED && k != ValueKind.SMALL_INTEGER) {
            throw new IllegalStateException("column " + column + " holds " + k + ", not an integer");
        }
        return longs[column];
    }

    /** For integral JSON numbers too: the same number as a double (a float field may print as 7). */
    @Override
    public double doubleValue(int column) {
        return doubles[column];
    }

    @Override
    public String stringValue(int column) {
        return strings[column];
    }

    @Override
    public boolean booleanValue(int column) {
        return booleans[column];
    }

    @Override
    public Object value(int column) {
        switch (kinds[column]) {
            case NULL:
                return null;
            case FLOAT:
                return doubles[column];
            case INTEGER:
            case UNSIGNED:
            case SMALL_INTEGER:
                return longs[column];
            case STRING:
                return strings[column];
            case BOOLEAN:
                return booleans[column];
            default:
                throw new IllegalStateException("unhandled kind " + kinds[column]);
        }
    }

    @Override
    public boolean typesExact() {
        return false;
    }

    @Override
    public void close() {
        try {
            parser.close();
        } catch (IOException e) {
            // discarded connection
        }
    }
}
