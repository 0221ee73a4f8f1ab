package dev.nabla.data.datasets;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Just enough of the ustar/GNU tar format to find one regular file in an archive stream, e.g.
 * {@code CaliforniaHousing/cal_housing.data} in {@code cal_housing.tgz}.
 */
final class Tar {
    private static final int BLOCK = 512;

    private Tar() {
    }

    /**
     * Advances {@code in} (an uncompressed tar stream) to the content of {@code member} and returns
     * a stream of exactly its bytes. Names match with or without a leading {@code ./}.
     */
    static InputStream member(InputStream in, String member, String archiveName) throws IOException {
        byte[] header = new byte[BLOCK];
        String longName = null;
        while (in.readNBytes(header, 0, BLOCK) == BLOCK && !allZero(header)) {
            String name = longName != null ? longName : name(header);
            longName = null;
            long size = octal(header, 124, 12, archiveName);
            char type = (char) header[156];
            long padded = (size + BLOCK - 1) / BLOCK * BLOCK;
            if (type == 'L') {
                longName = new String(in.readNBytes((int) size), StandardCharsets.UTF_8).replace("\0", "");
                in.skipNBytes(padded - size);
                continue;
            }
            if ((type == '0' || type == 0) && strip(name).equals(strip(member))) {
                return new Bounded(in, size);
            }
            in.skipNBytes(padded);
        }
        throw new IOException(archiveName + " has no member " + member);
    }

    private static String name(byte[] h) {
        String name = cString(h, 0, 100);
        String prefix = cString(h, 345, 155);
        boolean ustar = cString(h, 257, 6).startsWith("ustar");
        return ustar && !prefix.isEmpty() ? prefix + "/" + name : name;
    }

    private static String strip(String n) {
        return n.startsWith("./") ? n.substring(2) : n;
    }

    private static String cString(byte[] b, int off, int len) {
        int end = off;
        while (end < off + len && b[end] != 0) {
            end++;
        }
        return new String(b, off, end - off, StandardCharsets.UTF_8);
    }

    private static long octal(byte[] b, int off, int len, String archiveName) throws IOException {
        String s = cString(b, off, len).trim();
        try {
            return s.isEmpty() ? 0 : Long.parseLong(s, 8);
        } catch (NumberFormatException e) {
            throw new IOException(archiveName + ": not a tar archive (bad size field '" + s + "')");
        }
    }

    private static boolean allZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }

    /** The next {@code remaining} bytes of a stream; closing it closes the archive. */
    private static final class Bounded extends InputStream {
        private final InputStream in;
        private long remaining;

        Bounded(InputStream in, long size) {
            this.in = in;
            this.remaining = size;
        }

        @Override
        public int read() throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int b = in.read();
            if (b >= 0) {
                remaining--;
            }
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int n = in.read(buf, off, (int) Math.min(len, remaining));
            if (n > 0) {
                remaining -= n;
            }
            return n;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
