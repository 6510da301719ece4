package io.influxtimescale.bench;

/**
 * One measured stage: its wall time, the field values and rows it moved, the CPU each server spent meanwhile, and
 * the Connect worker's heap over the stage (-1 where no worker was involved).
 */
record Measurement(String stage, String variant, double seconds, long fieldValues, long rows, Cpu cpu,
                   long heapLiveMb, long heapPeakMb, String note) {

    /** CPU seconds spent during the stage by InfluxDB, the Connect worker, PostgreSQL and the benchmark's JVM. */
    record Cpu(double influx, double worker, double postgres, double bench) {
        Cpu minus(Cpu before) {
            return new Cpu(influx - before.influx, worker - before.worker, postgres - before.postgres,
                    bench - before.bench);
        }

        @Override
        public String toString() {
            return String.format("%.1f/%.1f/%.1f/%.1f", influx, worker, postgres, bench);
        }
    }

    double fieldValuesPerSecond() {
        return fieldValues / seconds;
    }

    double rowsPerSecond() {
        return rows / seconds;
    }

    String name() {
        return stage + " " + variant;
    }
}
