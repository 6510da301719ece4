package io.influxtimescale.sink.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.influxtimescale.sink.layout.PointKey;
import io.influxtimescale.sink.layout.shepard.ShepardSql;
import io.influxtimescale.sink.sql.TableSpec;

class RowBatchTest {
    private final TableSpec a = ShepardSql.pointsSpec("a");
    private final TableSpec b = ShepardSql.pointsSpec("b");

    private static Object[] row(long id, long t, double v) {
        return new Object[] {id, t, v, null, null, null};
    }

    @Test
    void lastWriteWinsPerKeyAndMovesToTheEnd() {
        RowBatch batch = new RowBatch();
        batch.add(a, new PointKey(1, 10), row(1, 10, 1.0));
        batch.add(a, new PointKey(1, 20), row(1, 20, 2.0));
        batch.add(a, new PointKey(1, 10), row(1, 10, 3.0));
        assertThat(batch.size()).isEqualTo(2);
        List<Object[]> rows = batch.rows(a);
        assertThat(rows).extracting(r -> r[2]).containsExactly(2.0, 3.0);
    }

    @Test
    void inASparseTableALaterRowReplacesOnlyTheValuesItHas() {
        TableSpec sparse = new TableSpec("s", "w", a.columns(), a.keyColumns(), true);
        RowBatch batch = new RowBatch();
        batch.add(sparse, new PointKey(1, 10), new Object[] {1L, 10L, 1.0, 5L, null, null});
        batch.add(sparse, new PointKey(1, 10), new Object[] {1L, 10L, null, 6L, "x", null});
        batch.add(sparse, new PointKey(1, 10), new Object[] {1L, 10L, null, null, null, false});
        assertThat(batch.size()).isEqualTo(1);
        assertThat(batch.rows(sparse).get(0)).containsExactly(1L, 10L, 1.0, 6L, "x", false);
    }

    @Test
    void groupsByTableAndKeepsKeysOfTablesApart() {
        RowBatch batch = new RowBatch();
        batch.add(a, new PointKey(1, 10), row(1, 10, 1.0));
        batch.add(b, new PointKey(1, 10), row(1, 10, 2.0));
        assertThat(batch.tables()).containsExactly(a, b);
        assertThat(batch.rows(a)).hasSize(1);
        assertThat(batch.rows(b)).extracting(r -> r[2]).containsExactly(2.0);
        assertThat(batch.size()).isEqualTo(2);
        batch.clear();
        assertThat(batch.isEmpty()).isTrue();
        assertThat(batch.rows(a)).isEmpty();
    }

    @Test
    void aBatchReusedAfterClearHoldsOnlyTheNewRowsAndTables() {
        RowBatch batch = new RowBatch();
        batch.add(a, new PointKey(1, 10), row(1, 10, 1.0));
        batch.add(b, new PointKey(1, 10), row(1, 10, 2.0));
        batch.clear();
        assertThat(batch.tables()).isEmpty();
        assertThat(batch.size()).isZero();
        batch.add(b, new PointKey(1, 10), row(1, 10, 3.0));
        assertThat(batch.tables()).containsExactly(b);
        assertThat(batch.rows(a)).isEmpty();
        assertThat(batch.rows(b)).extracting(r -> r[2]).containsExactly(3.0);
        batch.clear();
        batch.clear(); // twice: tables without rows are let go, and nothing comes back
        batch.add(a, new PointKey(2, 20), row(2, 20, 4.0));
        assertThat(batch.tables()).containsExactly(a);
        assertThat(batch.rows(a)).extracting(r -> r[2]).containsExactly(4.0);
    }

    @Test
    void keysDifferingOnlyInTheNanosecondAreDistinct() {
        RowBatch batch = new RowBatch();
        batch.add(a, new PointKey(7, 1_000_000_000_000_000_000L), row(7, 0, 1.0));
        batch.add(a, new PointKey(7, 1_000_000_000_000_000_001L), row(7, 1, 2.0));
        assertThat(batch.size()).isEqualTo(2);
    }

    @Test
    void rejectsRowsOfTheWrongWidth() {
        RowBatch batch = new RowBatch();
        assertThatThrownBy(() -> batch.add(a, new PointKey(1, 1), new Object[] {1L}))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
