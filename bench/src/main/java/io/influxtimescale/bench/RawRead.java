package io.influxtimescale.bench;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import io.influxtimescale.source.influx.InfluxConnectionSettings;
import io.influxtimescale.source.influx.InfluxHttpClient;
import io.influxtimescale.source.influx.InfluxQl;
import io.influxtimescale.source.influx.QueryResponseReader;
import io.influxtimescale.source.influx.ValueKind;

/**
 * Raw limit (a): the whole data set out of InfluxDB as one chunked msgpack {@code /query}, read with the source's own
 * client and msgpack reader, every value decoded and then discarded. What no pipeline reading InfluxDB can beat.
 */
final class RawRead {
    private RawRead() {
    }

    /** Reads everything; returns the number of field values seen (checked against the data set by the caller). */
    static long readAll(String influxUrl, DataSet data) {
        InfluxHttpClient client = new InfluxHttpClient(InfluxConnectionSettings.plain(URI.create(influxUrl)));
        List<String> measurements = new ArrayList<>();
        for (int m = 0; m < DataSet.MEASUREMENTS; m++) {
            measurements.add(DataSet.measurement(m));
        }
        String query = InfluxQl.selectAllFields(DataSet.DATABASE, DataSet.RETENTION_POLICY, measurements, DataSet.T0,
                data.lastTime() + 1);
        long values = 0;
        long sink = 0; // keeps the decoded values alive for the JIT
        try (QueryResponseReader reader = client.query(DataSet.DATABASE, query, 10_000)) {
            while (reader.nextRow()) {
                for (int c = 1; c < reader.width(); c++) {
                    ValueKind kind = reader.kind(c);
                    switch (kind) {
                        case NULL:
                            continue;
                        case FLOAT:
                            sink += (long) reader.doubleValue(c);
                            break;
                        case STRING:
                            sink += reader.stringValue(c).length();
                            break;
                        case BOOLEAN:
                            sink += reader.booleanValue(c) ? 1 : 0;
                            break;
                        default:
                            sink += reader.longValue(c);
                    }
                    values++;
                }
                sink += reader.longValue(0);
            }
        }
        if (sink == 42) {
            System.out.print("");
        }
        return values;
    }
}
