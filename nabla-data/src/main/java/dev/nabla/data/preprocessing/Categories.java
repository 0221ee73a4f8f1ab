package dev.nabla.data.preprocessing;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The sorted distinct values of a categorical column and their indices. Values sort numerically
 * when all of them are numbers ("2" before "10"), else as strings, as NumPy's {@code unique} does
 * for a numeric or a string column.
 */
final class Categories {
    private final List<String> values;
    private final Map<String, Integer> index = new HashMap<>();

    Categories(List<String> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("no categories: the column has no values");
        }
        this.values = List.copyOf(values);
        for (int i = 0; i < this.values.size(); i++) {
            if (index.put(this.values.get(i), i) != null) {
                throw new IllegalArgumentException("duplicate category '" + this.values.get(i) + "'");
            }
        }
    }

    static Categories fit(Iterable<String> column) {
        List<String> seen = new ArrayList<>(new java.util.LinkedHashSet<String>(asList(column)));
        boolean numeric = seen.stream().allMatch(Categories::isNumber);
        Comparator<String> order = numeric
                ? Comparator.<String>comparingDouble(Double::parseDouble).thenComparing(Comparator.naturalOrder())
                : Comparator.naturalOrder();
        TreeSet<String> sorted = new TreeSet<>(order);
        sorted.addAll(seen);
        return new Categories(new ArrayList<>(sorted));
    }

    private static List<String> asList(Iterable<String> column) {
        List<String> l = new ArrayList<>();
        for (String s : column) {
            if (s == null) {
                throw new IllegalArgumentException("categorical values must not be null");
            }
            l.add(s);
        }
        return l;
    }

    private static boolean isNumber(String s) {
        if (s.isBlank()) {
            return false;
        }
        char last = s.charAt(s.length() - 1);
        try {
            Double.parseDouble(s);
            return Character.isDigit(last) || last == '.';
        } catch (NumberFormatException e) {
            return false;
        }
    }

    List<String> values() {
        return values;
    }

    int size() {
        return values.size();
    }

    int indexOf(String who, String value) {
        Integer i = index.get(value);
        if (i == null) {
            throw new IllegalArgumentException(who + ": unknown category '" + value + "'; known: " + preview());
        }
        return i;
    }

    String get(String who, long i) {
        if (i < 0 || i >= values.size()) {
            throw new IndexOutOfBoundsException(who + ": class index " + i + " is outside [0, " + values.size() + ")");
        }
        return values.get((int) i);
    }

    private String preview() {
        return values.size() <= 20 ? values.toString()
                : values.subList(0, 20) + " and " + (values.size() - 20) + " more";
    }
}
