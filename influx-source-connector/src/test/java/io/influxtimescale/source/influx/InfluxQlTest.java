package io.influxtimescale.source.influx;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class InfluxQlTest {
    @Test
    void identifiersAreDoubleQuotedWithQuoteAndBackslashEscaped() {
        assertThat(InfluxQl.identifier("plain")).isEqualTo("\"plain\"");
        assertThat(InfluxQl.identifier("a\"b")).isEqualTo("\"a\\\"b\"");
        assertThat(InfluxQl.identifier("a\\b")).isEqualTo("\"a\\\\b\"");
        assertThat(InfluxQl.identifier("x, y=z ü.'q'")).isEqualTo("\"x, y=z ü.'q'\"");
    }

    @Test
    void stringLiteralsAreSingleQuotedWithQuoteAndBackslashEscaped() {
        assertThat(InfluxQl.stringLiteral("it's")).isEqualTo("'it\\'s'");
        assertThat(InfluxQl.stringLiteral("back\\slash \"q\"")).isEqualTo("'back\\\\slash \"q\"'");
    }

    @Test
    void aDotInAMeasurementNameStaysInsideItsQuotes() {
        assertThat(InfluxQl.qualifiedMeasurement("db", "rp", "cpu.load"))
                .isEqualTo("\"db\".\"rp\".\"cpu.load\"");
    }

    @Test
    void windowQuerySelectsEveryFieldAsFieldAndGroupsByAllTags() {
        String q = InfluxQl.selectWindow("d", "autogen", "m", List.of("f", "k\"x"), -5, 10);
        assertThat(q).isEqualTo("SELECT \"f\"::field, \"k\\\"x\"::field FROM \"d\".\"autogen\".\"m\" "
                + "WHERE time >= -5 AND time < 10 GROUP BY *");
    }

    @Test
    void liveReadsSelectEveryFieldOfOneOrSeveralMeasurements() {
        assertThat(InfluxQl.selectAllFields("db", "rp", List.of("cpu"), 10, 20))
                .isEqualTo("SELECT * FROM \"db\".\"rp\".\"cpu\" WHERE time >= 10 AND time < 20 GROUP BY *");
        assertThat(InfluxQl.selectAllFields("db", "rp", List.of("cpu", "mem"), -5, 20))
                .isEqualTo("SELECT * FROM \"db\".\"rp\"./^(?:cpu|mem)$/ WHERE time >= -5 AND time < 20 GROUP BY *");
    }

    @Test
    void measurementRegexMatchesExactlyTheNamesWhateverTheyHold() {
        String re = InfluxQl.exactNamesRegex(List.of("a.b", "x/y", "p|q", "c\\d", "(z)*", "ü €"));
        assertThat(re).isEqualTo("/^(?:a\\.b|x\\/y|p\\|q|c\\\\d|\\(z\\)\\*|ü €)$/");
        // The same regex as InfluxDB's lexer hands it to the engine (\/ becomes /), checked with Java's engine,
        // whose syntax agrees with RE2 for these escapes.
        java.util.regex.Pattern p = java.util.regex.Pattern.compile(re.substring(1, re.length() - 1)
                .replace("\\/", "/"));
        for (String name : List.of("a.b", "x/y", "p|q", "c\\d", "(z)*", "ü €")) {
            assertThat(p.matcher(name).matches()).as(name).isTrue();
        }
        for (String other : List.of("aXb", "p", "q", "c\\\\d", "z", "(z)", "a.bc", "xa.b")) {
            assertThat(p.matcher(other).matches()).as(other).isFalse();
        }
        assertThat(InfluxQl.regexSafe("line\nbreak")).isFalse();
        assertThat(InfluxQl.regexSafe("")).isFalse();
    }
}
