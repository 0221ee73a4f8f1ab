package dev.nabla.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An exclusive lock on a directory that Nabla writes (a model or checkpoint directory), held
 * while it saves: {@code try (DirectoryLock l = DirectoryLock.acquire(dir)) { ... }}.
 *
 * <p>Other processes are kept out by an OS file lock on {@code dir/.nabla.lock} (the file stays,
 * empty); other threads of this JVM by an in-process lock, since OS locks are held per process.
 * Waits until the lock is free.
 */
public final class DirectoryLock implements AutoCloseable {
    /** The lock file's name in a locked directory. */
    public static final String FILE_NAME = ".nabla.lock";
    private static final ConcurrentHashMap<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    private final ReentrantLock local;
    private final FileChannel channel;
    private final FileLock lock;

    private DirectoryLock(ReentrantLock local, FileChannel channel, FileLock lock) {
        this.local = local;
        this.channel = channel;
        this.lock = lock;
    }

    /** Locks the existing directory {@code dir}, waiting for another saver to finish. */
    public static DirectoryLock acquire(Path dir) throws IOException {
        Path real = dir.toRealPath();
        ReentrantLock local = IN_PROCESS.computeIfAbsent(real, k -> new ReentrantLock());
        local.lock();
        FileChannel channel = null;
        try {
            channel = FileChannel.open(real.resolve(FILE_NAME), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            return new DirectoryLock(local, channel, channel.lock());
        } catch (IOException | RuntimeException e) {
            if (channel != null) {
                channel.close();
            }
            local.unlock();
            throw e;
        }
    }

    @Override
    public void close() throws IOException {
        try (channel) {
            lock.release();
        } finally {
            local.unlock();
        }
    }
}
