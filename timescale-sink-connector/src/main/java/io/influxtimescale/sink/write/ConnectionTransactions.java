package io.influxtimescale.sink.write;

import java.sql.Connection;
import java.sql.SQLException;

import io.influxtimescale.sink.layout.Transactions;

/** {@link Transactions} on one connection: the only code of the write path that sets auto-commit or ends one. */
public final class ConnectionTransactions implements Transactions {
    private final Connection connection;

    public ConnectionTransactions(Connection connection) {
        this.connection = connection;
    }

    @Override
    public <T> T autoCommit(Work<T> work) throws SQLException {
        connection.setAutoCommit(true);
        return work.run(connection);
    }

    @Override
    public <T> T inTransaction(Work<T> work) throws SQLException {
        connection.setAutoCommit(false);
        try {
            T result = work.run(connection);
            connection.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            try {
                connection.rollback();
            } catch (SQLException rollbackFailed) {
                e.addSuppressed(rollbackFailed); // a broken connection: the writer drops it
            }
            throw e;
        }
    }
}
