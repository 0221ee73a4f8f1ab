package dev.nabla.data.csv;

import java.util.Arrays;

/**
 * The values of one selected column as they are read: numbers (NaN where missing) for a numeric
 * column, strings (null where missing) for a categorical one.
 */
final class Column {
    enum Kind { NUMERIC, ONE_HOT, LABEL }

    final String name;
    final int number;
    final Kind kind;
    final boolean target;
    private double[] numbers = new double[0];
    private String[] strings = new String[0];
    private int size;

    Column(String name, int number, Kind kind, boolean target) {
        this.name = name;
        this.number = number;
        this.kind = kind;
        this.target = target;
    }

    boolean numeric() {
        return kind == Kind.NUMERIC;
    }

    /** Appends a field; returns false if it is missing. */
    boolean add(String field, String file, int line) {
        boolean missing = isMissing(field);
        if (numeric()) {
            if (size == numbers.length) {
                numbers = Arrays.copyOf(numbers, Math.max(16, size * 2));
            }
            numbers[size++] = missing ? Double.NaN : parse(field, file, line);
        } else {
            if (size == strings.length) {
                strings = Arrays.copyOf(strings, Math.max(16, size * 2));
            }
            strings[size++] = missing ? null : field;
        }
        return !missing;
    }

    double number(int row) {
        return numbers[row];
    }

    String string(int row) {
        return strings[row];
    }

    static boolean isMissing(String field) {
        return field.isEmpty() || field.equalsIgnoreCase("NA") || field.equalsIgnoreCase("NaN");
    }

    private double parse(String field, String file, int line) {
        char last = field.charAt(field.length() - 1);
        if (Character.isDigit(last) || last == '.' || field.equals("Infinity") || field.equals("-Infinity")) {
            try {
                return Double.parseDouble(field);
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw new CsvFormatException(file, line, number, name, "expected a number but found '" + field
                + "'; if the column holds categories, name it in categorical(\"" + name + "\")");
    }
}
