package dev.nabla.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Random-access bytes of known size that readers check offsets against before reading: an
 * in-memory array or an open file.
 */
interface ByteSource {
    /** Largest stream read into memory: the largest Java byte array. */
    long MAX_STREAM_BYTES = Integer.MAX_VALUE - 8;

    /** Total number of bytes. */
    long size();

    /**
     * Fills the remaining space of {@code dst} with the bytes starting at {@code position}.
     *
     * @throws FormatException if the source ends first (a file shrinking while it is read)
     */
    void readFully(long position, ByteBuffer dst) throws IOException;

    /** The file at {@code path} opened for reading, or an error naming it: missing, or a directory. */
    static FileChannel open(java.nio.file.Path path) throws IOException {
        if (java.nio.file.Files.isDirectory(path)) {
            throw new IOException("cannot read " + path + ": it is a directory");
        }
        if (!java.nio.file.Files.exists(path)) {
            throw new java.nio.file.NoSuchFileException(path.toString(), null, "no such file");
        }
        return FileChannel.open(path, java.nio.file.StandardOpenOption.READ);
    }

    /** A source over {@code bytes} (not copied). */
    static ByteSource of(byte[] bytes) {
        return new ByteSource() {
            public long size() {
                return bytes.length;
            }

            public void readFully(long position, ByteBuffer dst) throws FormatException {
                if (position < 0 || position + dst.remaining() > bytes.length) {
                    throw new FormatException("unexpected end of data at byte " + bytes.length);
                }
                dst.put(bytes, (int) position, dst.remaining());
            }
        };
    }

    /** A source over the file open in {@code channel}, whose size is taken once, now. */
    static ByteSource of(FileChannel channel) throws IOException {
        long size = channel.size();
        return new ByteSource() {
            public long size() {
                return size;
            }

            public void readFully(long position, ByteBuffer dst) throws IOException {
                long at = position;
                while (dst.hasRemaining()) {
                    int n = channel.read(dst, at);
                    if (n < 0) {
                        throw new FormatException("unexpected end of file at byte " + at
                                + " (the file was shorter than its size of " + size + " bytes; changed while read?)");
                    }
                    at += n;
                }
            }
        };
    }

    /**
     * Reads {@code in} to its end into memory, growing only as bytes arrive (a stream cannot make
     * the reader allocate more than it sends).
     *
     * @throws FormatException if the stream holds more than {@link #MAX_STREAM_BYTES}
     */
    static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        byte[] chunk = new byte[1 << 16];
        long total = 0;
        for (int n; (n = in.read(chunk)) != -1; ) {
            total += n;
            if (total > MAX_STREAM_BYTES) {
                throw new FormatException("stream holds more than " + MAX_STREAM_BYTES
                        + " bytes, too many to read into memory; read from a file instead");
            }
            buffer.write(chunk, 0, n);
        }
        return buffer.toByteArray();
    }
}
