package io.influxtimescale.sink.layout.shepard;

import java.util.Comparator;
import java.util.Objects;

/** The six identifying columns of a row of shepard's {@code timeseries} table. */
public final class ShepardSeries {
    static final Comparator<ShepardSeries> ORDER = Comparator.comparingLong(ShepardSeries::containerId)
            .thenComparing(ShepardSeries::measurement)
            .thenComparing(ShepardSeries::field)
            .thenComparing(ShepardSeries::symbolicName)
            .thenComparing(ShepardSeries::device)
            .thenComparing(ShepardSeries::location);

    private final long containerId;
    private final String measurement;
    private final String field;
    private final String symbolicName;
    private final String device;
    private final String location;

    public ShepardSeries(long containerId, String measurement, String field, String symbolicName, String device,
                         String location) {
        this.containerId = containerId;
        this.measurement = Objects.requireNonNull(measurement);
        this.field = Objects.requireNonNull(field);
        this.symbolicName = Objects.requireNonNull(symbolicName);
        this.device = Objects.requireNonNull(device);
        this.location = Objects.requireNonNull(location);
    }

    public long containerId() {
        return containerId;
    }

    public String measurement() {
        return measurement;
    }

    public String field() {
        return field;
    }

    public String symbolicName() {
        return symbolicName;
    }

    public String device() {
        return device;
    }

    public String location() {
        return location;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ShepardSeries)) {
            return false;
        }
        ShepardSeries x = (ShepardSeries) o;
        return containerId == x.containerId && measurement.equals(x.measurement) && field.equals(x.field)
                && symbolicName.equals(x.symbolicName) && device.equals(x.device) && location.equals(x.location);
    }

    @Override
    public int hashCode() {
        return Objects.hash(containerId, measurement, field, symbolicName, device, location);
    }

    @Override
    public String toString() {
        return "timeseries(container " + containerId + ", " + measurement + ", " + field + ", symbolic_name="
                + symbolicName + ", device=" + device + ", location=" + location + ")";
    }
}
