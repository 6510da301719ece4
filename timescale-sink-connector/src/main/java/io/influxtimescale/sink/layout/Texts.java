package io.influxtimescale.sink.layout;

import java.util.Map;

import org.apache.kafka.connect.errors.DataException;

import io.influxtimescale.contract.FieldColumn;
import io.influxtimescale.contract.FieldType;
import io.influxtimescale.contract.SeriesWindow;

/** Checks shared by layouts: what PostgreSQL text and jsonb cannot store. */
public final class Texts {
    private Texts() {
    }

    /**
     * PostgreSQL text and jsonb cannot hold NUL characters: a record with one in a name, tag or string value can
     * never be written.
     */
    public static void requireNoNul(SeriesWindow window) {
        requireNoNul(window.series().database(), "database name", window);
        requireNoNul(window.series().retentionPolicy(), "retention policy name", window);
        requireNoNul(window.series().measurement(), "measurement name", window);
        for (Map.Entry<String, String> tag : window.series().tags().entrySet()) {
            requireNoNul(tag.getKey(), "tag key", window);
            requireNoNul(tag.getValue(), "value of tag '" + tag.getKey() + "'", window);
        }
        for (FieldColumn field : window.fields()) {
            requireNoNul(field.name(), "field name", window);
            if (field.type() == FieldType.STRING) {
                for (int i = 0; i < field.size(); i++) {
                    if (field.stringAt(i).indexOf('\u0000') >= 0) {
                        throw new DataException("string value of field '" + field.name() + "' at time "
                                + window.timeAt(field.timeIndex(i)) + " of series " + window.series()
                                + " contains a NUL character, which PostgreSQL text cannot store");
                    }
                }
            }
        }
    }

    private static void requireNoNul(String s, String what, SeriesWindow window) {
        if (s.indexOf('\u0000') >= 0) {
            throw new DataException(what + " '" + s.replace("\u0000", "\\0") + "' of series " + window.series()
                    + " contains a NUL character, which PostgreSQL text cannot store");
        }
    }

    /** A JSON object of the tags, keys in the given (sorted) order, escaped per RFC 8259. */
    public static String jsonObject(Map<String, String> tags) {
        StringBuilder sb = new StringBuilder(16 + tags.size() * 24).append('{');
        boolean first = true;
        for (Map.Entry<String, String> tag : tags.entrySet()) {
            if (!first) {
                sb.append(", ");
            }
            first = false;
            jsonString(sb, tag.getKey());
            sb.append(": ");
            jsonString(sb, tag.getValue());
        }
        return sb.append('}').toString();
    }

    private static void jsonString(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"':
                    sb.append("\\\"");
                    break;
                case '\\':
                    sb.append("\\\\");
                    break;
                case '\n':
                    sb.append("\\n");
                    break;
                case '\r':
                    sb.append("\\r");
                    break;
                case '\t':
                    sb.append("\\t");
                    break;
                default:
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
            }
        }
        sb.append('"');
    }
}
