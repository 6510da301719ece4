package io.influxtimescale.sink.config;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parses {@code shepard.container.ids}: entries {@code database=containerId} separated by commas. A backslash
 * escapes the next character, so database names may hold commas, equals signs and backslashes
 * ({@code my\,db=12}). Whitespace around entries and ids is ignored; inside a name it is kept.
 */
public final class ContainerIdMapping {
    private ContainerIdMapping() {
    }

    public static Map<String, Long> parse(String text) {
        Map<String, Long> out = new LinkedHashMap<>();
        if (text == null || text.isBlank()) {
            return out;
        }
        StringBuilder name = new StringBuilder();
        StringBuilder id = new StringBuilder();
        boolean inId = false;
        boolean escaped = false;
        for (int i = 0; i <= text.length(); i++) {
            char c = i < text.length() ? text.charAt(i) : ',';
            boolean end = i == text.length();
            if (end && escaped) {
                throw new IllegalArgumentException("a trailing backslash escapes nothing");
            }
            if (escaped) {
                (inId ? id : name).append(c);
                escaped = false;
            } else if (!end && c == '\\') {
                escaped = true;
            } else if (c == '=' && !inId) {
                inId = true;
            } else if (c == ',') {
                String n = name.toString().strip();
                if (n.isEmpty() && id.toString().isBlank() && !inId) {
                    continue; // empty entry, e.g. a trailing comma
                }
                if (!inId || n.isEmpty()) {
                    throw new IllegalArgumentException("entry '" + name + (inId ? "=" + id : "")
                            + "' is not database=containerId");
                }
                long value;
                try {
                    value = Long.parseLong(id.toString().strip());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("container id '" + id.toString().strip() + "' of database '"
                            + n + "' is not an integer");
                }
                if (out.put(n, value) != null) {
                    throw new IllegalArgumentException("database '" + n + "' is mapped twice");
                }
                name.setLength(0);
                id.setLength(0);
                inId = false;
            } else {
                (inId ? id : name).append(c);
            }
        }
        return out;
    }
}
