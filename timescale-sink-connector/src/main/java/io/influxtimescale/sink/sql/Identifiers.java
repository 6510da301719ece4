package io.influxtimescale.sink.sql;

import java.nio.charset.StandardCharsets;

/**
 * The one place where SQL identifiers and literals are quoted. Every table, schema, column, index and constraint
 * name the sink puts into SQL goes through {@link #quote(String)}, which rejects what PostgreSQL cannot hold as given
 * (empty names, NUL characters, more than {@value #MAX_IDENTIFIER_BYTES} bytes of UTF-8: PostgreSQL would silently
 * truncate such a name, so two long names could end up as one table).
 */
public final class Identifiers {
    /** PostgreSQL's NAMEDATALEN - 1. */
    public static final int MAX_IDENTIFIER_BYTES = 63;

    private Identifiers() {
    }

    /** Double-quotes an identifier, doubling embedded double quotes; case is kept exactly. */
    public static String quote(String identifier) {
        check(identifier);
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    /** {@code "schema"."name"}. */
    public static String qualified(String schema, String name) {
        return quote(schema) + '.' + quote(name);
    }

    /** Throws {@link IllegalArgumentException} naming the problem when PostgreSQL cannot take the name as it is. */
    public static void check(String identifier) {
        if (identifier == null || identifier.isEmpty()) {
            throw new IllegalArgumentException("an SQL identifier must not be empty");
        }
        if (identifier.indexOf('\u0000') >= 0) {
            throw new IllegalArgumentException("SQL identifier '" + identifier.replace("\u0000", "\\0")
                    + "' contains a NUL character, which PostgreSQL cannot store");
        }
        int bytes = identifier.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_IDENTIFIER_BYTES) {
            throw new IllegalArgumentException("SQL identifier '" + identifier + "' is " + bytes
                    + " bytes of UTF-8; PostgreSQL keeps at most " + MAX_IDENTIFIER_BYTES
                    + " and would silently truncate it");
        }
    }

    /** True when {@link #check(String)} would accept the name. */
    public static boolean isValid(String identifier) {
        try {
            check(identifier);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * A standard-conforming string literal ({@code standard_conforming_strings} is on since PostgreSQL 9.1): single
     * quotes doubled, backslashes kept as they are. Only for DDL, where parameters cannot be bound.
     */
    public static String literal(String value) {
        if (value.indexOf('\u0000') >= 0) {
            throw new IllegalArgumentException("a string literal cannot hold a NUL character");
        }
        return '\'' + value.replace("'", "''") + '\'';
    }
}
