package io.influxtimescale.sink.write;

import java.sql.SQLException;

/** Sorts database errors by what to do about them. */
public final class SqlErrors {
    private SqlErrors() {
    }

    /**
     * A failure that may go away by itself: connection lost or refused, serialization failure, deadlock, lock
     * timeout, server shutting down or starting, out of resources. Retry (with a new connection).
     */
    public static boolean isTransient(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException) {
                String state = ((SQLException) t).getSQLState();
                if (state != null && isTransientState(state)) {
                    return true;
                }
            }
            if (t instanceof java.io.IOException) {
                return true;
            }
        }
        return false;
    }

    static boolean isTransientState(String state) {
        return state.startsWith("08")           // connection exception
                || state.equals("40001")        // serialization failure
                || state.equals("40P01")        // deadlock detected
                || state.equals("55P03")        // lock not available
                || state.equals("57P01")        // admin shutdown
                || state.equals("57P02")        // crash shutdown
                || state.equals("57P03")        // cannot connect now (starting up)
                || state.equals("57014")        // query canceled (statement timeout)
                || state.startsWith("53")       // insufficient resources (disk full, out of memory, connections)
                || state.startsWith("58");      // system error (I/O)
    }

    /**
     * A failure caused by the data of some row (value out of range, invalid text, constraint, an index entry too
     * large for a btree): retrying the same rows cannot help, but writing records one by one finds the record to
     * blame.
     */
    public static boolean isDataError(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.startsWith("22") || state.startsWith("23") || state.equals("54000"));
    }

    /** A key that is already there (unique_violation): what ends a direct copy of rows thought new. */
    public static boolean isUniqueViolation(SQLException e) {
        return "23505".equals(e.getSQLState());
    }

    /** The SQL state and the message chain, for logs and task failures. */
    public static String describe(SQLException e) {
        StringBuilder sb = new StringBuilder();
        sb.append("SQLSTATE ").append(e.getSQLState()).append(": ").append(e.getMessage());
        SQLException next = e.getNextException();
        if (next != null && next != e) {
            sb.append(" (next: ").append(next.getMessage()).append(')');
        }
        return sb.toString();
    }
}
