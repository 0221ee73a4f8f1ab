package dev.nabla.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Crash-safe file replacement: the target either keeps its old content or gets the complete new
 * content, never a mix or a truncated file.
 *
 * <p>Each write goes to a new temporary file in the target's directory (named
 * {@code .<target>.<random>.tmp}, so it is on the same file system and the rename is atomic).
 * The content is written, flushed and {@code fsync}ed; the temporary file is then atomically
 * renamed over the target, and the directory is {@code fsync}ed so that the rename itself survives
 * a power failure. If anything fails before the rename (an exception from the content writer, a
 * full disk) the temporary file is deleted and the target is untouched.
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /** Writes content to a stream; the stream is buffered and must not be closed by the body. */
    @FunctionalInterface
    public interface Body {
        /** Writes the whole content to {@code out}. */
        void writeTo(OutputStream out) throws IOException;
    }

    /** Atomically replaces (or creates) {@code target} with {@code bytes}. */
    public static void write(Path target, byte[] bytes) throws IOException {
        write(target, out -> out.write(bytes));
    }

    /**
     * Atomically replaces (or creates) {@code target} with what {@code body} writes.
     *
     * @throws IOException from the body or the file system; the target is then unchanged and no
     *     temporary file is left behind
     */
    public static void write(Path target, Body body) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        if (dir == null || absolute.getFileName() == null) {
            throw new IOException("cannot write to " + target + ": not a file path");
        }
        if (Files.isDirectory(absolute)) {
            throw new IOException("cannot write to " + target + ": it is a directory");
        }
        if (!Files.isDirectory(dir)) {
            throw new NoSuchFileException(dir.toString(), null, "the directory to write " + target + " into does not exist");
        }
        Path temp = null;
        try {
            temp = writeTemp(dir, absolute.getFileName().toString(), body);
            move(temp, absolute);
        } catch (Throwable t) {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException e) {
                    t.addSuppressed(e);
                }
            }
            throw t;
        }
        syncDirectory(dir);
    }

    /**
     * Creates a fresh temporary file beside the target (with the permissions a new file normally
     * gets, unlike {@code Files.createTempFile}'s owner-only ones), writes the body into it and
     * syncs it to disk.
     */
    private static Path writeTemp(Path dir, String name, Body body) throws IOException {
        for (int attempt = 0; ; attempt++) {
            Path temp = dir.resolve("." + name + "." + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
            FileChannel channel;
            try {
                channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            } catch (FileAlreadyExistsException e) {
                if (attempt < 10) {
                    continue;
                }
                throw e;
            }
            try (channel) {
                // Not closed itself: closing it would close the channel before force().
                OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
                body.writeTo(new UnclosableOutputStream(out));
                out.flush();
                channel.force(true);
            } catch (Throwable t) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException e) {
                    t.addSuppressed(e);
                }
                throw t;
            }
            return temp;
        }
    }

    /**
     * Deletes the temporary files that writes of targets named like {@code targetGlob} (e.g.
     * {@code "weights-*.safetensors"}) left in {@code dir} when their process was killed; call it
     * only while no such write can be in progress (e.g. under a {@link DirectoryLock}).
     *
     * @return how many were deleted
     */
    public static int deleteTemporaries(Path dir, String targetGlob) throws IOException {
        int deleted = 0;
        try (var stale = Files.newDirectoryStream(dir, "." + targetGlob + ".*.tmp")) {
            for (Path p : stale) {
                if (p.getFileName().toString().matches("\\..+\\.[0-9a-f]{1,16}\\.tmp") && Files.deleteIfExists(p)) {
                    deleted++;
                }
            }
        }
        return deleted;
    }

    private static void move(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("cannot replace " + target + " atomically on this file system", e);
        }
    }

    /**
     * Makes the rename durable. POSIX needs an fsync of the directory for that; Windows cannot
     * open a directory as a channel and makes renames durable without it.
     */
    private static void syncDirectory(Path dir) throws IOException {
        if (System.getProperty("os.name", "").startsWith("Windows")) {
            return;
        }
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    /** Keeps a body's {@code close()} from closing the file before it is synced. */
    private static final class UnclosableOutputStream extends OutputStream {
        private final OutputStream out;

        UnclosableOutputStream(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }
}
