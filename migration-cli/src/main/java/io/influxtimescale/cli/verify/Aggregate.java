package io.influxtimescale.cli.verify;

import java.math.BigInteger;
import java.util.Objects;

import io.influxtimescale.contract.FieldType;

/**
 * The summary of one bucket that both sides compute: count, and min, max and sum for numbers or first and last (by
 * time) for strings and booleans. Values are Double, Long, BigInteger (unsigned, integer sums), String or Boolean.
 */
public record Aggregate(long count, Object min, Object max, Object sum, Object first, Object last) {
    private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);

    public static Aggregate numeric(long count, Object min, Object max, Object sum) {
        return new Aggregate(count, min, max, sum, null, null);
    }

    public static Aggregate ordered(long count, Object first, Object last) {
        return new Aggregate(count, null, null, null, first, last);
    }

    /**
     * Whether two buckets agree. Everything must be equal exactly (floats by their bits, so 0.0 and -0.0 differ)
     * except two sums: float sums may differ in their last bits because the servers add in different orders, and
     * integer sums are compared modulo 2^64, because InfluxDB adds int64 with wrap-around where PostgreSQL is exact.
     */
    public boolean matches(Aggregate other, FieldType type) {
        if (count != other.count) {
            return false;
        }
        if (type == FieldType.STRING || type == FieldType.BOOLEAN) {
            return Objects.equals(first, other.first) && Objects.equals(last, other.last);
        }
        return same(min, other.min) && same(max, other.max) && sumsMatch(sum, other.sum, type);
    }

    private static boolean same(Object a, Object b) {
        if (a instanceof Double && b instanceof Double) {
            return Double.doubleToLongBits((Double) a) == Double.doubleToLongBits((Double) b);
        }
        if (a instanceof Number && b instanceof Number && !(a instanceof Double) && !(b instanceof Double)) {
            return integer(a).equals(integer(b));
        }
        return Objects.equals(a, b);
    }

    private static boolean sumsMatch(Object a, Object b, FieldType type) {
        if (a == null || b == null) {
            return a == b;
        }
        if (type == FieldType.FLOAT) {
            double x = ((Number) a).doubleValue();
            double y = ((Number) b).doubleValue();
            if (Double.isInfinite(x) || Double.isInfinite(y) || Double.isNaN(x) || Double.isNaN(y)) {
                return Double.compare(x, y) == 0;
            }
            return Math.abs(x - y) <= 1e-9 * Math.max(1.0, Math.max(Math.abs(x), Math.abs(y)));
        }
        return integer(a).mod(TWO_64).equals(integer(b).mod(TWO_64));
    }

    private static BigInteger integer(Object n) {
        if (n instanceof BigInteger) {
            return (BigInteger) n;
        }
        if (n instanceof java.math.BigDecimal) {
            return ((java.math.BigDecimal) n).toBigIntegerExact();
        }
        return BigInteger.valueOf(((Number) n).longValue());
    }

    /** Merges the summaries of two adjacent pieces of one bucket; {@code this} is the earlier piece. */
    public Aggregate merge(Aggregate later, FieldType type) {
        if (type == FieldType.STRING || type == FieldType.BOOLEAN) {
            return ordered(count + later.count, first != null ? first : later.first,
                    later.last != null ? later.last : last);
        }
        return numeric(count + later.count, pick(min, later.min, true), pick(max, later.max, false),
                add(sum, later.sum, type));
    }

    private static Object pick(Object a, Object b, boolean lower) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        int c = a instanceof Double ? Double.compare((Double) a, (Double) b) : integer(a).compareTo(integer(b));
        return (lower ? c <= 0 : c >= 0) ? a : b;
    }

    private static Object add(Object a, Object b, FieldType type) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return type == FieldType.FLOAT ? (Object) (((Number) a).doubleValue() + ((Number) b).doubleValue())
                : integer(a).add(integer(b));
    }

    @Override
    public String toString() {
        return "count=" + count + (first != null || last != null ? " first=" + show(first) + " last=" + show(last)
                : " min=" + show(min) + " max=" + show(max) + " sum=" + show(sum));
    }

    private static String show(Object v) {
        if (v instanceof String && ((String) v).length() > 40) {
            return "'" + ((String) v).substring(0, 40) + "...' (" + ((String) v).length() + " chars)";
        }
        return v instanceof String ? "'" + v + "'" : String.valueOf(v);
    }
}
