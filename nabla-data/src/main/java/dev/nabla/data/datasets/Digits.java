package dev.nabla.data.datasets;

import dev.nabla.backend.Backends;
import dev.nabla.backend.DType;
import dev.nabla.data.TabularData;
import dev.nabla.data.csv.CsvData;
import dev.nabla.data.csv.CsvReader;
import dev.nabla.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * scikit-learn's digits ({@code load_digits}): 1 797 handwritten digits as 8×8 images of counts
 * 0–16, from the UCI optical recognition data; the file {@code digits.csv.gz} has 64 pixel columns
 * and the label, no header.
 *
 * <p>Source: the file shipped inside scikit-learn, {@value #URL}.
 */
public final class Digits {
    /** The file in scikit-learn's repository. */
    public static final String URL =
            "https://raw.githubusercontent.com/scikit-learn/scikit-learn/main/sklearn/datasets/data/digits.csv.gz";
    static final String CONTENT_SHA256 = "6ebb3d2fee246a4e99363262ddf8a00a3c41bee6014c373ed9d9216ba7f651b8";
    static final RemoteFile ARCHIVE = new RemoteFile("digits.csv.gz", RemoteFile.uris(URL),
            "46abec6b12486ad9e51943373abcf22bbea1b5a51a1619b361570d8893f1464a", RemoteFile.Packing.gzip(), CONTENT_SHA256);
    static final RemoteFile PLAIN = RemoteFile.plain("digits.csv", CONTENT_SHA256);

    private Digits() {
    }

    /** The data from {@link DataStore#fromEnvironment()}. */
    public static TabularData load() {
        return load(DataStore.fromEnvironment());
    }

    /**
     * The data: features {@code [1797, 64]} (default float type, pixel counts 0–16, row-major),
     * target INT64 {@code [1797]} (digits 0–9).
     */
    public static TabularData load(DataStore store) {
        LocalFile file = store.fetch("scikit-learn digits", ARCHIVE, PLAIN);
        List<String> columns = new ArrayList<>(Pixels.names(8, 8));
        columns.add("target");
        CsvData raw;
        try (InputStream in = file.open()) {
            raw = new CsvReader().noHeader(columns.toArray(String[]::new)).target("target").dtype(DType.FLOAT64)
                    .read(new InputStreamReader(in, StandardCharsets.US_ASCII), file.path().toString());
        } catch (IOException e) {
            throw new UncheckedIOException("digits: cannot read " + file.path(), e);
        }
        Tensor y = raw.target().reshape(-1).to(DType.INT64);
        return new TabularData(raw.features().to(Backends.getDefault().floatType()), y, raw.featureNames(), "target");
    }
}
