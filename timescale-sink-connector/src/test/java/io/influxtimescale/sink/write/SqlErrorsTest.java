package io.influxtimescale.sink.write;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.EOFException;
import java.sql.SQLException;

import org.junit.jupiter.api.Test;

class SqlErrorsTest {
    @Test
    void connectionLossSerializationAndShutdownAreTransient() {
        for (String state : new String[] {"08006", "08001", "08003", "40001", "40P01", "57P01", "57P03", "53300"}) {
            assertThat(SqlErrors.isTransient(new SQLException("x", state))).as(state).isTrue();
        }
        assertThat(SqlErrors.isTransient(new SQLException("io", null, new EOFException()))).isTrue();
    }

    @Test
    void dataAndPrivilegeErrorsAreNot() {
        for (String state : new String[] {"22003", "22P05", "23514", "42501", "42P01", null}) {
            assertThat(SqlErrors.isTransient(new SQLException("x", state))).as(String.valueOf(state)).isFalse();
        }
        assertThat(SqlErrors.isDataError(new SQLException("x", "22021"))).isTrue();
        assertThat(SqlErrors.isDataError(new SQLException("x", "23514"))).isTrue();
        assertThat(SqlErrors.isDataError(new SQLException("index row size exceeds maximum", "54000"))).isTrue();
        assertThat(SqlErrors.isDataError(new SQLException("x", "42501"))).isFalse();
    }
}
