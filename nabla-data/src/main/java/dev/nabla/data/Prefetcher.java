package dev.nabla.data;

import java.lang.ref.Cleaner;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Runs an iterator of batches on a daemon thread, up to {@code depth} batches ahead of the
 * consumer. Batches come out in the source's order, so results equal those without prefetch. An
 * error in the producer is rethrown by {@link #next()}. The thread holds no reference to this
 * object, so an abandoned prefetcher is collected and its thread interrupted by a {@link Cleaner}.
 */
final class Prefetcher implements Iterator<Batch>, AutoCloseable {
    private static final Cleaner CLEANER = Cleaner.create();
    private static final Object END = new Object();

    private record Failure(Throwable error) {
    }

    private final BlockingQueue<Object> queue;
    private final Thread thread;
    private final Cleaner.Cleanable cleanable;
    private Object head;
    private boolean done;

    Prefetcher(Iterator<Batch> source, int depth) {
        this.queue = new ArrayBlockingQueue<>(depth);
        this.thread = startProducer(source, queue);
        Thread t = thread;
        this.cleanable = CLEANER.register(this, t::interrupt);
    }

    private static Thread startProducer(Iterator<Batch> source, BlockingQueue<Object> queue) {
        Thread t = new Thread(() -> {
            try {
                while (source.hasNext()) {
                    queue.put(source.next());
                }
                queue.put(END);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Throwable e) {
                try {
                    queue.put(new Failure(e));
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                }
            }
        }, "nabla-dataloader-prefetch");
        t.setDaemon(true);
        t.start();
        return t;
    }

    @Override
    public boolean hasNext() {
        if (done) {
            return false;
        }
        if (head == null) {
            try {
                head = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                throw new IllegalStateException("DataLoader: interrupted while waiting for the next batch", e);
            }
        }
        if (head == END) {
            done = true;
            cleanable.clean();
            return false;
        }
        if (head instanceof Failure f) {
            done = true;
            cleanable.clean();
            throw new IllegalStateException("DataLoader: preparing a batch failed: " + f.error(), f.error());
        }
        return true;
    }

    @Override
    public Batch next() {
        if (!hasNext()) {
            throw new NoSuchElementException("DataLoader: the epoch has ended");
        }
        Batch b = (Batch) head;
        head = null;
        return b;
    }

    @Override
    public void close() {
        done = true;
        cleanable.clean();
    }

    boolean threadAlive() {
        return thread.isAlive();
    }
}
