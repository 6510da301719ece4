package io.influxtimescale.sink.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTaskContext;
import org.junit.jupiter.api.Test;

import io.influxtimescale.contract.FieldColumn;
import io.influxtimescale.contract.RecordContract;
import io.influxtimescale.contract.SeriesKey;
import io.influxtimescale.contract.SeriesWindow;
import io.influxtimescale.sink.write.WindowWriter;

/** Buffering, offsets, retries and dead-lettering of the task, with a scripted writer instead of a database. */
class TimescaleSinkTaskTest {
    private static final TopicPartition TP = new TopicPartition("t", 0);
    private static final SeriesKey SERIES = new SeriesKey("db", "rp", "m", Map.of());

    /** Records what was written; fails with the queued exceptions first. */
    static final class ScriptedWriter implements WindowWriter {
        final Deque<SQLException> failures = new ArrayDeque<>();
        final List<List<SeriesWindow>> writes = new ArrayList<>();

        @Override
        public void ensureReady() {
        }

        @Override
        public long write(List<SeriesWindow> windows) throws SQLException {
            if (!failures.isEmpty()) {
                throw failures.poll();
            }
            writes.add(List.copyOf(windows));
            return windows.size();
        }

        @Override
        public void close() {
        }
    }

    static final class Context implements SinkTaskContext {
        final List<SinkRecord> reported = new ArrayList<>();
        long timeout = -1;

        @Override
        public Map<String, String> configs() {
            return Map.of();
        }

        @Override
        public void offset(Map<TopicPartition, Long> offsets) {
        }

        @Override
        public void offset(TopicPartition tp, long offset) {
        }

        @Override
        public void timeout(long timeoutMs) {
            timeout = timeoutMs;
        }

        @Override
        public Set<TopicPartition> assignment() {
            return Set.of(TP);
        }

        @Override
        public void pause(TopicPartition... partitions) {
        }

        @Override
        public void resume(TopicPartition... partitions) {
        }

        int commitsRequested;

        @Override
        public void requestCommit() {
            commitsRequested++;
        }

        @Override
        public org.apache.kafka.common.metrics.PluginMetrics pluginMetrics() {
            return null;
        }

        @Override
        public ErrantRecordReporter errantRecordReporter() {
            return (record, error) -> {
                reported.add(record);
                Future<Void> done = CompletableFuture.completedFuture(null);
                return done;
            };
        }
    }

    private final ScriptedWriter writer = new ScriptedWriter();
    private final Context context = new Context();

    private TimescaleSinkTask start(Map<String, String> extra) {
        Map<String, String> props = new HashMap<>();
        props.put("connection.url", "jdbc:postgresql://127.0.0.1:1/x");
        props.put("batch.max.rows", "10");
        props.put("batch.linger.ms", "60000");
        props.put("retry.backoff.ms", "0");
        props.put("max.retries", "2");
        props.putAll(extra);
        TimescaleSinkTask task = new TimescaleSinkTask((config, layout) -> writer);
        task.initialize(context);
        task.start(props);
        task.open(List.of(TP));
        return task;
    }

    private static SinkRecord record(long offset, long startNs, int points) {
        long[] times = new long[points];
        double[] values = new double[points];
        for (int i = 0; i < points; i++) {
            times[i] = startNs + i;
            values[i] = i;
        }
        SeriesWindow w = new SeriesWindow(SERIES, startNs, startNs + points, times,
                List.of(FieldColumn.ofFloats("f", null, values)));
        return new SinkRecord("t", 0, RecordContract.KEY_SCHEMA, RecordContract.toKeyStruct(SERIES),
                RecordContract.VALUE_SCHEMA, RecordContract.toValueStruct(w), offset);
    }

    private static SinkRecord poison(long offset) {
        return new SinkRecord("t", 0, null, null, null, "not a struct", offset);
    }

    private static Map<TopicPartition, OffsetAndMetadata> consumed(long next) {
        return Map.of(TP, new OffsetAndMetadata(next));
    }

    @Test
    void asksForAnOffsetCommitAfterEveryWrittenBatchAndOnlyThen() {
        TimescaleSinkTask task = start(Map.of());
        task.put(List.of(record(0, 0, 4)));
        assertThat(context.commitsRequested).as("nothing written yet").isZero();
        task.put(List.of(record(1, 100, 4), record(2, 200, 4)));
        assertThat(writer.writes).hasSize(1);
        assertThat(context.commitsRequested).as("a batch written: commit its offsets now").isEqualTo(1);
        assertThat(task.preCommit(consumed(3))).isEqualTo(consumed(3));
        assertThat(context.commitsRequested).as("a commit does not ask for another").isEqualTo(1);
    }

    @Test
    void buffersAcrossPutsAndCommitsOffsetsOnlyForWrittenRecords() {
        TimescaleSinkTask task = start(Map.of());
        task.put(List.of(record(0, 0, 4)));
        task.put(List.of(record(1, 100, 4)));
        assertThat(writer.writes).as("8 of 10 rows buffered: nothing written yet").isEmpty();
        assertThat(context.timeout).as("asks to be called again before the linger time is up").isPositive();
        task.put(List.of(record(2, 200, 4)));
        assertThat(writer.writes).hasSize(1);
        assertThat(writer.writes.get(0)).hasSize(3);
        assertThat(task.preCommit(consumed(3))).containsEntry(TP, new OffsetAndMetadata(3));
    }

    @Test
    void oneLargePutIsWrittenInBatchesOfAtMostTheLimitPlusOneRecord() {
        TimescaleSinkTask task = start(Map.of());
        List<SinkRecord> many = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            many.add(record(i, 100L * i, 4));
        }
        task.put(many);
        assertThat(writer.writes).as("a flush whenever 10 rows are buffered, not one of 100 rows at the end")
                .hasSizeGreaterThanOrEqualTo(8);
        for (List<SeriesWindow> write : writer.writes) {
            assertThat(write.stream().mapToInt(SeriesWindow::size).sum()).isLessThanOrEqualTo(10 + 4);
        }
        task.preCommit(consumed(25));
        assertThat(writer.writes.stream().mapToLong(List::size).sum()).as("every record once").isEqualTo(25);
    }

    @Test
    void backoffGrowsToItsCapWithJitter() {
        Map<String, String> props = new HashMap<>();
        props.put("connection.url", "jdbc:postgresql://127.0.0.1:1/x");
        props.put("retry.backoff.ms", "1000");
        props.put("retry.backoff.max.ms", "5000");
        io.influxtimescale.sink.config.TimescaleSinkConfig c = new io.influxtimescale.sink.config.TimescaleSinkConfig(
                props);
        java.util.Set<Long> seen = new java.util.HashSet<>();
        for (int i = 0; i < 50; i++) {
            assertThat(c.backoffMs(1)).isBetween(800L, 1200L);
            assertThat(c.backoffMs(2)).isBetween(1600L, 2400L);
            assertThat(c.backoffMs(10)).isBetween(4000L, 5000L);
            seen.add(c.backoffMs(2));
        }
        assertThat(seen).as("tasks failing together do not retry together").hasSizeGreaterThan(10);
    }

    @Test
    void preCommitFlushesWhatIsBuffered() {
        TimescaleSinkTask task = start(Map.of());
        task.put(List.of(record(5, 0, 2)));
        assertThat(task.preCommit(consumed(6))).containsEntry(TP, new OffsetAndMetadata(6));
        assertThat(writer.writes).hasSize(1);
    }

    @Test
    void aTransientFailureRetriesWithoutLosingOrDoublingAndRedeliveriesAreSkipped() {
        TimescaleSinkTask task = start(Map.of());
        List<SinkRecord> batch = List.of(record(0, 0, 6), record(1, 100, 6));
        writer.failures.add(new SQLException("connection lost", "08006"));
        writer.failures.add(new SQLException("connection refused", "08001"));
        assertThatThrownBy(() -> task.put(batch)).isInstanceOf(RetriableException.class);
        // preCommit tries to flush too, fails again, and commits nothing
        assertThat(task.preCommit(consumed(2))).as("nothing committed in the database yet").isEmpty();
        task.put(batch); // Connect redelivers the same batch
        assertThat(writer.writes).hasSize(1);
        assertThat(writer.writes.get(0)).as("each record once").hasSize(2);
        assertThat(task.preCommit(consumed(2))).containsEntry(TP, new OffsetAndMetadata(2));
    }

    @Test
    void givesUpAfterMaxRetries() {
        TimescaleSinkTask task = start(Map.of());
        for (int i = 0; i < 3; i++) {
            writer.failures.add(new SQLException("refused", "08001"));
        }
        List<SinkRecord> batch = List.of(record(0, 0, 20));
        assertThatThrownBy(() -> task.put(batch)).isInstanceOf(RetriableException.class);
        assertThatThrownBy(() -> task.put(batch)).isInstanceOf(RetriableException.class);
        assertThatThrownBy(() -> task.put(batch)).isInstanceOf(ConnectException.class)
                .isNotInstanceOf(RetriableException.class).hasMessageContaining("max.retries=2");
    }

    @Test
    void withToleranceAnUnwritableRecordGoesToTheReporterAndItsOffsetIsCommitted() {
        TimescaleSinkTask task = start(Map.of("errors.tolerance", "all"));
        task.put(List.of(record(0, 0, 2), poison(1), record(2, 100, 2)));
        assertThat(context.reported).extracting(SinkRecord::kafkaOffset).containsExactly(1L);
        assertThat(task.preCommit(consumed(3))).containsEntry(TP, new OffsetAndMetadata(3));
        assertThat(writer.writes.get(0)).hasSize(2);
    }

    @Test
    void withoutToleranceAnUnwritableRecordFailsTheTaskNamingWhereItIs() {
        TimescaleSinkTask task = start(Map.of());
        assertThatThrownBy(() -> task.put(List.of(record(0, 0, 2), poison(1))))
                .isInstanceOf(ConnectException.class)
                .hasMessageContaining("topic t, partition 0, offset 1");
        assertThat(context.reported).isEmpty();
    }

    @Test
    void aBatchFailingOnItsDataIsWrittenRecordByRecordToFindTheRecordToBlame() {
        TimescaleSinkTask task = start(Map.of("errors.tolerance", "all"));
        writer.failures.add(new SQLException("value out of range", "22003")); // the whole batch
        writer.failures.add(new SQLException("value out of range", "22003")); // its first record alone
        task.put(List.of(record(0, 0, 6), record(1, 100, 6)));
        assertThat(context.reported).extracting(SinkRecord::kafkaOffset).containsExactly(0L);
        assertThat(writer.writes).hasSize(1);
        assertThat(task.preCommit(consumed(2))).containsEntry(TP, new OffsetAndMetadata(2));
    }

    @Test
    void revokedPartitionsDropTheirBufferedRecords() {
        TimescaleSinkTask task = start(Map.of());
        task.put(List.of(record(0, 0, 2)));
        task.close(List.of(TP));
        assertThat(task.preCommit(Map.of())).isEmpty();
        assertThat(writer.writes).isEmpty();
    }
}
