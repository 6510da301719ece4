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
}
