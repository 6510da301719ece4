package io.influxtimescale.sink.write;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.postgresql.util.ByteConverter;

import io.influxtimescale.sink.sql.Column;
import io.influxtimescale.sink.sql.PgType;
import io.influxtimescale.sink.sql.TimeSplit;

/**
 * Encodes rows in PostgreSQL's binary {@code COPY} format (a header, per row a field count and length-prefixed
 * field values in network byte order, a trailer). Small on purpose: the staging table uses only the types of
 * {@link PgType}, so a library for the general case would add weight without adding anything. A column carrying an
 * unsigned integer's bits ({@link Column.Conversion#UNSIGNED_BITS_TO_NUMERIC}) is encoded as the {@code numeric} it
 * is stored as (by PostgreSQL's driver), so the same bytes fit the staging table and the target table.
 *
 * <p>Bytes accumulate in chunks that grow from the initial capacity up to {@value #MAX_CHUNK} bytes each, so that a
 * batch of 100,000 rows encoded ahead of its {@code COPY} is never copied into ever larger arrays nor held in one
 * large array; {@link #copyTo(Sink)} hands the chunks over.
 */
public final class BinaryCopyEncoder {
    /** Where encoded bytes go (in production {@code org.postgresql.copy.CopyIn#writeToCopy}). */
    @FunctionalInterface
    public interface Sink {
        void write(byte[] buffer, int offset, int length) throws java.sql.SQLException;
    }

    private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0};

    /** Largest chunk allocated (a single value larger than this gets a chunk of its own size). */
    static final int MAX_CHUNK = 1 << 20;

    private static final BigInteger TWO_POW_64 = BigInteger.ONE.shiftLeft(64);

    private final PgType[] types;
    /** Columns whose int8 value is an unsigned integer's bits, encoded as numeric. */
    private final boolean[] unsigned;
    /** A filled chunk: its array and how much of it holds bytes. */
    private record Chunk(byte[] bytes, int length) {
    }

    /** Chunks filled before {@link #buf}. */
    private final List<Chunk> sealed = new ArrayList<>();
    private int sealedBytes;
    private byte[] buf;
    private int pos;

    public BinaryCopyEncoder(List<Column> columns, int initialCapacity) {
        this.types = new PgType[columns.size()];
        this.unsigned = new boolean[columns.size()];
        for (int i = 0; i < types.length; i++) {
            types[i] = columns.get(i).type();
            unsigned[i] = columns.get(i).conversion() == Column.Conversion.UNSIGNED_BITS_TO_NUMERIC;
        }
        this.buf = new byte[Math.max(64, initialCapacity)];
    }

    public void writeHeader() {
        ensure(SIGNATURE.length + 8);
        System.arraycopy(SIGNATURE, 0, buf, pos, SIGNATURE.length);
        pos += SIGNATURE.length;
        putInt(0); // flags
        putInt(0); // header extension length
    }

    /** One row; {@code null} values are SQL NULL. */
    public void writeRow(Object[] row) {
        if (row.length != types.length) {
            throw new IllegalArgumentException("row has " + row.length + " values for " + types.length + " columns");
        }
        ensure(2);
        putShort((short) types.length);
        for (int i = 0; i < types.length; i++) {
            Object v = row[i];
            if (v == null) {
                ensure(4);
                putInt(-1);
                continue;
            }
            if (unsigned[i]) {
                writeBytes(unsignedNumeric((Long) v));
                continue;
            }
            switch (types[i]) {
                case INT8:
                    ensure(12);
                    putInt(8);
                    putLong((Long) v);
                    break;
                case INT4:
                    ensure(8);
                    putInt(4);
                    putInt(Math.toIntExact((Long) v));
                    break;
                case INT2:
                    ensure(6);
                    putInt(2);
                    putShort((Short) v);
                    break;
                case FLOAT8:
                    ensure(12);
                    putInt(8);
                    putLong(Double.doubleToRawLongBits((Double) v));
                    break;
                case BOOL:
                    ensure(5);
                    putInt(1);
                    buf[pos++] = (byte) (((Boolean) v) ? 1 : 0);
                    break;
                case TIMESTAMPTZ:
                    ensure(12);
                    putInt(8);
                    putLong(TimeSplit.toPgBinary((Long) v));
                    break;
                case TEXT:
                    writeBytes(((String) v).getBytes(StandardCharsets.UTF_8));
                    break;
                default:
                    throw new IllegalStateException("unhandled type " + types[i]);
            }
        }
    }

    /** A length-prefixed value. */
    private void writeBytes(byte[] bytes) {
        ensure(4 + bytes.length);
        putInt(bytes.length);
        System.arraycopy(bytes, 0, buf, pos, bytes.length);
        pos += bytes.length;
    }

    /** The binary {@code numeric} of the unsigned 64-bit integer with these bits. */
    static byte[] unsignedNumeric(long bits) {
        BigInteger value = BigInteger.valueOf(bits);
        return ByteConverter.numeric(new BigDecimal(bits < 0 ? value.add(TWO_POW_64) : value));
    }

    public void writeTrailer() {
        ensure(2);
        putShort((short) -1);
    }

    /** Bytes encoded. */
    public int pending() {
        return sealedBytes + pos;
    }

    /**
     * Hands over every byte encoded so far, chunk by chunk, and keeps them: a {@code COPY} that failed can be sent
     * again elsewhere.
     */
    public void copyTo(Sink sink) throws java.sql.SQLException {
        for (Chunk chunk : sealed) {
            sink.write(chunk.bytes(), 0, chunk.length());
        }
        if (pos > 0) {
            sink.write(buf, 0, pos);
        }
    }

    /** A copy of the bytes encoded (for tests). */
    public byte[] pendingBytes() {
        byte[] out = new byte[pending()];
        int at = 0;
        for (Chunk chunk : sealed) {
            System.arraycopy(chunk.bytes(), 0, out, at, chunk.length());
            at += chunk.length();
        }
        System.arraycopy(buf, 0, out, at, pos);
        return out;
    }

    /** Room for n more bytes in the current chunk: a full chunk is sealed and a larger one started. */
    private void ensure(int n) {
        if (pos + n > buf.length) {
            if (pos == 0) {
                buf = new byte[Math.max(buf.length, n)];
                return;
            }
            sealed.add(new Chunk(buf, pos));
            sealedBytes += pos;
            buf = new byte[Math.max(Math.min(MAX_CHUNK, buf.length * 2), n)];
            pos = 0;
        }
    }

    private void putInt(int v) {
        buf[pos++] = (byte) (v >>> 24);
        buf[pos++] = (byte) (v >>> 16);
        buf[pos++] = (byte) (v >>> 8);
        buf[pos++] = (byte) v;
    }

    private void putShort(short v) {
        buf[pos++] = (byte) (v >>> 8);
        buf[pos++] = (byte) v;
    }

    private void putLong(long v) {
        putInt((int) (v >>> 32));
        putInt((int) v);
    }
}
