package dev.nabla.data.csv;

/**
 * Malformed or unusable CSV input. The message names the file, the line (1-based, the header is
 * line 1) and the column where known; so do {@link #file()}, {@link #line()} and {@link #column()}.
 */
public final class CsvFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final String file;
    private final int line;
    private final int column;

    /** A problem at {@code line} and {@code column} (1-based; 0 where not applicable). */
    public CsvFormatException(String file, int line, int column, String columnName, String problem) {
        super(location(file, line, column, columnName) + ": " + problem);
        this.file = file;
        this.line = line;
        this.column = column;
    }

    private static String location(String file, int line, int column, String columnName) {
        StringBuilder sb = new StringBuilder(file);
        if (line > 0) {
            sb.append(", line ").append(line);
        }
        if (column > 0) {
            sb.append(", column ").append(column);
            if (columnName != null) {
                sb.append(" (").append(columnName).append(')');
            }
        }
        return sb.toString();
    }

    /** {@code 'field'} for a message, cut to its first 40 characters if longer (and saying so). */
    static String quote(String field) {
        int max = 40;
        return field.length() <= max ? "'" + field + "'"
                : "'" + field.substring(0, max) + "...' (" + field.length() + " characters)";
    }

    /** The file (or source) name. */
    public String file() {
        return file;
    }

    /** The 1-based line, or 0. */
    public int line() {
        return line;
    }

    /** The 1-based column, or 0. */
    public int column() {
        return column;
    }
}
