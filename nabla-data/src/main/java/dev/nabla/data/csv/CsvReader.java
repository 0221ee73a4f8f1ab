package dev.nabla.data.csv;

import dev.nabla.backend.Backends;
import dev.nabla.backend.DType;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * Reads a CSV file into a feature matrix and a target chosen by column name.
 *
 * <pre>{@code
 * CsvData data = new CsvReader()
 *         .target("median_house_value")
 *         .categorical("ocean_proximity")          // one-hot encoded
 *         .missing(MissingValues.DROP)
 *         .read(Path.of("housing.csv"));
 * CsvData test = new CsvReader().target("median_house_value").categorical("ocean_proximity")
 *         .using(data.encoding())                  // same categories and fill values
 *         .read(Path.of("housing-test.csv"));
 * }</pre>
 *
 * <p>The first non-blank line is the header (unless {@link #noHeader} names the columns); blank
 * lines are skipped; fields may be quoted. Features default to every column except the target.
 * Numeric columns must hold numbers; {@code categorical} columns are one-hot encoded as features
 * and label-encoded as the target; {@code labelEncoded} feature columns become one column of class
 * indices. Missing values (empty, {@code NA}, {@code NaN}) are handled by {@link MissingValues}.
 * Every error names the file, line and column. A {@code .gz} file is decompressed.
 */
public final class CsvReader {
    private char delimiter = ',';
    private String target;
    private List<String> features;
    private final Set<String> categorical = new LinkedHashSet<>();
    private final Set<String> labelEncoded = new LinkedHashSet<>();
    private MissingValues missing = MissingValues.ERROR;
    private List<String> columnNames;
    private CsvEncoding using = CsvEncoding.empty();
    private DType dtype;
    private String missingHint = "choose missing(MissingValues.DROP) or missing(MissingValues.MEAN_IMPUTE) to handle"
            + " missing values";
    private java.util.function.Function<String, String> nonNumericHint =
            name -> "if the column holds categories, name it in categorical(\"" + name + "\")";

    /** The column to predict (optional). */
    public CsvReader target(String column) {
        this.target = column;
        return this;
    }

    /** The feature columns, in this order (default: all but the target, in file order). */
    public CsvReader features(String... columns) {
        this.features = List.of(columns);
        return this;
    }

    /** Columns holding categories: one-hot encoded as features, label-encoded as the target. */
    public CsvReader categorical(String... columns) {
        categorical.addAll(List.of(columns));
        return this;
    }

    /** Feature columns to encode as one column of class indices {@code 0..K-1} rather than one-hot. */
    public CsvReader labelEncoded(String... columns) {
        labelEncoded.addAll(List.of(columns));
        return this;
    }

    /** What to do with missing values (default {@link MissingValues#ERROR}). */
    public CsvReader missing(MissingValues policy) {
        this.missing = policy;
        return this;
    }

    /**
     * What the error for a missing value under {@link MissingValues#ERROR} suggests (default: the
     * {@link #missing} policies), e.g. a command line's own option.
     */
    public CsvReader missingHint(String hint) {
        this.missingHint = hint;
        return this;
    }

    /**
     * What the error for a non-number in a numeric column suggests, given the column's name
     * (default: naming it in {@link #categorical}), e.g. a command line's own option.
     */
    public CsvReader nonNumericHint(java.util.function.Function<String, String> hint) {
        this.nonNumericHint = hint;
        return this;
    }

    /** The field separator (default {@code ','}). */
    public CsvReader delimiter(char delimiter) {
        this.delimiter = delimiter;
        return this;
    }

    /** The file has no header row; these are its column names. */
    public CsvReader noHeader(String... columnNames) {
        this.columnNames = List.of(columnNames);
        return this;
    }

    /** Reapplies encoders and fill values fitted on another file instead of fitting new ones. */
    public CsvReader using(CsvEncoding encoding) {
        this.using = encoding;
        return this;
    }

    /** The float type of the features (and of a numeric target); default: the default backend's. */
    public CsvReader dtype(DType dtype) {
        if (!dtype.isFloatingPoint()) {
            throw new IllegalArgumentException("CsvReader: dtype must be a float type, got " + dtype.shortName());
        }
        this.dtype = dtype;
        return this;
    }

    /** Reads {@code file} (UTF-8; gzip if its name ends in {@code .gz}). */
    public CsvData read(Path file) {
        try (InputStream raw = Files.newInputStream(file);
             InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw) {
            // REPORT, not the default REPLACE: a binary or Latin-1 file is refused rather than read as U+FFFD
            return read(new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                    .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)), file.toString());
        } catch (java.util.zip.ZipException e) {
            throw new UncheckedIOException("CsvReader: " + file + " is not valid gzip data, though its name ends in .gz ("
                    + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new UncheckedIOException("CsvReader: cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads CSV text from {@code in}; {@code source} names it in error messages. */
    public CsvData read(Reader in, String source) {
        int[] lineNo = {0};
        try {
            BufferedReader br = in instanceof BufferedReader b ? b : new BufferedReader(in, 1 << 16);
            List<String> header = columnNames != null ? columnNames : readHeader(br, source, lineNo);
            DType type = dtype != null ? dtype : Backends.getDefault().floatType();
            List<Column> columns = select(header, source, type == DType.FLOAT64);
            BitSet incomplete = new BitSet();
            int[] lines = readRows(br, source, lineNo, header.size(), columns, incomplete);
            return CsvAssembler.assemble(source, columns, lines, incomplete, missing, using, type);
        } catch (java.nio.charset.CharacterCodingException e) { // read ahead in blocks: the line is a lower bound
            throw new CsvFormatException(source, 0, 0, null, "not UTF-8 text at or after line " + (lineNo[0] + 1)
                    + " (a binary file, or another encoding? save it as UTF-8)");
        } catch (java.io.EOFException e) { // a compressed stream that ends before its trailer
            throw new UncheckedIOException("CsvReader: " + source + " is cut off: its compressed data ends early "
                    + "(copy or download it again)", e);
        } catch (IOException e) {
            throw new UncheckedIOException("CsvReader: cannot read " + source + ": " + e.getMessage(), e);
        }
    }

    private List<String> readHeader(BufferedReader br, String source, int[] lineNo) throws IOException {
        String line;
        while ((line = br.readLine()) != null) {
            lineNo[0]++;
            if (!line.isBlank()) {
                if (lineNo[0] == 1 && line.startsWith("\uFEFF")) {
                    line = line.substring(1);
                }
                return CsvLine.split(line, delimiter, source, lineNo[0]);
            }
        }
        throw new CsvFormatException(source, 0, 0, null, "the file is empty (expected a header row)");
    }

    private List<Column> select(List<String> header, String source, boolean wide) {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            if (index.put(header.get(i), i) != null) {
                throw new CsvFormatException(source, 1, i + 1, header.get(i), "duplicate column name in the header");
            }
        }
        if (features != null && target != null && features.contains(target)) {
            throw new CsvFormatException(source, 0, 0, null, "the target column '" + target
                    + "' is also named as a feature; a model must not see its target");
        }
        if (features != null && new java.util.HashSet<>(features).size() < features.size()) {
            throw new CsvFormatException(source, 0, 0, null, "a feature column is named twice in features("
                    + String.join(", ", features) + ")");
        }
        List<String> names = features != null ? features
                : header.stream().filter(h -> !h.equals(target)).toList();
        List<Column> columns = new ArrayList<>();
        for (String name : names) {
            columns.add(column(name, index, header, source, false, wide));
        }
        if (target != null) {
            columns.add(column(target, index, header, source, true, wide));
        }
        for (String c : concat(categorical, labelEncoded)) {
            if (columns.stream().noneMatch(col -> col.name.equals(c))) {
                throw unknown(c, header, source, "categorical column");
            }
        }
        return columns;
    }

    private Column column(String name, Map<String, Integer> index, List<String> header, String source, boolean isTarget,
                          boolean wide) {
        Integer i = index.get(name);
        if (i == null) {
            throw unknown(name, header, source, isTarget ? "target column" : "feature column");
        }
        Column.Kind kind = isTarget ? (categorical.contains(name) || labelEncoded.contains(name) ? Column.Kind.LABEL : Column.Kind.NUMERIC)
                : labelEncoded.contains(name) ? Column.Kind.LABEL
                : categorical.contains(name) ? Column.Kind.ONE_HOT : Column.Kind.NUMERIC;
        return new Column(name, i + 1, kind, isTarget, wide, nonNumericHint.apply(name));
    }

    private static CsvFormatException unknown(String name, List<String> header, String source, String what) {
        return new CsvFormatException(source, 0, 0, null, "no " + what + " named '" + name
                + "'; the columns are: " + String.join(", ", header));
    }

    private static List<String> concat(Set<String> a, Set<String> b) {
        List<String> l = new ArrayList<>(a);
        l.addAll(b);
        return l;
    }

    private int[] readRows(BufferedReader br, String source, int[] lineNo, int width, List<Column> columns,
                           BitSet incomplete) throws IOException {
        int[] lines = new int[1024];
        int rows = 0;
        String line;
        while ((line = br.readLine()) != null) {
            lineNo[0]++;
            if (line.isBlank()) {
                continue;
            }
            List<String> fields = CsvLine.split(line, delimiter, source, lineNo[0]);
            if (fields.size() != width) {
                int col = Math.min(fields.size(), width) + 1;
                throw new CsvFormatException(source, lineNo[0], col, null, "expected " + width
                        + " fields (as in the header) but found " + fields.size());
            }
            for (Column c : columns) {
                if (!c.add(fields.get(c.number - 1), source, lineNo[0])) {
                    onMissing(c, source, lineNo[0], fields.get(c.number - 1));
                    incomplete.set(rows);
                }
            }
            if (rows == lines.length) {
                lines = Arrays.copyOf(lines, rows * 2);
            }
            lines[rows++] = lineNo[0];
        }
        return Arrays.copyOf(lines, rows);
    }

    private void onMissing(Column c, String source, int line, String field) {
        String shown = field.isEmpty() ? "an empty field" : CsvFormatException.quote(field);
        if (missing == MissingValues.ERROR) {
            throw new CsvFormatException(source, line, c.number, c.name, "missing value (" + shown + "); " + missingHint);
        }
        if (missing == MissingValues.MEAN_IMPUTE && (c.target || !c.numeric())) {
            throw new CsvFormatException(source, line, c.number, c.name, "missing value (" + shown + ") in a "
                    + (c.target ? "target" : "categorical") + " column cannot be mean-imputed; use missing(MissingValues.DROP)");
        }
    }
}
