package dev.nabla.data.csv;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits one CSV line into fields (RFC 4180 quoting on one line: {@code "a, b"} and {@code ""}
 * for a quote). Unquoted fields are trimmed.
 */
final class CsvLine {
    private CsvLine() {
    }

    static List<String> split(String line, char delimiter, String file, int lineNo) {
        List<String> fields = new ArrayList<>();
        int i = 0;
        int n = line.length();
        while (true) {
            while (i < n && line.charAt(i) == ' ') {
                i++;
            }
            if (i < n && line.charAt(i) == '"') {
                StringBuilder sb = new StringBuilder();
                int start = i++;
                while (true) {
                    if (i >= n) {
                        throw new CsvFormatException(file, lineNo, fields.size() + 1, null,
                                "unterminated quoted field starting at character " + (start + 1)
                                        + " (fields spanning several lines are not supported)");
                    }
                    char c = line.charAt(i++);
                    if (c == '"') {
                        if (i < n && line.charAt(i) == '"') {
                            sb.append('"');
                            i++;
                        } else {
                            break;
                        }
                    } else {
                        sb.append(c);
                    }
                }
                while (i < n && line.charAt(i) == ' ') {
                    i++;
                }
                if (i < n && line.charAt(i) != delimiter) {
                    throw new CsvFormatException(file, lineNo, fields.size() + 1, null,
                            "unexpected text after a closing quote");
                }
                fields.add(sb.toString());
            } else {
                int end = line.indexOf(delimiter, i);
                if (end < 0) {
                    end = n;
                }
                fields.add(line.substring(i, end).strip());
                i = end;
            }
            if (i >= n) {
                return fields;
            }
            i++; // the delimiter
        }
    }
}
