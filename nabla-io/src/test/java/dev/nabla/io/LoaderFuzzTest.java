package dev.nabla.io;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.nabla.backend.DType;
import dev.nabla.tensor.Tensor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Feeds thousands of mutated files to the loaders. Each load must either return a complete result
 * or throw {@link FormatException}; anything else (another exception, an
 * {@link OutOfMemoryError} from trusting a size, a {@link StackOverflowError}) fails the test with
 * the seed and mutation that caused it. The surefire heap is kept small (256 MB) so that an
 * allocation sized from a corrupt header cannot go unnoticed.
 */
class LoaderFuzzTest {
    private static final long SEED = 0x5afe_7e45L;
    private static final Pattern NUMBER = Pattern.compile("-?\\d+");

    @TempDir
    Path dir;

    /** A loader under test; {@code via} picks bytes (0), stream (1) or file (2). */
    interface Loader {
        Object load(byte[] bytes, int via, Path scratch) throws IOException;
    }

    /** A named way to damage a file. */
    record Mutation(String name, java.util.function.BiFunction<byte[], Random, byte[]> apply) {
    }

    // ---- the loaders ---------------------------------------------------------------------

    private static Object safetensors(byte[] b, int via, Path scratch) throws IOException {
        Safetensors.Contents c = switch (via) {
            case 0 -> Safetensors.read(b);
            case 1 -> Safetensors.read(new ByteArrayInputStream(b));
            default -> Safetensors.read(write(scratch, b));
        };
        c.tensors().values().forEach(t -> assertNotNull(t.shape()));
        return c;
    }

    private static Object npy(byte[] b, int via, Path scratch) throws IOException {
        return switch (via) {
            case 0 -> Npy.read(b);
            case 1 -> Npy.read(new ByteArrayInputStream(b));
            default -> Npy.read(write(scratch, b));
        };
    }

    private static Object npz(byte[] b, int via, Path scratch) throws IOException {
        return switch (via) {
            case 0 -> Npz.read(b);
            case 1 -> Npz.read(new ByteArrayInputStream(b));
            default -> Npz.read(write(scratch, b));
        };
    }

    private static Path write(Path file, byte[] b) throws IOException {
        Files.write(file, b);
        return file;
    }

    // ---- the tests -----------------------------------------------------------------------

    @Test
    void safetensorsLoaderOnlyEverThrowsFormatException() throws Exception {
        Map<String, Tensor> many = new LinkedHashMap<>();
        Random rnd = new Random(1);
        many.put("a.weight", TestTensors.random(DType.FLOAT32, rnd, 3, 4));
        many.put("a.bias", TestTensors.random(DType.FLOAT64, rnd, 4));
        many.put("ids", TestTensors.random(DType.INT64, rnd, 5));
        many.put("mask", TestTensors.random(DType.BOOL, rnd, 2, 3));
        many.put("scalar", TestTensors.tensor(new float[] {2}));
        many.put("empty", Tensor.zeros(DType.FLOAT32, 0, 4));
        List<byte[]> seeds = List.of(
                Safetensors.toBytes(many, Map.of("format", "pt", "epoch", "3")),
                InteropFixturesTest.fixture("writable.safetensors"),
                InteropFixturesTest.fixture("readonly.safetensors"),
                Safetensors.toBytes(Map.of(), Map.of()));
        List<Mutation> mutations = new ArrayList<>(byteMutations());
        mutations.add(new Mutation("header length", LoaderFuzzTest::tamperSafetensorsLength));
        mutations.add(new Mutation("json number", (b, r) -> mutateHeader(b, r, LoaderFuzzTest::replaceNumber)));
        mutations.add(new Mutation("json dtype", (b, r) -> mutateHeader(b, r, LoaderFuzzTest::replaceDtype)));
        mutations.add(new Mutation("json char", (b, r) -> mutateHeader(b, r, LoaderFuzzTest::editCharacter)));
        mutations.add(new Mutation("json offsets", (b, r) -> mutateHeader(b, r, LoaderFuzzTest::swapNumbers)));
        fuzz("safetensors", seeds, mutations, LoaderFuzzTest::safetensors, 4000);
    }

    @Test
    void npyLoaderOnlyEverThrowsFormatException() throws Exception {
        List<byte[]> seeds = new ArrayList<>();
        for (String name : List.of("f4", "f8_scalar", "i8_empty", "f4_zero_dim", "f2", "f8_big_endian", "f4_fortran", "f4_v2")) {
            seeds.add(InteropFixturesTest.fixture(name + ".npy"));
        }
        seeds.add(Npy.toBytes(TestTensors.random(DType.BOOL, new Random(2), 3, 5)));
        List<Mutation> mutations = new ArrayList<>(byteMutations());
        mutations.add(new Mutation("header length", LoaderFuzzTest::tamperNpyLength));
        mutations.add(new Mutation("header number", (b, r) -> mutateNpyHeader(b, r, LoaderFuzzTest::replaceNumber)));
        mutations.add(new Mutation("header descr", (b, r) -> mutateNpyHeader(b, r, LoaderFuzzTest::replaceDescr)));
        mutations.add(new Mutation("header char", (b, r) -> mutateNpyHeader(b, r, LoaderFuzzTest::editCharacter)));
        fuzz("npy", seeds, mutations, LoaderFuzzTest::npy, 3000);
    }

    @Test
    void npzLoaderOnlyEverThrowsFormatException() throws Exception {
        Map<String, Tensor> arrays = Map.of("w", TestTensors.random(DType.FLOAT32, new Random(3), 4, 4),
                "n", TestTensors.random(DType.INT64, new Random(4), 6));
        List<byte[]> seeds = List.of(InteropFixturesTest.fixture("stored.npz"), InteropFixturesTest.fixture("deflated.npz"),
                Npz.toBytes(arrays, false), Npz.toBytes(arrays, true));
        List<Mutation> mutations = new ArrayList<>(byteMutations());
        mutations.add(new Mutation("zip size fields", LoaderFuzzTest::tamperZipSizes));
        fuzz("npz", seeds, mutations, LoaderFuzzTest::npz, 1500);
    }

    private void fuzz(String format, List<byte[]> seeds, List<Mutation> mutations, Loader loader, int iterations)
            throws IOException {
        Random rnd = new Random(SEED ^ format.hashCode());
        Path scratch = dir.resolve("fuzz." + format);
        List<String> failures = new ArrayList<>();
        int refused = 0;
        for (int i = 0; i < iterations; i++) {
            byte[] seed = seeds.get(rnd.nextInt(seeds.size()));
            Mutation m = mutations.get(rnd.nextInt(mutations.size()));
            byte[] bytes = m.apply().apply(seed.clone(), rnd);
            int via = rnd.nextInt(10) == 0 ? 2 : rnd.nextInt(2);
            try {
                loader.load(bytes, via, scratch);
            } catch (FormatException expected) {
                refused++;
                assertTrue(expected.getMessage() != null && !expected.getMessage().isBlank());
            } catch (Throwable t) { // OutOfMemoryError and StackOverflowError included, on purpose
                if (failures.size() < 5) {
                    StringWriter trace = new StringWriter();
                    t.printStackTrace(new PrintWriter(trace));
                    failures.add(format + " iteration " + i + ", mutation '" + m.name() + "', via " + via
                            + ", file " + Arrays.toString(Arrays.copyOf(bytes, Math.min(bytes.length, 200)))
                            + ":\n" + trace);
                } else {
                    failures.add(format + " iteration " + i + ": " + t);
                }
            }
        }
        if (!failures.isEmpty()) {
            fail(failures.size() + " loads failed with something other than FormatException:\n"
                    + String.join("\n", failures.subList(0, Math.min(failures.size(), 5))));
        }
        // Guard against a fuzzer that never reaches the checks: most mutations must be caught.
        assertTrue(refused > iterations / 2, format + ": only " + refused + " of " + iterations + " mutated files refused");
    }

    // ---- byte-level mutations --------------------------------------------------------------

    private static List<Mutation> byteMutations() {
        return List.of(
                new Mutation("flip bytes", (b, r) -> {
                    for (int k = 1 + r.nextInt(8); k > 0 && b.length > 0; k--) {
                        b[r.nextInt(b.length)] = (byte) r.nextInt(256);
                    }
                    return b;
                }),
                new Mutation("flip a bit", (b, r) -> {
                    if (b.length > 0) {
                        b[r.nextInt(b.length)] ^= (byte) (1 << r.nextInt(8));
                    }
                    return b;
                }),
                new Mutation("truncate", (b, r) -> Arrays.copyOf(b, r.nextInt(b.length + 1))),
                new Mutation("append", (b, r) -> {
                    byte[] out = Arrays.copyOf(b, b.length + 1 + r.nextInt(16));
                    for (int i = b.length; i < out.length; i++) {
                        out[i] = (byte) r.nextInt(256);
                    }
                    return out;
                }),
                new Mutation("delete range", (b, r) -> {
                    if (b.length < 2) {
                        return b;
                    }
                    int from = r.nextInt(b.length - 1);
                    int to = from + 1 + r.nextInt(Math.min(16, b.length - from - 1) + 1) - 1;
                    byte[] out = new byte[b.length - (to - from)];
                    System.arraycopy(b, 0, out, 0, from);
                    System.arraycopy(b, to, out, from, b.length - to);
                    return out;
                }));
    }

    /** Sets the u64 header length to an edge value, an off-by-some, or anything at all. */
    private static byte[] tamperSafetensorsLength(byte[] b, Random r) {
        if (b.length < 8) {
            return b;
        }
        ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        long n = buf.getLong(0);
        long[] choices = {0, 1, n - 1 - r.nextInt(8), n + 1 + r.nextInt(8), b.length - 8, b.length, -1, Long.MIN_VALUE,
                Integer.MAX_VALUE, 100_000_000, 99_999_999, r.nextLong()};
        buf.putLong(0, choices[r.nextInt(choices.length)]);
        return b;
    }

    /** Sets the .npy header length to an edge value or anything at all. */
    private static byte[] tamperNpyLength(byte[] b, Random r) {
        if (b.length < 12) {
            return b;
        }
        ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        int[] choices = {0, 1, 0xffff, 10_000, 10_001, b.length - 10, b.length, r.nextInt(), -1};
        int v = choices[r.nextInt(choices.length)];
        if (b[6] == 1) {
            buf.putShort(8, (short) v);
        } else {
            buf.putInt(8, v);
        }
        return b;
    }

    /** Overwrites a size, CRC or name-length field of the first local file header. */
    private static byte[] tamperZipSizes(byte[] b, Random r) {
        if (b.length < 30) {
            return b;
        }
        ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        int[] fieldOffsets = {14, 18, 22, 26, 28}; // crc, compressed, uncompressed, name length, extra length
        int at = fieldOffsets[r.nextInt(fieldOffsets.length)];
        int[] values = {0, 1, -1, 0x7fffffff, r.nextInt(), buf.getShort(at) + 1};
        if (at >= 26) {
            buf.putShort(at, (short) values[r.nextInt(values.length)]);
        } else {
            buf.putInt(at, values[r.nextInt(values.length)]);
        }
        return b;
    }

    // ---- header-level mutations ---------------------------------------------------------

    /**
     * Applies {@code edit} to the safetensors header text and, usually, rewrites the length
     * prefix to match, so that the damage reaches the checks behind the length check.
     */
    private static byte[] mutateHeader(byte[] b, Random r, java.util.function.BiFunction<String, Random, String> edit) {
        if (b.length < 8) {
            return b;
        }
        long n = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        if (n < 0 || n > b.length - 8) {
            return b;
        }
        String header = new String(b, 8, (int) n, StandardCharsets.UTF_8);
        byte[] edited = edit.apply(header, r).getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate(8 + edited.length + b.length - 8 - (int) n).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(r.nextInt(8) == 0 ? n : edited.length).put(edited).put(b, 8 + (int) n, b.length - 8 - (int) n);
        return out.array();
    }

    /** As {@link #mutateHeader} for a .npy header. */
    private static byte[] mutateNpyHeader(byte[] b, Random r, java.util.function.BiFunction<String, Random, String> edit) {
        int prefix = b[6] == 1 ? 10 : 12;
        ByteBuffer in = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        int n = prefix == 10 ? in.getShort(8) & 0xffff : in.getInt(8);
        if (n < 0 || prefix + n > b.length) {
            return b;
        }
        String header = new String(b, prefix, n, StandardCharsets.ISO_8859_1);
        byte[] edited = edit.apply(header, r).getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer out = ByteBuffer.allocate(prefix + edited.length + b.length - prefix - n).order(ByteOrder.LITTLE_ENDIAN);
        out.put(b, 0, 8);
        int length = r.nextInt(8) == 0 ? n : edited.length;
        if (prefix == 10) {
            out.putShort((short) length);
        } else {
            out.putInt(length);
        }
        out.put(edited).put(b, prefix + n, b.length - prefix - n);
        return out.array();
    }

    /** Replaces one number (a dim or an offset) with an edge value. */
    private static String replaceNumber(String text, Random r) {
        List<int[]> spans = spans(NUMBER.matcher(text));
        if (spans.isEmpty()) {
            return text;
        }
        int[] s = spans.get(r.nextInt(spans.size()));
        String[] values = {"0", "1", "-1", "2147483647", "2147483648", "4294967296", "9223372036854775807",
                "18446744073709551615", "99999999999999999999999", "1e3", "1.5", "-0", "00", "3L",
                Integer.toString(r.nextInt(100)), Long.toString(r.nextLong())};
        return text.substring(0, s[0]) + values[r.nextInt(values.length)] + text.substring(s[1]);
    }

    /** Swaps two numbers: offsets exchanged between tensors, begin and end reversed, dims permuted. */
    private static String swapNumbers(String text, Random r) {
        List<int[]> spans = spans(NUMBER.matcher(text));
        if (spans.size() < 2) {
            return text;
        }
        int i = r.nextInt(spans.size() - 1);
        int j = i + 1 + r.nextInt(spans.size() - i - 1);
        int[] a = spans.get(i);
        int[] b = spans.get(j);
        return text.substring(0, a[0]) + text.substring(b[0], b[1]) + text.substring(a[1], b[0])
                + text.substring(a[0], a[1]) + text.substring(b[1]);
    }

    private static String replaceDtype(String text, Random r) {
        String[] dtypes = {"F64", "F32", "F16", "BF16", "I64", "I32", "I16", "I8", "U64", "U32", "U16", "U8", "BOOL",
                "F8_E4M3", "", "f32", "F32 ", "\\u0046\\u0033\\u0032"};
        return text.replaceFirst("\"(F64|F32|F16|BF16|I64|I32|I16|I8|U8|BOOL)\"",
                "\"" + Matcher.quoteReplacement(dtypes[r.nextInt(dtypes.length)]) + "\"");
    }

    private static String replaceDescr(String text, Random r) {
        String[] descrs = {"<f8", "<f4", "<f2", ">f4", "|f4", "<i8", ">i4", "<i2", "|i1", "|u1", "<u2", "<u4", "<u8",
                "|b1", "|O", "<c8", "<M8[ns]", "", "<f", "f4", "<f44"};
        return text.replaceFirst("'[<>|][a-zA-Z]\\d'", "'" + Matcher.quoteReplacement(descrs[r.nextInt(descrs.length)]) + "'");
    }

    /** Deletes, duplicates or replaces one character of the header. */
    private static String editCharacter(String text, Random r) {
        if (text.isEmpty()) {
            return text;
        }
        int at = r.nextInt(text.length());
        String junk = "{}[](),:\"' \\0-9eEL\n\u0000\u00e9";
        char c = junk.charAt(r.nextInt(junk.length()));
        return switch (r.nextInt(3)) {
            case 0 -> text.substring(0, at) + text.substring(at + 1);
            case 1 -> text.substring(0, at) + text.charAt(at) + text.substring(at);
            default -> text.substring(0, at) + c + text.substring(at + 1);
        };
    }

    private static List<int[]> spans(Matcher m) {
        List<int[]> spans = new ArrayList<>();
        while (m.find()) {
            spans.add(new int[] {m.start(), m.end()});
        }
        return spans;
    }
}
