package io.influxtimescale.sink.layout.wide;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

import io.influxtimescale.contract.FieldType;
import io.influxtimescale.sink.sql.Identifiers;

/**
 * The naming rules of the wide layout; pure functions, no database. Every name the layout gives is one of an ordered
 * list of candidates, the first one that is free in its namespace (see {@link WideCatalog}); once given, a name is
 * recorded in the catalog and never changes.
 *
 * <ul>
 *   <li><b>As is</b> when PostgreSQL can take the InfluxDB name unchanged (1 to 63 bytes of UTF-8) and it does not
 *       clash. Names are always double-quoted, so case, spaces and punctuation are kept.</li>
 *   <li><b>Clash</b> means equal after PostgreSQL's folding of unquoted identifiers (ASCII A-Z to a-z): {@code "CPU"}
 *       and {@code "cpu"} would be distinct quoted tables, but a user typing {@code SELECT * FROM CPU} gets {@code
 *       cpu}, so the second one to arrive is renamed instead of being silently shadowed.</li>
 *   <li><b>Renamed</b>: the longest prefix of the name (whole characters) that fits, then {@code _} and the first 8
 *       hex digits of the SHA-256 of the full InfluxDB identity (16 if those clash too), then a suffix where the kind
 *       has one: readable, stable for the same identity, collision-free in practice, always within 63 bytes.</li>
 * </ul>
 */
public final class WideNames {
    /** Columns of every wide hypertable (and its view); no field or tag column may take these names. */
    public static final List<String> FIXED_COLUMNS = List.of("series_id", "time", "time_ns");
    /** PostgreSQL's system column names: a user column of one of these names is refused. */
    static final Set<String> SYSTEM_COLUMNS = Set.of("tableoid", "xmin", "cmin", "xmax", "cmax", "ctid", "oid");
    /** The hypertable behind a measurement's view: the view's candidate names with this suffix. */
    public static final String TABLE_SUFFIX = "_data";

    private WideNames() {
    }

    /** PostgreSQL's folding of unquoted identifiers: ASCII letters only (multibyte characters are kept). */
    public static String fold(String name) {
        StringBuilder sb = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            sb.append(c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c);
        }
        return sb.toString();
    }

    /** A column name no field or tag may take (fixed and system columns, after folding). */
    public static boolean isReservedColumn(String name) {
        String f = fold(name);
        return FIXED_COLUMNS.contains(f) || SYSTEM_COLUMNS.contains(f);
    }

    /** A schema name PostgreSQL refuses to create ({@code pg_*}) or a system schema. */
    public static boolean isReservedSchema(String name) {
        String f = fold(name);
        return f.startsWith("pg_") || f.equals("information_schema");
    }

    /** Candidates for the view of a measurement (what users query): the measurement's name, then renamed. */
    public static List<String> viewCandidates(String database, String retentionPolicy, String measurement) {
        return candidates(List.of(measurement), measurement, identity("measurement", database, retentionPolicy,
                measurement), "");
    }

    /** Candidates for the hypertable of a measurement: {@code <measurement>_data}, then renamed. */
    public static List<String> tableCandidates(String database, String retentionPolicy, String measurement) {
        return candidates(List.of(measurement + TABLE_SUFFIX), measurement, identity("measurement", database,
                retentionPolicy, measurement), TABLE_SUFFIX);
    }

    /**
     * Candidates for the column of a field of one type: the field's name (taken by the first type the sink meets),
     * then {@code <field>_<type>} (e.g. {@code value_string}), then renamed.
     */
    public static List<String> fieldCandidates(String field, FieldType type) {
        return candidates(List.of(field, field + "_" + type.wireName()), field,
                identity("field", field, type.wireName()), "");
    }

    /** Candidates for the view column of a tag key: the key, then {@code <key>_tag}, then renamed. */
    public static List<String> tagCandidates(String key) {
        return candidates(List.of(key, key + "_tag"), key.isEmpty() ? "tag" : key, identity("tag", key), "");
    }

    /** Candidates for the schema of an InfluxDB database (one schema per database): its name, then renamed. */
    public static List<String> schemaCandidates(String database) {
        String readable = isReservedSchema(database) ? "db_" + database : database;
        return candidates(List.of(readable), readable, identity("database", database), "");
    }

    private static List<String> candidates(List<String> plain, String readable, String identity, String suffix) {
        List<String> out = new ArrayList<>();
        for (String p : plain) {
            if (Identifiers.isValid(p) && !out.contains(p)) {
                out.add(p);
            }
        }
        out.add(renamed(readable, identity, 8, suffix));
        out.add(renamed(readable, identity, 16, suffix));
        return out;
    }

    /** {@code <prefix>_<hex><suffix>}, at most 63 bytes: the prefix is cut at a character boundary. */
    static String renamed(String readable, String identity, int hexDigits, String suffix) {
        String tail = "_" + sha256Hex(identity).substring(0, hexDigits) + suffix;
        int room = Identifiers.MAX_IDENTIFIER_BYTES - tail.getBytes(StandardCharsets.UTF_8).length;
        StringBuilder prefix = new StringBuilder();
        int bytes = 0;
        for (int i = 0; i < readable.length(); ) {
            int cp = readable.codePointAt(i);
            int n = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            if (bytes + n > room) {
                break;
            }
            prefix.appendCodePoint(cp);
            bytes += n;
            i += Character.charCount(cp);
        }
        return prefix + tail;
    }

    /** The full identity a renamed name's hash covers: kind and every part, NUL-separated (names hold no NUL). */
    private static String identity(String kind, String... parts) {
        return kind + '\u0000' + String.join("\u0000", parts);
    }

    private static String sha256Hex(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
        }
    }
}
