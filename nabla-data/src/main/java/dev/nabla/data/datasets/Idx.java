package dev.nabla.data.datasets;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reader of the IDX format of the MNIST files: a magic number {@code 0x00 0x00 type rank}, then
 * {@code rank} big-endian 32-bit sizes, then the elements in row-major order. Only unsigned bytes
 * (type {@code 0x08}), the type of MNIST's images and labels, are supported.
 */
public final class Idx {
    private Idx() {
    }

    /**
     * An IDX array of unsigned bytes.
     *
     * @param shape the sizes, e.g. {@code [10000, 28, 28]}
     * @param data the elements in row-major order (read each as {@code b & 0xFF})
     */
    public record UnsignedBytes(int[] shape, byte[] data) {
    }

    /** Reads one IDX array of unsigned bytes from {@code in}; {@code source} names it in errors. */
    public static UnsignedBytes read(InputStream in, String source) throws IOException {
        DataInputStream d = new DataInputStream(in);
        try {
            int magic = d.readInt();
            int type = (magic >>> 8) & 0xFF;
            int rank = magic & 0xFF;
            if ((magic >>> 16) != 0 || rank == 0) {
                throw new IOException(source + ": not an IDX file (magic number 0x" + Integer.toHexString(magic) + ")");
            }
            if (type != 0x08) {
                throw new IOException(source + ": IDX element type 0x" + Integer.toHexString(type)
                        + " is not supported (only unsigned bytes, 0x08)");
            }
            int[] shape = new int[rank];
            long n = 1;
            for (int i = 0; i < rank; i++) {
                shape[i] = d.readInt();
                n *= shape[i];
            }
            if (n > Integer.MAX_VALUE - 8 || n < 0) {
                throw new IOException(source + ": IDX array too large (" + n + " elements)");
            }
            byte[] data = new byte[(int) n];
            d.readFully(data);
            return new UnsignedBytes(shape, data);
        } catch (EOFException e) {
            throw new IOException(source + ": truncated IDX file", e);
        }
    }
}
