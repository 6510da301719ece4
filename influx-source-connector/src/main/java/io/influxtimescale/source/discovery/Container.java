package io.influxtimescale.source.discovery;

import java.util.Comparator;
import java.util.Objects;

/**
 * The unit of work and of offsets: one measurement in one retention policy of one database. The same measurement
 * name in two retention policies is two containers (both are read). Ordered by database, policy, measurement, so that
 * task assignment is deterministic.
 */
public final class Container implements Comparable<Container> {
    private static final Comparator<Container> ORDER = Comparator.comparing(Container::database)
            .thenComparing(Container::retentionPolicy).thenComparing(Container::measurement);

    private final String database;
    private final String retentionPolicy;
    private final String measurement;

    public Container(String database, String retentionPolicy, String measurement) {
        this.database = require(database, "database");
        this.retentionPolicy = require(retentionPolicy, "retention policy");
        this.measurement = require(measurement, "measurement");
    }

    private static String require(String s, String what) {
        if (s == null || s.isEmpty()) {
            throw new IllegalArgumentException(what + " must be a non-empty name");
        }
        return s;
    }

    public String database() {
        return database;
    }

    public String retentionPolicy() {
        return retentionPolicy;
    }

    public String measurement() {
        return measurement;
    }

    @Override
    public int compareTo(Container o) {
        return ORDER.compare(this, o);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Container)) {
            return false;
        }
        Container c = (Container) o;
        return database.equals(c.database) && retentionPolicy.equals(c.retentionPolicy)
                && measurement.equals(c.measurement);
    }

    @Override
    public int hashCode() {
        return Objects.hash(database, retentionPolicy, measurement);
    }

    /** For logs and error messages: the InfluxQL form, quoted, so odd names stay readable and unambiguous. */
    @Override
    public String toString() {
        return io.influxtimescale.source.influx.InfluxQl.qualifiedMeasurement(database, retentionPolicy, measurement);
    }
}
