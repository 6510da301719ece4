package io.influxtimescale.source.discovery;

import java.util.ArrayList;
import java.util.List;

/**
 * Carries a list of containers in one task config string. Names may hold any character, so each of the three names
 * is percent-escaped for '%', '/', ',' (and control characters), then joined by '/' within a container and ',' between
 * containers. Unambiguous, compact, and still readable in the Connect REST API's task configs.
 */
public final class ContainerListCodec {
    private ContainerListCodec() {
    }

    public static String encode(List<Container> containers) {
        StringBuilder b = new StringBuilder();
        for (Container c : containers) {
            if (b.length() > 0) {
                b.append(',');
            }
            escape(b, c.database());
            b.append('/');
            escape(b, c.retentionPolicy());
            b.append('/');
            escape(b, c.measurement());
        }
        return b.toString();
    }

    public static List<Container> decode(String encoded) {
        List<Container> out = new ArrayList<>();
        if (encoded == null || encoded.isEmpty()) {
            return out;
        }
        for (String item : encoded.split(",", -1)) {
            String[] parts = item.split("/", -1);
            if (parts.length != 3) {
                throw new IllegalArgumentException("malformed container '" + item + "' in task config: expected "
                        + "database/retention_policy/measurement");
            }
            out.add(new Container(unescape(parts[0]), unescape(parts[1]), unescape(parts[2])));
        }
        return out;
    }

    private static void escape(StringBuilder b, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' || c == '/' || c == ',' || c < 0x20 || c == 0x7f) {
                b.append('%').append(String.format("%02X", (int) c));
            } else {
                b.append(c);
            }
        }
    }

    private static String unescape(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length()) {
                    throw new IllegalArgumentException("truncated escape in '" + s + "'");
                }
                b.append((char) Integer.parseInt(s.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
