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
public final class JsonQueryResponse extends BufferedRowReader {
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

    public JsonQueryResponse(InputStream in) {
        try {
            this.parser = FACTORY.createParser(in);
        } catch (IOException e) {
            throw InfluxException.readFailed("reading the JSON answer", e);
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
            throw InfluxException.readFailed("reading the JSON query answer from InfluxDB", e);
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
            ensureCapacity(i + 1);
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
