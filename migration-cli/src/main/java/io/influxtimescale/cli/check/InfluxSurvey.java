package io.influxtimescale.cli.check;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import io.influxtimescale.contract.FieldType;
import io.influxtimescale.source.discovery.Container;
import io.influxtimescale.source.plan.InfluxTime;
import io.influxtimescale.source.discovery.FieldKey;
import io.influxtimescale.source.discovery.SchemaDiscovery;
import io.influxtimescale.source.influx.InfluxException;
import io.influxtimescale.source.influx.InfluxHttpClient;
import io.influxtimescale.source.influx.InfluxQl;
import io.influxtimescale.source.influx.QueryResponseReader;

/**
 * Surveys containers with the source connector's own client, discovery and InfluxQL builder: field keys with all
 * their types, tag keys, series cardinality, first and last point, and (unless skipped) {@code count(*)}. Metadata
 * statements are cheap; {@code count(*)} reads the data and is the only slow part on a large server.
 */
public final class InfluxSurvey {
    private static final int CHUNK = 10_000;

    private final InfluxHttpClient influx;
    private final SchemaDiscovery schema;
    private final boolean count;
    private final Map<String, Long> cardinality = new HashMap<>();

    public InfluxSurvey(InfluxHttpClient influx, boolean count) {
        this.influx = influx;
        this.schema = new SchemaDiscovery(influx, CHUNK);
        this.count = count;
    }

    public ContainerSurvey survey(Container c) {
        Map<String, List<FieldType>> fields = new LinkedHashMap<>();
        for (FieldKey key : schema.fieldKeys(c.database(), c.retentionPolicy(), c.measurement())) {
            fields.computeIfAbsent(key.name(), k -> new ArrayList<>()).add(key.type());
        }
        List<String> tags = schema.tagKeys(c.database(), c.retentionPolicy(), c.measurement());
        OptionalLong first = schema.firstPointTime(c, InfluxTime.MIN_NS, InfluxTime.END_NS);
        if (first.isEmpty()) {
            return new ContainerSurvey(c, fields, tags, series(c), null, null, 0, 0, null);
        }
        long last = lastPointTime(c);
        long fieldValues = -1;
        long points = -1;
        String countError = null;
        if (count) {
            try (QueryResponseReader r = influx.query(c.database(),
                    InfluxQl.countAll(c.database(), c.retentionPolicy(), c.measurement()), 0)) {
                fieldValues = 0;
                points = 0;
                while (r.nextRow()) {
                    for (int i = 1; i < r.width(); i++) { // column 0 is time
                        Object v = r.value(i);
                        long n = v instanceof Number ? ((Number) v).longValue() : 0;
                        fieldValues += n;
                        points = Math.max(points, n);
                    }
                }
            } catch (InfluxException.QueryFailed e) {
                countError = e.serverMessage();
                fieldValues = -1;
                points = -1;
            }
        }
        return new ContainerSurvey(c, fields, tags, series(c), first.getAsLong(), last, fieldValues, points,
                countError);
    }

    private long lastPointTime(Container c) {
        try (QueryResponseReader r = influx.query(c.database(),
                InfluxQl.lastPoint(c.database(), c.retentionPolicy(), c.measurement()), 0)) {
            long t = r.nextRow() ? r.longValue(0) : InfluxTime.END_NS;
            while (r.nextRow()) {
                // drain
            }
            return t;
        }
    }

    private long series(Container c) {
        return cardinality.computeIfAbsent(c.database() + '\u0000' + c.measurement(), k -> {
            try (QueryResponseReader r = influx.query(c.database(),
                    InfluxQl.seriesCardinality(c.database(), c.measurement()), 0)) {
                long n = 0;
                while (r.nextRow()) {
                    Object v = r.value(0);
                    n = v instanceof Number ? ((Number) v).longValue() : n;
                }
                return n;
            } catch (InfluxException.QueryFailed e) {
                return -1L; // before 1.4 there is no exact cardinality
            }
        });
    }
}
