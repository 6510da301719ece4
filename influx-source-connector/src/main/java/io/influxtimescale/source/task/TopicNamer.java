package io.influxtimescale.source.task;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Topic of a database: prefix + database name. Kafka topic names hold only [a-zA-Z0-9._-] and at most 249
 * characters; when a name needs changing, every other character becomes '_' and '-' plus 8 hex digits of the SHA-256
 * of the real name is appended, so two databases never share a topic by accident ("a b" and "a_b" differ). Records
 * carry the exact names, so the topic is only routing.
 */
public final class TopicNamer {
    private static final int MAX = 249;
    private final String prefix;

    public TopicNamer(String prefix) {
        this.prefix = prefix;
    }

    public String topic(String database) {
        String plain = prefix + database;
        if (plain.length() <= MAX && plain.matches("[a-zA-Z0-9._-]+") && !plain.equals(".") && !plain.equals("..")) {
            return plain;
        }
        StringBuilder b = new StringBuilder(prefix);
        for (int i = 0; i < database.length(); ) {
            int cp = database.codePointAt(i);
            boolean ok = (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9')
                    || cp == '.' || cp == '_' || cp == '-';
            b.append(ok ? (char) cp : '_');
            i += Character.charCount(cp);
        }
        String suffix = "-" + hash8(database);
        if (b.length() > MAX - suffix.length()) {
            b.setLength(MAX - suffix.length());
        }
        return b.append(suffix).toString();
    }

    private static String hash8(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return String.format("%02x%02x%02x%02x", d[0], d[1], d[2], d[3]);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
