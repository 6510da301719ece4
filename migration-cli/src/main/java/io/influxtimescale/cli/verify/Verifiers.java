package io.influxtimescale.cli.verify;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import io.influxtimescale.source.discovery.Container;
import io.influxtimescale.source.discovery.SchemaDiscovery;
import io.influxtimescale.source.influx.InfluxHttpClient;

/** Builds a {@link Verifier} and chooses what it compares. */
public final class Verifiers {
    private Verifiers() {
    }

    /** @param layout {@code wide}, {@code narrow}, or {@code auto} (wide when the schema has its catalog) */
    public static Verifier create(InfluxHttpClient influx, Connection timescale, String schema, String layout,
                                  long bucketNs, int pinDown) throws SQLException {
        return new Verifier(new InfluxSide(influx, bucketNs),
                new TimescaleSide(timescale, TargetRows.of(timescale, schema, layout), bucketNs), bucketNs, pinDown);
    }

    /**
     * Every (database, retention policy, measurement) of InfluxDB in scope: the named databases (all but
     * {@code _internal} when none are named) and measurements (all when none are named).
     */
    public static List<Container> containers(InfluxHttpClient influx, List<String> databases,
                                             List<String> measurements) {
        SchemaDiscovery schema = new SchemaDiscovery(influx, 10_000);
        List<Container> out = new ArrayList<>();
        for (String db : schema.databases()) {
            if (databases.isEmpty() ? db.equals("_internal") : !databases.contains(db)) {
                continue;
            }
            for (String rp : schema.retentionPolicies(db)) {
                for (String m : schema.measurements(db)) {
                    if (measurements.isEmpty() || measurements.contains(m)) {
                        out.add(new Container(db, rp, m));
                    }
                }
            }
        }
        out.sort(null);
        return out;
    }
}
