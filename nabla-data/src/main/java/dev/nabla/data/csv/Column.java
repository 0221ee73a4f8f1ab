package dev.nabla.data.csv;

import java.util.Arrays;

/**
 * The values of one selected column as they are read: numbers (NaN where missing) for a numeric
 * column, strings (null where missing) for a categorical one.
 *
 * <p>Numbers are stored compactly while streaming, in blocks of {@value #BLOCK} values that are
 * never copied to grow: float32 unless the reader's dtype is float64. A number a float32 cannot
 * hold (beyond ±3.4e38) or that is not finite ({@code Infinity}, {@code 1e999}) is refused with
 * its line and column.
 */
final class Column {
    enum Kind { NUMERIC, ONE_HOT, LABEL }

    private static final int BLOCK = 1 << 14;
    private static final java.util.regex.Pattern INFINITY =
            java.util.regex.Pattern.compile("[+-]?(inf|infinity)", java.util.regex.Pattern.CASE_INSENSITIVE);
    private static final int SHIFT = Integer.numberOfTrailingZeros(BLOCK);

    final String name;
    final int number;
    final Kind kind;
    final boolean target;
    private final boolean wide;
    private final String nonNumericHint;
    private float[][] floats = new float[0][];
    private double[][] doubles = new double[0][];
    private String[] strings = new String[0];
    private int size;

    /** {@code wide}: keep numbers as float64 rather than float32; {@code nonNumericHint} ends the error for a non-number. */
    Column(String name, int number, Kind kind, boolean target, boolean wide, String nonNumericHint) {
        this.nonNumericHint = nonNumericHint;
        this.name = name;
        this.number = number;
        this.kind = kind;
        this.target = target;
        this.wide = wide;
    }

    boolean numeric() {
        return kind == Kind.NUMERIC;
    }

    /** Appends a field; returns false if it is missing. */
    boolean add(String field, String file, int line) {
        boolean missing = isMissing(field);
        if (numeric()) {
            store(missing ? Double.NaN : parse(field, file, line));
        } else {
            if (size == strings.length) {
                strings = Arrays.copyOf(strings, Math.max(16, size * 2));
            }
            strings[size++] = missing ? null : field;
        }
        return !missing;
    }

    private void store(double v) {
        int block = size >>> SHIFT;
        if (wide) {
            if (block == doubles.length) {
                doubles = Arrays.copyOf(doubles, Math.max(4, block * 2));
            }
            if (doubles[block] == null) {
                doubles[block] = new double[BLOCK];
            }
            doubles[block][size & (BLOCK - 1)] = v;
        } else {
            if (block == floats.length) {
                floats = Arrays.copyOf(floats, Math.max(4, block * 2));
            }
            if (floats[block] == null) {
                floats[block] = new float[BLOCK];
            }
            floats[block][size & (BLOCK - 1)] = (float) v;
        }
        size++;
    }

    double number(int row) {
        return wide ? doubles[row >>> SHIFT][row & (BLOCK - 1)] : floats[row >>> SHIFT][row & (BLOCK - 1)];
    }

    String string(int row) {
        return strings[row];
    }

    static boolean isMissing(String field) {
        return field.isEmpty() || field.equalsIgnoreCase("NA") || field.equalsIgnoreCase("NaN");
    }

    private double parse(String field, String file, int line) {
        char last = field.charAt(field.length() - 1);
        double v = Double.NaN;
        if (Character.isDigit(last) || last == '.') {
            try {
                v = Double.parseDouble(field);
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        if (Double.isNaN(v) && INFINITY.matcher(field).matches()) {
            throw new CsvFormatException(file, line, number, name, "the value " + CsvFormatException.quote(field)
                    + " is infinite; only finite numbers can be used (an empty cell marks a missing value)");
        }
        if (Double.isNaN(v)) {
            throw new CsvFormatException(file, line, number, name, "expected a number but found "
                    + CsvFormatException.quote(field) + "; " + nonNumericHint);
        }
        if (Double.isInfinite(v) || (!wide && Math.abs(v) > Float.MAX_VALUE)) {
            throw new CsvFormatException(file, line, number, name, "the number " + CsvFormatException.quote(field)
                    + " is beyond " + (wide ? "float64" : "float32") + "'s range (±"
                    + (wide ? Double.MAX_VALUE : Float.MAX_VALUE) + ")");
        }
        return v;
    }
}
