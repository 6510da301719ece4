package io.influxtimescale.source.influx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** JSON answers captured from a real InfluxDB 1.6.7, for servers without msgpack. */
class JsonQueryResponseTest {
    static JsonQueryResponse open(String resource) throws IOException {
        try (InputStream in = JsonQueryResponseTest.class.getResourceAsStream("/responses/" + resource)) {
            return new JsonQueryResponse(new ByteArrayInputStream(in.readAllBytes()));
        }
    }

    @Test
    void readsChunkedSeriesRowByRowAndSaysTypesAreNotExact() throws IOException {
        List<String> rows = new ArrayList<>();
        try (JsonQueryResponse r = open("float-window.json")) {
            assertThat(r.typesExact()).isFalse();
            while (r.nextRow()) {
                rows.add(r.series().tags().get("host") + " " + r.longValue(0) + " " + r.kind(1) + " "
                        + r.doubleValue(1) + " " + r.kind(3));
            }
        }
        // 7.0 prints as 7 (an integer token), -0.0 as -0: the double is kept for float fields
        assertThat(rows).containsExactly("a 1000000000000000000 INTEGER 7.0 STRING",
                "a 1000000000000000001 FLOAT 1.5 NULL", "a 1000000000000000002 FLOAT 2.25 NULL",
                "a 1000000000000000003 INTEGER -0.0 NULL", "c 1000000000000000004 FLOAT 1.0E308 NULL",
                "c 1000000000000000005 FLOAT 4.9E-324 NULL");
    }

    @Test
    void errorsAreThrown() throws IOException {
        try (JsonQueryResponse r = open("result-error.json")) {
            assertThatThrownBy(r::nextRow).isInstanceOf(InfluxException.QueryFailed.class)
                    .hasMessage("database not found: nodb");
        }
    }
}
