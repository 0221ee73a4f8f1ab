package dev.nabla.spark;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One link of the ring between two workers in the same JVM (several barrier tasks of one
 * executor, or {@code local[N]}): instead of crossing TCP loopback, which copies every byte through
 * the kernel twice, the receiver reads the sender's chunk straight from the sender's array and then
 * acknowledges it; the sender leaves that part of its array alone until
 * then ({@link #awaitRead}). Like the TCP link, a message names its call and chunk, every wait lasts
 * at most the timeout, and an end that closes is reported to the other at once. The receiver opens
 * the link under a random id that it sends in the TCP handshake; the sender claims it by that id.
 */
final class MemoryLink {
    /**
     * Links opened by receivers and not yet claimed by their senders, by id. A sender claims its link
     * during the handshake, even if the receiver has closed since; only one that failed in between
     * leaves its link here.
     */
    private static final ConcurrentHashMap<Long, MemoryLink> UNCLAIMED = new ConcurrentHashMap<>();
    private static final SecureRandom IDS = new SecureRandom();

    private record Message(long call, int chunk, float[] data, int from, int count) {
    }

    private static final Message CLOSED = new Message(-1, -1, new float[0], 0, 0);

    private final long id;
    private final BlockingQueue<Message> messages = new LinkedBlockingQueue<>();
    /** One entry per message read, or {@link #CLOSED} when the receiver has gone. */
    private final BlockingQueue<Message> reads = new LinkedBlockingQueue<>();

    private MemoryLink(long id) {
        this.id = id;
    }

    /** A new link, for the receiving end; its sender claims it by {@link #id()}. */
    static MemoryLink open() {
        while (true) {
            MemoryLink link = new MemoryLink(IDS.nextLong());
            if (link.id != 0 && UNCLAIMED.putIfAbsent(link.id, link) == null) {
                return link;
            }
        }
    }

    /** The link opened under {@code id} in this JVM, for its sending end; null if there is none. */
    static MemoryLink claim(long id) {
        return UNCLAIMED.remove(id);
    }

    /** The id the sender claims this link by (never 0). */
    long id() {
        return id;
    }

    /**
     * Offers {@code data[from, from + count)} as chunk {@code chunk} of call {@code call}; the caller
     * must not change that range before {@link #awaitRead} returns.
     */
    void send(long call, int chunk, float[] data, int from, int count) {
        messages.add(new Message(call, chunk, data, from, count));
    }

    /**
     * Waits for the message of call {@code call}, chunk {@code chunk} ({@code count} floats), adds it
     * into {@code data} from {@code to} (or copies it over when {@code add} is false) and acknowledges it.
     *
     * @throws IOException when the sender closed, sent another message, or was silent for {@code timeoutMillis}
     */
    void receive(long call, int chunk, float[] data, int to, int count, boolean add, long timeoutMillis,
            String receiver, String sender) throws IOException {
        Message m = take(messages, timeoutMillis, receiver, sender);
        if (m == CLOSED) {
            throw new IOException("all-reduce: " + sender + " closed the connection to " + receiver);
        }
        if (m.call != call || m.chunk != chunk || m.count != count) {
            throw new IOException("all-reduce: " + receiver + " got an unexpected message from " + sender + " (call "
                    + m.call + "/" + call + ", chunk " + m.chunk + "/" + chunk + ", length " + m.count + "/" + count
                    + ")");
        }
        if (add) {
            RingAllReduce.add(data, to, m.data, m.from, count);
        } else {
            System.arraycopy(m.data, m.from, data, to, count);
        }
        reads.add(m);
    }

    /** Waits until the receiver has read the last message sent. */
    void awaitRead(long timeoutMillis, String sender, String receiver) throws IOException {
        if (take(reads, timeoutMillis, sender, receiver) == CLOSED) {
            throw new IOException("all-reduce: " + receiver + " closed the connection from " + sender);
        }
    }

    private static Message take(BlockingQueue<Message> queue, long timeoutMillis, String waiter, String peer)
            throws IOException {
        Message m;
        try {
            m = queue.poll(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("all-reduce: " + waiter + " was interrupted waiting for " + peer, e);
        }
        if (m == null) {
            throw new IOException("all-reduce: " + waiter + " heard nothing from " + peer + " for " + timeoutMillis
                    + " ms");
        }
        return m;
    }

    /** The sender's end closes: the receiver's next wait fails at once. */
    void closeSending() {
        messages.add(CLOSED);
    }

    /** The receiver's end closes: the sender's next wait fails at once. */
    void closeReceiving() {
        reads.add(CLOSED);
    }
}
