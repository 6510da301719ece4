package io.influxtimescale.sink.write;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.influxtimescale.sink.sql.Column;
import io.influxtimescale.sink.sql.PgType;

class BinaryCopyEncoderTest {
    private final List<Column> columns = List.of(Column.of("a", PgType.INT8), Column.of("b", PgType.TIMESTAMPTZ),
            Column.of("c", PgType.INT2), Column.of("d", PgType.FLOAT8), Column.of("e", PgType.TEXT),
            Column.of("f", PgType.BOOL));

    @Test
    void encodesHeaderRowsAndTrailerInNetworkOrder() throws Exception {
        BinaryCopyEncoder encoder = new BinaryCopyEncoder(columns, 16);
        encoder.writeHeader();
        encoder.writeRow(new Object[] {-2L, 946_684_800_000_001L, (short) 999, -0.0, "é\"", true});
        encoder.writeRow(new Object[] {null, null, null, null, null, null});
        encoder.writeTrailer();
        ByteBuffer b = ByteBuffer.wrap(encoder.pendingBytes());

        byte[] signature = new byte[11];
        b.get(signature);
        assertThat(signature).containsExactly('P', 'G', 'C', 'O', 'P', 'Y', '\n', 0xff, '\r', '\n', 0);
        assertThat(b.getInt()).isZero();
        assertThat(b.getInt()).isZero();

        assertThat(b.getShort()).isEqualTo((short) 6);
        assertThat(b.getInt()).isEqualTo(8);
        assertThat(b.getLong()).isEqualTo(-2L);
        assertThat(b.getInt()).isEqualTo(8);
        assertThat(b.getLong()).as("microseconds since 2000-01-01").isEqualTo(1L);
        assertThat(b.getInt()).isEqualTo(2);
        assertThat(b.getShort()).isEqualTo((short) 999);
        assertThat(b.getInt()).isEqualTo(8);
        assertThat(b.getLong()).isEqualTo(Double.doubleToRawLongBits(-0.0));
        byte[] text = "é\"".getBytes(StandardCharsets.UTF_8);
        assertThat(b.getInt()).isEqualTo(text.length);
        byte[] actual = new byte[text.length];
        b.get(actual);
        assertThat(actual).isEqualTo(text);
        assertThat(b.getInt()).isEqualTo(1);
        assertThat(b.get()).isEqualTo((byte) 1);

        assertThat(b.getShort()).isEqualTo((short) 6);
        for (int i = 0; i < 6; i++) {
            assertThat(b.getInt()).isEqualTo(-1);
        }
        assertThat(b.getShort()).isEqualTo((short) -1);
        assertThat(b.hasRemaining()).isFalse();
    }

    @Test
    void handsOverTheSameBytesAsOftenAsAsked() throws Exception {
        BinaryCopyEncoder encoder = new BinaryCopyEncoder(columns, 16);
        encoder.writeHeader();
        for (int i = 0; i < 1000; i++) {
            encoder.writeRow(new Object[] {(long) i, 0L, (short) 0, 1.0, "x".repeat(i % 50), false});
        }
        encoder.writeTrailer();
        ByteArrayOutputStream first = new ByteArrayOutputStream();
        ByteArrayOutputStream second = new ByteArrayOutputStream();
        encoder.copyTo(first::write);
        encoder.copyTo(second::write);
        assertThat(first.size()).isGreaterThan(1000 * 40).isEqualTo(encoder.pending());
        assertThat(second.toByteArray()).isEqualTo(first.toByteArray());
    }

    /** numeric in binary: digit count, weight, sign, display scale, then base-10000 digits, most significant first. */
    @Test
    void encodesAnUnsignedIntegersBitsAsTheNumericItIs() throws Exception {
        List<Column> unsigned = List.of(new Column("u", PgType.INT8, Column.Conversion.UNSIGNED_BITS_TO_NUMERIC));
        BinaryCopyEncoder encoder = new BinaryCopyEncoder(unsigned, 16);
        encoder.writeRow(new Object[] {-1L}); // 18446744073709551615
        encoder.writeRow(new Object[] {0L});
        encoder.writeRow(new Object[] {10_000L});
        ByteBuffer b = ByteBuffer.wrap(encoder.pendingBytes());
        assertThat(b.getShort()).isEqualTo((short) 1);
        assertThat(b.getInt()).isEqualTo(8 + 2 * 5);
        assertThat(new short[] {b.getShort(), b.getShort(), b.getShort(), b.getShort()})
                .containsExactly(5, 4, 0, 0);
        assertThat(new short[] {b.getShort(), b.getShort(), b.getShort(), b.getShort(), b.getShort()})
                .containsExactly(1844, 6744, 737, 955, 1615);
        assertThat(b.getShort()).isEqualTo((short) 1);
        assertThat(b.getInt()).isEqualTo(8);
        short digits = b.getShort();
        b.getShort(); // zero's weight: any
        assertThat(new short[] {digits, b.getShort(), b.getShort()}).as("no digits, positive, no scale")
                .containsExactly(0, 0, 0);
        assertThat(b.getShort()).isEqualTo((short) 1);
        assertThat(b.getInt()).isEqualTo(8 + 2);
        assertThat(new short[] {b.getShort(), b.getShort(), b.getShort(), b.getShort(), b.getShort()})
                .containsExactly(1, 1, 0, 0, 1);
        assertThat(b.hasRemaining()).isFalse();
    }

    @Test
    void chunksHoldTheSameBytesAsOneArrayAndGoOutInOrder() throws Exception {
        BinaryCopyEncoder chunked = new BinaryCopyEncoder(columns, 64);
        BinaryCopyEncoder single = new BinaryCopyEncoder(columns, 8 << 20);
        for (BinaryCopyEncoder e : List.of(chunked, single)) {
            e.writeHeader();
            for (int i = 0; i < 50_000; i++) {
                e.writeRow(new Object[] {(long) i, (long) -i, (short) i, i / 3.0, "v".repeat(i % 300), i % 2 == 0});
            }
            e.writeRow(new Object[] {1L, 1L, (short) 1, 1.0, "w".repeat(3 << 20), true}); // larger than a chunk
            e.writeTrailer();
        }
        assertThat(chunked.pending()).isEqualTo(single.pending()).isGreaterThan(BinaryCopyEncoder.MAX_CHUNK * 4);
        byte[] expected = single.pendingBytes();
        assertThat(chunked.pendingBytes()).isEqualTo(expected);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<Integer> pieces = new java.util.ArrayList<>();
        chunked.copyTo((b, off, len) -> {
            out.write(b, off, len);
            pieces.add(len);
        });
        assertThat(out.toByteArray()).isEqualTo(expected);
        assertThat(pieces).allSatisfy(n -> assertThat(n).isLessThanOrEqualTo((3 << 20) + 64));
    }
}
