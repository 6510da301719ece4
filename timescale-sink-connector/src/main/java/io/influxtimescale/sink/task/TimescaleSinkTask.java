package io.influxtimescale.sink.task;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.ListIterator;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.influxtimescale.contract.RecordContract;
import io.influxtimescale.contract.SeriesWindow;
import io.influxtimescale.contract.Versions;
import io.influxtimescale.sink.config.TimescaleSinkConfig;
import io.influxtimescale.sink.layout.Layout;
import io.influxtimescale.sink.layout.Layouts;
import io.influxtimescale.sink.write.SqlErrors;
import io.influxtimescale.sink.write.TimescaleWriter;
import io.influxtimescale.sink.write.WindowWriter;

/**
 * Buffers decoded records across {@code put()} calls and writes them when {@code batch.max.rows} rows of the layout
 * are buffered (checked before each record is added, so the buffer exceeds the limit by at most one record), when
 * the oldest waited {@code batch.linger.ms}, or when Connect commits offsets. {@link #preCommit}
 * returns only offsets of records whose rows are committed in the database (or that went to the dead letter
 * queue), so a crash at any point replays records instead of losing them; the upserts make the replay harmless.
 */
public class TimescaleSinkTask extends SinkTask {
    private static final Logger LOG = LoggerFactory.getLogger(TimescaleSinkTask.class);

    private TimescaleSinkConfig config;
    private Layout layout;
    private final BiFunction<TimescaleSinkConfig, Layout, WindowWriter> writerFactory;
    private WindowWriter writer;
    private ErrantRecordReporter reporter;
    private boolean tolerateAll;

    private final List<PendingRecord> buffer = new ArrayList<>();
    /** Rows the buffered records make in the layout (before deduplication): what batch.max.rows limits. */
    private long bufferedRows;
    private long oldestBufferedAt;
    /** Next offset not yet buffered, per partition: a redelivery after a retriable failure skips what we hold. */
    private final Map<TopicPartition, Long> bufferedUpTo = new HashMap<>();
    /** Next offset to consume per partition, for everything committed in the database. */
    private final Map<TopicPartition, OffsetAndMetadata> committed = new HashMap<>();
    private int consecutiveFailures;
    /** After a transient failure: no new attempt before this time (ms), whoever asks (put or preCommit). */
    private long retryNotBefore;

    public TimescaleSinkTask() {
        this((config, layout) -> new TimescaleWriter(config, layout, TimescaleWriter.tableWriter(config)));
    }

    /** With another writer (tests). */
    TimescaleSinkTask(BiFunction<TimescaleSinkConfig, Layout, WindowWriter> writerFactory) {
        this.writerFactory = writerFactory;
    }

    @Override
    public String version() {
        return Versions.of(getClass());
    }

    @Override
    public void start(Map<String, String> props) {
        config = new TimescaleSinkConfig(props);
        layout = Layouts.create(config);
        writer = writerFactory.apply(config, layout);
        tolerateAll = "all".equalsIgnoreCase(props.getOrDefault("errors.tolerance", "none"));
        try {
            reporter = context.errantRecordReporter();
        } catch (NoSuchMethodError | NoClassDefFoundError e) {
            reporter = null; // a worker older than Kafka 2.6
        }
        try {
            writer.ensureReady();
        } catch (SQLException e) {
            if (!SqlErrors.isTransient(e)) {
                throw new ConnectException("cannot prepare layout '" + layout.name() + "' in schema '"
                        + config.targetSchema() + "': " + SqlErrors.describe(e), e);
            }
            // the first put() retries with backoff
            LOG.warn("database not reachable at start, will retry: {}", SqlErrors.describe(e));
        }
    }

    @Override
    public void put(Collection<SinkRecord> records) {
        for (SinkRecord record : records) {
            TopicPartition tp = new TopicPartition(record.topic(), record.kafkaPartition());
            Long next = bufferedUpTo.get(tp);
            if (next != null && record.kafkaOffset() < next) {
                continue; // redelivered after a retriable failure: still in the buffer
            }
            if (bufferedRows >= config.batchMaxRows()) {
                // full: write before taking more (a failure leaves this record to the redelivery)
                flushAndRequestCommit();
            }
            bufferedUpTo.put(tp, record.kafkaOffset() + 1);
            SeriesWindow window;
            try {
                window = RecordContract.seriesWindow(record.value());
                layout.check(window);
            } catch (DataException e) {
                unwritable(record, e);
                buffer.add(new PendingRecord(record, null));
                continue;
            }
            if (buffer.isEmpty()) {
                oldestBufferedAt = System.currentTimeMillis();
            }
            buffer.add(new PendingRecord(withoutValue(record), window));
            bufferedRows += layout.rowsOf(window);
        }
        if (buffer.isEmpty()) {
            return;
        }
        long waited = System.currentTimeMillis() - oldestBufferedAt;
        if (bufferedRows >= config.batchMaxRows() || waited >= config.batchLingerMs()) {
            flushAndRequestCommit();
        } else {
            // have the worker call put() again by the time the oldest record has waited long enough
            context.timeout(Math.max(1, config.batchLingerMs() - waited));
        }
    }

    /**
     * The record without its value, which the buffer holds as the decoded window instead: a value's boxed lists are
     * most of what a buffered record weighs, and the collector copied them again at every young collection while a
     * flush waited for the database. In a worker the record stays the worker's own {@code InternalSinkRecord}, whose
     * {@code newRecord} keeps the consumed bytes: the dead letter queue still gets the record exactly as consumed.
     */
    private static SinkRecord withoutValue(SinkRecord r) {
        return r.newRecord(r.topic(), r.kafkaPartition(), r.keySchema(), r.key(), null, null, r.timestamp());
    }

    /** A record that can never be written: dead letter queue when tolerated, else the task fails. */
    private void unwritable(SinkRecord record, Exception e) {
        String where = "topic " + record.topic() + ", partition " + record.kafkaPartition() + ", offset "
                + record.kafkaOffset();
        if (tolerateAll && reporter != null) {
            LOG.warn("record at {} cannot be written, sent to the dead letter queue: {}", where, e.getMessage());
            reporter.report(record, e);
            return;
        }
        throw new ConnectException("record at " + where + " cannot be written to TimescaleDB: " + e.getMessage()
                + " (set errors.tolerance=all and errors.deadletterqueue.topic.name to route such records to a "
                + "dead letter queue)", e);
    }

    /**
     * Writes the buffer, then asks the worker to commit the consumer offsets right away (it calls {@link #preCommit}
     * at its next iteration) instead of at its next {@code offset.flush.interval.ms}: a task killed with its worker
     * re-applies only the batches written since that commit, not everything written in the interval. At-least-once
     * is kept: preCommit still reports only offsets of rows committed in the database.
     */
    private void flushAndRequestCommit() {
        if (flush()) {
            context.requestCommit();
        }
    }

    /** Writes the buffer; true when something was written (or sent to the dead letter queue). */
    private boolean flush() {
        if (buffer.isEmpty()) {
            return false;
        }
        long wait = retryNotBefore - System.currentTimeMillis();
        if (wait > 0) {
            context.timeout(wait);
            throw new RetriableException("backing off for " + wait + " ms after a transient database failure");
        }
        List<SeriesWindow> windows = new ArrayList<>(buffer.size());
        for (PendingRecord p : buffer) {
            if (p.window != null) {
                windows.add(p.window);
            }
        }
        try {
            long start = System.nanoTime();
            long rows = writer.write(windows);
            LOG.debug("wrote {} rows of {} records in {} ms", rows, buffer.size(),
                    (System.nanoTime() - start) / 1_000_000);
        } catch (SQLException e) {
            if (SqlErrors.isTransient(e)) {
                retryLater(e);
            }
            if (SqlErrors.isDataError(e)) {
                LOG.warn("a batch of {} records failed on its data ({}); writing them one by one to find the "
                        + "record to blame", buffer.size(), SqlErrors.describe(e));
                writeOneByOne();
            } else {
                throw new ConnectException("writing to TimescaleDB failed and retrying cannot help: "
                        + SqlErrors.describe(e), e);
            }
        }
        consecutiveFailures = 0;
        for (PendingRecord p : buffer) {
            TopicPartition tp = new TopicPartition(p.record.topic(), p.record.kafkaPartition());
            OffsetAndMetadata current = committed.get(tp);
            if (current == null || current.offset() <= p.record.kafkaOffset()) {
                committed.put(tp, new OffsetAndMetadata(p.record.kafkaOffset() + 1));
            }
        }
        buffer.clear();
        bufferedRows = 0;
        return true;
    }

    private void writeOneByOne() {
        for (ListIterator<PendingRecord> it = buffer.listIterator(); it.hasNext(); ) {
            PendingRecord p = it.next();
            if (p.window == null) {
                continue;
            }
            try {
                writer.write(List.of(p.window));
            } catch (SQLException e) {
                if (SqlErrors.isTransient(e)) {
                    retryLater(e);
                }
                unwritable(p.record, new DataException(SqlErrors.describe(e), e));
                it.set(new PendingRecord(p.record, null)); // reported: not again after a later retry
            }
        }
    }

    private void retryLater(SQLException e) {
        consecutiveFailures++;
        if (consecutiveFailures > config.maxRetries()) {
            throw new ConnectException("writing to TimescaleDB failed " + consecutiveFailures + " times in a row, "
                    + "giving up (max.retries=" + config.maxRetries() + "): " + SqlErrors.describe(e), e);
        }
        long backoff = config.backoffMs(consecutiveFailures);
        retryNotBefore = System.currentTimeMillis() + backoff;
        LOG.warn("transient failure writing {} buffered records (retry {} of {} in {} ms): {}", buffer.size(),
                consecutiveFailures, config.maxRetries(), backoff, SqlErrors.describe(e));
        context.timeout(backoff);
        throw new RetriableException("transient database failure, retrying: " + SqlErrors.describe(e), e);
    }

    @Override
    public Map<TopicPartition, OffsetAndMetadata> preCommit(Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
        try {
            flush();
        } catch (RetriableException e) {
            LOG.info("offsets not advanced past the buffered records: {}", e.getMessage());
        }
        Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
        for (TopicPartition tp : currentOffsets.keySet()) {
            OffsetAndMetadata o = committed.get(tp);
            if (o != null) {
                out.put(tp, o);
            }
        }
        return out;
    }

    @Override
    public void open(Collection<TopicPartition> partitions) {
        for (TopicPartition tp : partitions) {
            bufferedUpTo.remove(tp);
            committed.remove(tp);
        }
    }

    @Override
    public void close(Collection<TopicPartition> partitions) {
        // the records of revoked partitions go to their new owner from the last committed offset: drop ours
        buffer.removeIf(p -> partitions.contains(new TopicPartition(p.record.topic(), p.record.kafkaPartition())));
        bufferedRows = 0;
        for (PendingRecord p : buffer) {
            if (p.window != null) {
                bufferedRows += layout.rowsOf(p.window);
            }
        }
        for (TopicPartition tp : partitions) {
            bufferedUpTo.remove(tp);
            committed.remove(tp);
        }
    }

    @Override
    public void stop() {
        if (writer != null) {
            writer.close();
        }
    }
}
