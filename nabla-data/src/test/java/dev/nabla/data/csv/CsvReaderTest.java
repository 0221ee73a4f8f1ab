package dev.nabla.data.csv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.backend.DType;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvReaderTest {
    static final String HOUSES = """
            rooms,area,city,price
            3,70.5,Paris,300
            4,"90",Lyon,250
            2,45,Paris,180
            """;

    static CsvData read(CsvReader r, String text) {
        return r.read(new StringReader(text), "houses.csv");
    }

    static CsvFormatException error(CsvReader r, String text) {
        return assertThrows(CsvFormatException.class, () -> read(r, text));
    }

    /** Numbers a float32 cannot hold, or that are not finite, are refused with line and column. */
    @Test
    void infiniteAndOutOfRangeNumbersAreRefusedWhereTheyAre() {
        for (String bad : List.of("Infinity", "-Infinity", "1e999", "3.5e38", "-1e39")) {
            CsvFormatException e = error(new CsvReader().target("y").dtype(DType.FLOAT32), "x,y\n1,2\n" + bad + ",3\n");
            assertEquals(3, e.line(), bad);
            assertEquals(1, e.column(), bad);
            assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
        }
        for (String inf : List.of("Inf", "-inf", "+Infinity", "INF")) {
            CsvFormatException e = error(new CsvReader().target("y"), "x,y\n1,2\n" + inf + ",3\n");
            assertEquals("houses.csv, line 3, column 1 (x): the value '" + inf + "' is infinite; only finite numbers"
                    + " can be used (an empty cell marks a missing value)", e.getMessage());
        }
        // float64 holds 3.5e38 but not 1e999
        assertEquals(3.5e38, read(new CsvReader().target("y").dtype(DType.FLOAT64), "x,y\n3.5e38,1\n")
                .features().item(), 0.0);
        assertEquals(2, error(new CsvReader().target("y").dtype(DType.FLOAT64), "x,y\n1,2\n3,1e999\n").column());
    }

    /** A binary or Latin-1 file is refused, not read as replacement characters (nor echoed to the terminal). */
    @Test
    void aFileThatIsNotUtf8IsRefused(@TempDir Path dir) throws IOException {
        Path f = java.nio.file.Files.write(dir.resolve("latin1.csv"), "x,y\n1,2\ncaf\u00e9,3\n"
                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        CsvFormatException e = assertThrows(CsvFormatException.class, () -> new CsvReader().target("y").read(f));
        assertEquals(f + ": not UTF-8 text at or after line 1 (a binary file, or another encoding? save it as UTF-8)",
                e.getMessage());
    }

    /** A 10 MB field is not echoed whole in an error. */
    @Test
    void aHugeBadFieldIsShortenedInTheMessage() {
        String huge = "z".repeat(10_000_000);
        CsvFormatException e = error(new CsvReader().target("y"), "x,y\n" + huge + ",1\n");
        assertTrue(e.getMessage().length() < 300, "message of " + e.getMessage().length() + " characters");
        assertTrue(e.getMessage().contains("(10000000 characters)"), e.getMessage());
    }

    @Test
    void aFeatureCannotBeNamedTwice() {
        CsvFormatException e = error(new CsvReader().features("rooms", "rooms").target("price"), HOUSES);
        assertEquals("houses.csv: a feature column is named twice in features(rooms, rooms)", e.getMessage());
    }

    @Test
    void theTargetCannotAlsoBeAFeature() {
        CsvFormatException e = error(new CsvReader().features("rooms", "price").target("price"), HOUSES);
        assertTrue(e.getMessage().contains("target column 'price' is also named as a feature"), e.getMessage());
    }

    @Test
    void theMissingValueHintCanNameTheCallersOwnOption() {
        CsvFormatException e = error(new CsvReader().target("t").missingHint("use --missing drop"), "a,t\n,1\n");
        assertTrue(e.getMessage().endsWith("missing value (an empty field); use --missing drop"), e.getMessage());
    }

    @Test
    void featuresAndTargetByNameWithOneHotCategories() {
        CsvData d = read(new CsvReader().target("price").categorical("city").dtype(DType.FLOAT32), HOUSES);
        assertEquals(List.of("rooms", "area", "city=Lyon", "city=Paris"), d.featureNames());
        assertArrayEquals(new int[] {3, 4}, d.features().shape());
        assertArrayEquals(new float[] {3, 70.5f, 0, 1, 4, 90, 1, 0, 2, 45, 0, 1}, d.features().toFloatArray());
        assertArrayEquals(new int[] {3, 1}, d.target().shape());
        assertArrayEquals(new float[] {300, 250, 180}, d.target().toFloatArray());
        assertEquals("price", d.targetName());
        assertEquals(List.of("Lyon", "Paris"), d.encoding().oneHot().get("city").categories());
    }

    @Test
    void chosenFeaturesInGivenOrderAndALabelEncodedTarget() {
        CsvData d = read(new CsvReader().features("area", "rooms").target("city").categorical("city"), HOUSES);
        assertEquals(List.of("area", "rooms"), d.featureNames());
        assertArrayEquals(new float[] {70.5f, 3, 90, 4, 45, 2}, d.features().toFloatArray());
        assertEquals(DType.INT64, d.target().dtype());
        assertArrayEquals(new long[] {1, 0, 1}, d.target().toLongArray());
        assertEquals(List.of("Lyon", "Paris"), d.encoding().labels().get("city").classes());
    }

    @Test
    void labelEncodedFeatureIsOneColumnOfIndices() {
        CsvData d = read(new CsvReader().target("price").labelEncoded("city"), HOUSES);
        assertEquals(List.of("rooms", "area", "city"), d.featureNames());
        assertArrayEquals(new float[] {1, 0, 1}, d.features().slice(1, 2, 3).contiguous().toFloatArray());
    }

    @Test
    void unknownColumnListsTheAvailableOnes() {
        CsvFormatException e = error(new CsvReader().target("cost"), HOUSES);
        assertEquals("houses.csv: no target column named 'cost'; the columns are: rooms, area, city, price", e.getMessage());
        e = error(new CsvReader().features("rooms", "size").target("price"), HOUSES);
        assertTrue(e.getMessage().contains("no feature column named 'size'"), e.getMessage());
    }

    @Test
    void nonNumericValueNamesFileLineAndColumn() {
        CsvFormatException e = error(new CsvReader().target("price"), HOUSES);
        assertEquals(2, e.line());
        assertEquals(3, e.column());
        assertTrue(e.getMessage().startsWith("houses.csv, line 2, column 3 (city): expected a number but found 'Paris'"),
                e.getMessage());
        e = error(new CsvReader().target("b"), "a,b\n1,2\n1,2x\n");
        assertTrue(e.getMessage().startsWith("houses.csv, line 3, column 2 (b): expected a number but found '2x'"), e.getMessage());
        e = error(new CsvReader().target("b"), "a,b\n1,2d\n");
        assertEquals(2, e.column(), "Java's 2d is not a CSV number");
    }

    @Test
    void wrongNumberOfFieldsIsReported() {
        CsvFormatException e = error(new CsvReader().target("b"), "a,b,c\n1,2,3\n\n4,5\n");
        assertEquals(4, e.line());
        assertEquals(3, e.column());
        assertTrue(e.getMessage().contains("expected 3 fields (as in the header) but found 2"), e.getMessage());
        e = error(new CsvReader(), "a,b\n1,\"2\n");
        assertTrue(e.getMessage().contains("line 2, column 2: unterminated quoted field"), e.getMessage());
    }

    static final String GAPS = """
            x,y,t
            1,NA,10
            2,4,
            3,,30
            NaN,8,40
            5,6,50
            """;

    @Test
    void missingValuesAreAnErrorByDefault() {
        CsvFormatException e = error(new CsvReader().target("t"), GAPS);
        assertEquals(2, e.line());
        assertEquals(2, e.column());
        assertTrue(e.getMessage().contains("missing value ('NA')") && e.getMessage().contains("MissingValues.DROP"),
                e.getMessage());
    }

    @Test
    void dropLeavesOutIncompleteRows() {
        CsvData d = read(new CsvReader().target("t").missing(MissingValues.DROP), GAPS);
        assertEquals(1, d.size());
        assertEquals(4, d.droppedRows());
        assertArrayEquals(new float[] {5, 6}, d.features().toFloatArray());
        assertArrayEquals(new float[] {50}, d.target().toFloatArray());
    }

    @Test
    void meanImputeFillsFeaturesButNotTheTarget() {
        CsvFormatException e = error(new CsvReader().target("t").missing(MissingValues.MEAN_IMPUTE), GAPS);
        assertEquals(3, e.line());
        assertTrue(e.getMessage().contains("target column cannot be mean-imputed"), e.getMessage());
        String noTargetGap = GAPS.replace("2,4,\n", "2,4,20\n");
        CsvData d = read(new CsvReader().target("t").missing(MissingValues.MEAN_IMPUTE), noTargetGap);
        // x mean over 1,2,3,5 = 2.75; y mean over 4,8,6 = 6
        assertArrayEquals(new float[] {1, 6, 2, 4, 3, 6, 2.75f, 8, 5, 6}, d.features().toFloatArray());
        assertEquals(2.75, d.encoding().fillValues().get("x"));
        // reapplied: the fill values of the first file, not this file's means
        CsvData test = read(new CsvReader().target("t").missing(MissingValues.MEAN_IMPUTE).using(d.encoding()),
                "x,y,t\n,100,1\n7,,2\n");
        assertArrayEquals(new float[] {2.75f, 100, 7, 6}, test.features().toFloatArray());
    }

    @Test
    void fittedEncodersAreReappliedAndUnknownCategoriesRefused() {
        CsvData train = read(new CsvReader().target("price").categorical("city"), HOUSES);
        CsvReader again = new CsvReader().target("price").categorical("city").using(train.encoding());
        CsvData test = read(again, "rooms,area,city,price\n1,20,Lyon,90\n");
        assertArrayEquals(new float[] {1, 20, 1, 0}, test.features().toFloatArray(), "two indicators, as in training");
        CsvFormatException e = error(again, "rooms,area,city,price\n1,20,Lyon,90\n2,30,Nice,95\n");
        assertEquals(3, e.line());
        assertEquals(3, e.column());
        assertTrue(e.getMessage().contains("unknown category 'Nice'; known: [Lyon, Paris]"), e.getMessage());
    }

    @Test
    void quotingHeaderlessFilesAndNoTarget() {
        CsvData d = read(new CsvReader().noHeader("name", "v").categorical("name"), "\"a, b\",1\n\"say \"\"hi\"\"\",2\n");
        assertEquals(List.of("name=a, b", "name=say \"hi\"", "v"), d.featureNames());
        assertNull(d.target());
        assertThrows(IllegalStateException.class, d::toDataset);
    }

    @Test
    void readsGzipFilesAndNamesThemInErrors(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("t.csv.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(f))) {
            out.write("a,b\n1,2\n3,oops\n".getBytes(StandardCharsets.UTF_8));
        }
        CsvFormatException e = assertThrows(CsvFormatException.class, () -> new CsvReader().target("b").read(f));
        assertTrue(e.getMessage().startsWith(f + ", line 3, column 2 (b)"), e.getMessage());
        Path good = dir.resolve("good.csv.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(good))) {
            out.write("a,b\n1,2\n3,4\n".getBytes(StandardCharsets.UTF_8));
        }
        assertArrayEquals(new float[] {2, 4}, new CsvReader().target("b").read(good).target().toFloatArray());
    }

    @Test
    void aTruncatedOrFakeGzipFileIsNamedForWhatItIs(@TempDir Path dir) throws IOException {
        Path full = dir.resolve("full.csv.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(full))) {
            out.write("a,b\n1,2\n3,4\n".repeat(1000).getBytes(StandardCharsets.UTF_8));
        }
        byte[] bytes = Files.readAllBytes(full);
        Path cut = Files.write(dir.resolve("cut.csv.gz"), java.util.Arrays.copyOf(bytes, bytes.length / 2));
        var e = assertThrows(java.io.UncheckedIOException.class, () -> new CsvReader().target("b").read(cut));
        assertTrue(e.getMessage().startsWith("CsvReader: " + cut + " is cut off"), e.getMessage());
        Path plain = Files.writeString(dir.resolve("plain.csv.gz"), "a,b\n1,2\n");
        e = assertThrows(java.io.UncheckedIOException.class, () -> new CsvReader().target("b").read(plain));
        assertTrue(e.getMessage().startsWith("CsvReader: " + plain + " is not valid gzip data"), e.getMessage());
    }
}
