package io.influxtimescale.sink.task;

import org.apache.kafka.connect.sink.SinkRecord;

import io.influxtimescale.contract.SeriesWindow;

/** A buffered record and its decoded window ({@code null} once the record went to the dead letter queue). */
final class PendingRecord {
    final SinkRecord record;
    final SeriesWindow window;

    PendingRecord(SinkRecord record, SeriesWindow window) {
        this.record = record;
        this.window = window;
    }
}
