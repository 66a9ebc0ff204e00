package org.labwatch.store.postgres;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/**
 * Which SQL errors mean the database is away (down, restarting, unreachable) rather than that
 * one statement failed: SQLState class 08 (connection exception), 57P01 admin shutdown, 57P02
 * crash shutdown, 57P03 cannot connect now (starting up), and a pool's timeout waiting for a
 * connection (HikariCP's SQLTransientConnectionException). The cause chain is searched, as pools
 * wrap the driver's exception.
 */
final class ConnectionTrouble {

    private ConnectionTrouble() {}

    static boolean isOutage(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException) {
                return true;
            }
            if (t instanceof SQLException s && outageState(s.getSQLState())) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    static boolean outageState(String state) {
        return state != null
                && (state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03"));
    }

    /** The error in words for people: the message and, when it adds something, its cause's. */
    static String problem(SQLException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        Throwable cause = e.getCause();
        if (cause != null && cause.getMessage() != null && !message.contains(cause.getMessage())) {
            message = message + " (" + cause.getMessage() + ")";
        }
        return message;
    }
}
