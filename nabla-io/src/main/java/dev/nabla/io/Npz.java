package dev.nabla.io;

import dev.nabla.tensor.Tensor;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Reads and writes NumPy's {@code .npz} archives ({@code numpy.savez} and
 * {@code numpy.savez_compressed}): a zip file whose entry {@code NAME.npy} holds the array
 * {@code NAME} in {@link Npy} format, stored or deflated.
 *
 * <p>Reading walks the archive's entries in order; each must be a file ending in {@code .npy}
 * with a name not seen before, and is checked by the {@link Npy} reader. Zip sizes and CRCs are
 * verified; an entry's bytes are buffered only as they are actually inflated, so a corrupt size
 * field cannot make the reader allocate memory. Any problem, including a damaged or truncated zip,
 * is a {@link FormatException}.
 *
 * <p>Writing is deterministic: entries in the map's iteration order, each with a fixed timestamp
 * (1980-01-01, the zip epoch), so the same arrays give the same bytes.
 */
public final class Npz {
    private static final LocalDateTime ZIP_EPOCH = LocalDateTime.of(1980, 1, 1, 0, 0);

    private Npz() {
    }

    // ---- reading ---------------------------------------------------------------------------

    /** The arrays in the {@code .npz} file at {@code path}, by name, in archive order. */
    public static Map<String, Tensor> read(Path path) throws IOException {
        try (InputStream in = java.nio.channels.Channels.newInputStream(ByteSource.open(path))) {
            return read(in, path.toString());
        }
    }

    /** The arrays in the {@code .npz} archive {@code bytes}. */
    public static Map<String, Tensor> read(byte[] bytes) throws IOException {
        return read(new ByteArrayInputStream(bytes), "npz data");
    }

    /** The arrays in the {@code .npz} archive read from {@code in} to its end (not closed). */
    public static Map<String, Tensor> read(InputStream in) throws IOException {
        return read(in, "npz stream");
    }

    private static Map<String, Tensor> read(InputStream raw, String origin) throws IOException {
        Tail tail = new Tail(raw);
        InputStream in = new BufferedInputStream(tail);
        checkSignature(in, origin);
        Map<String, Tensor> arrays = new LinkedHashMap<>();
        // Not closed: that would close the caller's stream.
        ZipInputStream zip = new ZipInputStream(in);
        try {
            for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                String name = entry.getName();
                String where = origin + ": entry '" + abbreviate(name) + "'";
                if (entry.isDirectory() || !name.endsWith(".npy")) {
                    throw new FormatException(where + " is not a .npy file");
                }
                String key = name.substring(0, name.length() - ".npy".length());
                if (arrays.containsKey(key)) {
                    throw new FormatException(where + " appears twice");
                }
                byte[] bytes = ByteSource.readAll(zip);
                arrays.put(key, Npy.read(ByteSource.of(bytes), where));
            }
        } catch (ZipException | EOFException | IllegalArgumentException e) {
            // ZipInputStream's ways of saying the archive is damaged, truncated, or has a
            // malformed entry name.
            String why = e.getMessage() != null ? e.getMessage() : e instanceof EOFException ? "unexpected end of data" : e.toString();
            throw new FormatException(origin + ": corrupt or truncated zip archive: " + why, e);
        }
        tail.checkComplete(origin, arrays.size());
        return Collections.unmodifiableMap(arrays);
    }

    /**
     * The last bytes of the raw stream, to check that the archive ends with its end-of-central-
     * directory record: {@link ZipInputStream} stops at the first thing that is not an entry and
     * at the end of the data alike, so an archive cut between two entries would otherwise read as
     * one with fewer arrays.
     */
    private static final class Tail extends java.io.FilterInputStream {
        private static final int END_RECORD = 22;
        private static final int KEEP = END_RECORD + 0xFFFF; // the record and the longest comment
        private final byte[] ring = new byte[KEEP];
        private long total;

        Tail(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                ring[(int) (total++ % KEEP)] = (byte) b;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            for (int i = 0; i < n; i++) {
                ring[(int) (total++ % KEEP)] = b[off + i];
            }
            return n;
        }

        @Override
        public boolean markSupported() {
            return false;
        }

        /** Reads the stream to its end; throws unless it ends with an end record for {@code entries} entries. */
        void checkComplete(String origin, int entries) throws IOException {
            byte[] skip = new byte[8192];
            while (read(skip, 0, skip.length) >= 0) {
                // only the last KEEP bytes matter
            }
            int n = (int) Math.min(total, KEEP);
            byte[] last = new byte[n];
            for (int i = 0; i < n; i++) {
                last[i] = ring[(int) ((total - n + i) % KEEP)];
            }
            for (int p = n - END_RECORD; p >= 0; p--) {
                if (last[p] == 'P' && last[p + 1] == 'K' && last[p + 2] == 5 && last[p + 3] == 6
                        && p + END_RECORD + u16(last, p + 20) == n) {
                    int recorded = u16(last, p + 10);
                    if (recorded != 0xFFFF && recorded != entries) { // 0xFFFF: the count is in a zip64 record
                        throw new FormatException(origin + ": corrupt zip archive: its directory lists " + recorded
                                + " entries but " + entries + " could be read");
                    }
                    return;
                }
            }
            throw new FormatException(origin + ": corrupt or truncated zip archive: it does not end with a zip"
                    + " directory (read " + entries + (entries == 1 ? " array" : " arrays") + " before the end)");
        }

        private static int u16(byte[] b, int at) {
            return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8;
        }
    }

    /**
     * A zip starts with a local file header ({@code PK\3\4}) or, if empty, the end record
     * ({@code PK\5\6}); {@link ZipInputStream} would silently read anything else as empty.
     */
    private static void checkSignature(InputStream in, String origin) throws IOException {
        in.mark(4);
        byte[] signature = in.readNBytes(4);
        in.reset();
        boolean zip = signature.length == 4 && signature[0] == 'P' && signature[1] == 'K'
                && ((signature[2] == 3 && signature[3] == 4) || (signature[2] == 5 && signature[3] == 6));
        if (!zip) {
            throw new FormatException(origin + ": not a zip archive (it does not start with PK\\3\\4)");
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }

    // ---- writing ---------------------------------------------------------------------------

    /**
     * Atomically writes {@code arrays} to {@code path} as {@code numpy.savez} ({@code compress}
     * false) or {@code numpy.savez_compressed} (true) would.
     *
     * @throws IllegalArgumentException for a null or empty name or a null tensor
     */
    public static void write(Map<String, Tensor> arrays, Path path, boolean compress) throws IOException {
        checkNames(arrays);
        AtomicFiles.write(path, out -> write(arrays, out, compress));
    }

    /** Writes {@code arrays} as an {@code .npz} archive to {@code out} (not closed). */
    public static void write(Map<String, Tensor> arrays, OutputStream out, boolean compress) throws IOException {
        checkNames(arrays);
        ZipOutputStream zip = new ZipOutputStream(out);
        for (Map.Entry<String, Tensor> e : arrays.entrySet()) {
            byte[] npy = Npy.toBytes(e.getValue());
            ZipEntry entry = new ZipEntry(e.getKey() + ".npy");
            entry.setTimeLocal(ZIP_EPOCH);
            if (compress) {
                entry.setMethod(ZipEntry.DEFLATED);
            } else {
                CRC32 crc = new CRC32();
                crc.update(npy);
                entry.setMethod(ZipEntry.STORED);
                entry.setSize(npy.length);
                entry.setCompressedSize(npy.length);
                entry.setCrc(crc.getValue());
            }
            zip.putNextEntry(entry);
            zip.write(npy);
            zip.closeEntry();
        }
        zip.finish();
    }

    /** {@code arrays} as an {@code .npz} archive. */
    public static byte[] toBytes(Map<String, Tensor> arrays, boolean compress) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            write(arrays, out, compress);
        } catch (IOException e) {
            throw new AssertionError("ByteArrayOutputStream does not throw", e);
        }
        return out.toByteArray();
    }

    private static void checkNames(Map<String, Tensor> arrays) {
        if (arrays == null) {
            throw new IllegalArgumentException("npz: arrays must not be null");
        }
        for (Map.Entry<String, Tensor> e : arrays.entrySet()) {
            if (e.getKey() == null || e.getKey().isEmpty()) {
                throw new IllegalArgumentException("npz: array names must be non-empty");
            }
            if (e.getValue() == null) {
                throw new IllegalArgumentException("npz: array '" + e.getKey() + "' is null");
            }
        }
    }
}
