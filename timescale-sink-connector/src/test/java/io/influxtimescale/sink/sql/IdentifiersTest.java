package io.influxtimescale.sink.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class IdentifiersTest {
    @Test
    void quotesAndDoublesEmbeddedQuotes() {
        assertThat(Identifiers.quote("points")).isEqualTo("\"points\"");
        assertThat(Identifiers.quote("Mixed Case")).isEqualTo("\"Mixed Case\"");
        assertThat(Identifiers.quote("a\"b")).isEqualTo("\"a\"\"b\"");
        assertThat(Identifiers.quote("x\"; DROP TABLE t; --")).isEqualTo("\"x\"\"; DROP TABLE t; --\"");
        assertThat(Identifiers.quote("back\\slash")).isEqualTo("\"back\\slash\"");
        assertThat(Identifiers.qualified("my schema", "t")).isEqualTo("\"my schema\".\"t\"");
    }

    @Test
    void acceptsExactly63BytesOfUtf8() {
        String ascii63 = "a".repeat(63);
        assertThat(Identifiers.quote(ascii63)).hasSize(65);
        assertThatThrownBy(() -> Identifiers.quote("a".repeat(64))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("64 bytes");
        // 21 three-byte characters are 63 bytes; 22 are 66
        assertThat(Identifiers.isValid("€".repeat(21))).isTrue();
        assertThat(Identifiers.isValid("€".repeat(22))).isFalse();
    }

    @Test
    void rejectsEmptyAndNul() {
        assertThatThrownBy(() -> Identifiers.quote("")).hasMessageContaining("empty");
        assertThatThrownBy(() -> Identifiers.quote(null)).hasMessageContaining("empty");
        assertThatThrownBy(() -> Identifiers.quote("a\u0000b")).hasMessageContaining("NUL");
    }

    @Test
    void literalsDoubleSingleQuotes() {
        assertThat(Identifiers.literal("it's")).isEqualTo("'it''s'");
        assertThat(Identifiers.literal("\"s\".\"t\"")).isEqualTo("'\"s\".\"t\"'");
        assertThatThrownBy(() -> Identifiers.literal("a\u0000")).isInstanceOf(IllegalArgumentException.class);
    }
}
