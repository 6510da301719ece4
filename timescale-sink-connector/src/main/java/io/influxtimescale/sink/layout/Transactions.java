package io.influxtimescale.sink.layout;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The writer's transactions, lent to a layout while it prepares a flush: the layout says which work must be atomic
 * and which must be visible to every task at once; the writer, the one place that switches auto-commit, commits and
 * rolls back, carries it out (as kafka-connect-jdbc's writer owns its connection's transactions).
 */
public interface Transactions {
    /** Work whose statements each commit on their own, e.g. catalog rows other tasks must see at once. */
    <T> T autoCommit(Work<T> work) throws SQLException;

    /** Work done as one transaction: committed when it returns, rolled back when it throws. */
    <T> T inTransaction(Work<T> work) throws SQLException;

    /** Database work on the writer's connection. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }
}
