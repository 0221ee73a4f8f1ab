package dev.nabla.spark;

import dev.nabla.backend.Backends;
import dev.nabla.backend.HostBackend;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Sums a float array across {@code p} workers, in place, by ring all-reduce over TCP (Baidu's
 * and Horovod's algorithm): the array is cut into {@code p} chunks; in {@code p-1} reduce-scatter
 * steps each worker sends one chunk to the next worker in the ring and adds the chunk it receives
 * from the previous one, after which worker {@code r} holds the full sum of chunk {@code (r+1) mod p};
 * {@code p-1} all-gather steps then pass the finished chunks round. Each worker sends and receives
 * {@code 2(p-1)/p} of the array per call, whatever {@code p}.
 *
 * <p>Every element's sum is computed once, on one worker, and copied to the others, so all workers
 * end with bit-identical results. Each message is framed (magic, call number, chunk, length) and
 * checked with CRC-32C; a bad frame, a peer that closes, or a peer silent for longer than the
 * timeout is an {@link IOException} naming the peer.
 *
 * <p>A call allocates no buffer once the ring has seen its message size: each worker sends and
 * receives at once on one thread (non-blocking channels and a selector), through two direct
 * buffers that it keeps, with {@code TCP_NODELAY} and 4 MiB socket buffers.
 *
 * <p>Joined with {@code inProcess}, two neighbours that the handshake finds in the same JVM (tasks
 * of one executor) skip TCP: the receiver reads the chunk from the sender's array
 * ({@link MemoryLink}). That makes W2's all-reduce several times cheaper on a small machine, since
 * loopback TCP copies every byte through the kernel twice.
 *
 * <pre>{@code
 * ServerSocket server = RingAllReduce.listen("127.0.0.1");        // advertise its port to the others
 * try (RingAllReduce ring = RingAllReduce.connect(server, rank, addresses, Duration.ofSeconds(60))) {
 *     ring.sum(gradients);
 * }
 * }</pre>
 */
public final class RingAllReduce implements AutoCloseable {
    private static final int MAGIC = 0x4E41424C; // "NABL"
    private static final int HEADER_BYTES = 4 + 8 + 4 + 4;
    private static final int CHECKSUM_BYTES = 8;
    private static final int SOCKET_BUFFER_BYTES = 4 << 20;
    /** Tells this JVM from others in the handshake (never 0, which means "TCP only"). */
    private static final long JVM_TOKEN = new SecureRandom().nextLong() | 1;

    private final int rank;
    private final int size;
    private final SocketChannel next;
    private final SocketChannel previous;
    private final Selector selector;
    private final SelectionKey toNext;
    private final SelectionKey fromPrevious;
    /** The links to the next and from the previous worker when they run in this JVM, else null (TCP). */
    private final MemoryLink toNextLink;
    private final MemoryLink fromPreviousLink;
    private final long timeoutMillis;
    private final CRC32C crc = new CRC32C();
    private ByteBuffer out = frameBuffer(0);
    private ByteBuffer in = frameBuffer(0);
    private float[] received = new float[0];
    private long call;

    private RingAllReduce(int rank, int size, SocketChannel next, SocketChannel previous, MemoryLink toNextLink,
            MemoryLink fromPreviousLink, long timeoutMillis) throws IOException {
        this.rank = rank;
        this.size = size;
        this.next = next;
        this.previous = previous;
        this.toNextLink = toNextLink;
        this.fromPreviousLink = fromPreviousLink;
        this.timeoutMillis = timeoutMillis;
        if (size == 1) {
            selector = null;
            toNext = null;
            fromPrevious = null;
            return;
        }
        selector = Selector.open();
        next.configureBlocking(false);
        previous.configureBlocking(false);
        toNext = next.register(selector, 0);
        fromPrevious = previous.register(selector, 0);
    }

    /** A listening socket on {@code host} at a free port; its {@code host:port} is what peers connect to. */
    public static ServerSocket listen(String host) throws IOException {
        ServerSocket server = ServerSocketChannel.open().socket();
        server.setReceiveBufferSize(SOCKET_BUFFER_BYTES); // inherited by the accepted socket
        server.bind(new InetSocketAddress(InetAddress.getByName(host), 0));
        return server;
    }

    /** The {@code host:port} that peers use to reach {@code server}. */
    public static String address(ServerSocket server) {
        return server.getInetAddress().getHostAddress() + ":" + server.getLocalPort();
    }

    /**
     * Joins the ring over TCP: connects to worker {@code (rank+1) mod p} and accepts worker
     * {@code (rank-1) mod p} on {@code server} (made by {@link #listen}; it is then closed).
     *
     * @param addresses every worker's {@code host:port}, by rank ({@code p = addresses.size()})
     * @param timeout   how long to wait for a peer, when connecting and for every message
     */
    public static RingAllReduce connect(ServerSocket server, int rank, List<String> addresses, Duration timeout)
            throws IOException {
        return connect(server, rank, addresses, timeout, false);
    }

    /**
     * As {@link #connect(ServerSocket, int, List, Duration)}; with {@code inProcess}, a neighbour
     * that turns out to run in this JVM (found in the handshake) is reached through memory
     * ({@link MemoryLink}) instead of TCP loopback. Every worker passes the same {@code inProcess}.
     */
    public static RingAllReduce connect(ServerSocket server, int rank, List<String> addresses, Duration timeout,
            boolean inProcess) throws IOException {
        int p = addresses.size();
        if (rank < 0 || rank >= p) {
            throw new IllegalArgumentException("all-reduce: rank " + rank + " outside 0.." + (p - 1));
        }
        long ms = timeout.toMillis();
        int soTimeout = (int) Math.min(Integer.MAX_VALUE, ms);
        long token = inProcess ? JVM_TOKEN : 0;
        try (server) {
            if (p == 1) {
                return new RingAllReduce(0, 1, null, null, null, null, ms);
            }
            SocketChannel next = dial(addresses.get((rank + 1) % p), ms);
            Socket previous = null;
            MemoryLink fromPreviousLink = null;
            try {
                next.write(ByteBuffer.allocate(12).putInt(0, rank).putLong(4, token));
                server.setSoTimeout(soTimeout);
                try {
                    previous = server.accept();
                } catch (SocketTimeoutException e) {
                    throw new IOException("all-reduce: worker " + rank + " waited " + ms + " ms for worker "
                            + Math.floorMod(rank - 1, p) + " to connect", e);
                }
                previous.setSoTimeout(soTimeout);
                previous.setTcpNoDelay(true);
                DataInputStream hello = new DataInputStream(previous.getInputStream());
                int peer = hello.readInt();
                long previousToken = hello.readLong();
                if (peer != Math.floorMod(rank - 1, p)) {
                    throw new IOException("all-reduce: worker " + rank + " expected worker " + Math.floorMod(rank - 1, p)
                            + " to connect, got " + peer);
                }
                fromPreviousLink = token != 0 && previousToken == token ? MemoryLink.open() : null;
                previous.getOutputStream().write(ByteBuffer.allocate(8).putLong(0,
                        fromPreviousLink == null ? 0 : fromPreviousLink.id()).array());
                next.socket().setSoTimeout(soTimeout);
                long nextLink = new DataInputStream(next.socket().getInputStream()).readLong();
                MemoryLink toNextLink = nextLink == 0 ? null : MemoryLink.claim(nextLink);
                if (nextLink != 0 && toNextLink == null) {
                    throw new IOException("all-reduce: worker " + rank + " found no in-process link to worker "
                            + (rank + 1) % p);
                }
                return new RingAllReduce(rank, p, next, previous.getChannel(), toNextLink, fromPreviousLink, ms);
            } catch (IOException | RuntimeException e) {
                next.close();
                if (previous != null) {
                    previous.close();
                }
                if (fromPreviousLink != null) {
                    fromPreviousLink.closeReceiving();
                }
                throw e;
            }
        }
    }

    private static SocketChannel dial(String address, long timeoutMillis) throws IOException {
        int colon = address.lastIndexOf(':');
        InetSocketAddress target = new InetSocketAddress(address.substring(0, colon),
                Integer.parseInt(address.substring(colon + 1)));
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        while (true) {
            SocketChannel s = SocketChannel.open();
            try {
                s.socket().setSendBufferSize(SOCKET_BUFFER_BYTES);
                s.socket().connect(target, (int) Math.min(Integer.MAX_VALUE, timeoutMillis));
                s.socket().setTcpNoDelay(true);
                return s;
            } catch (IOException e) {
                s.close();
                if (System.nanoTime() > deadline) {
                    throw new IOException("all-reduce: cannot connect to " + address + ": " + e.getMessage(), e);
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new IOException("all-reduce: interrupted while connecting to " + address, ie);
                }
            }
        }
    }

    /** This worker's rank. */
    public int rank() {
        return rank;
    }

    /** The number of workers. */
    public int size() {
        return size;
    }

    /** Whether messages to the next worker go through memory (it runs in this JVM) rather than TCP. */
    boolean sendsThroughMemory() {
        return toNextLink != null;
    }

    /** Replaces {@code data} by its element-wise sum over all workers (every worker calls it with the same length). */
    public void sum(float[] data) throws IOException {
        call++;
        if (size == 1) {
            return;
        }
        int p = size;
        for (int s = 0; s < p - 1; s++) {   // reduce-scatter
            exchange(data, Math.floorMod(rank - s, p), Math.floorMod(rank - s - 1, p), true);
        }
        for (int s = 0; s < p - 1; s++) {   // all-gather
            exchange(data, Math.floorMod(rank - s + 1, p), Math.floorMod(rank - s, p), false);
        }
    }

    private int start(int chunk, int n) {
        return (int) ((long) chunk * n / size);
    }

    /** Sends chunk {@code sendChunk} of {@code data} to the next worker while receiving {@code receiveChunk}. */
    private void exchange(float[] data, int sendChunk, int receiveChunk, boolean add) throws IOException {
        int n = data.length;
        int s0 = start(sendChunk, n);
        int sendCount = start(sendChunk + 1, n) - s0;
        int r0 = start(receiveChunk, n);
        int receiveCount = start(receiveChunk + 1, n) - r0;
        if (toNextLink != null) { // never waits: the TCP half below and the peers keep moving
            toNextLink.send(call, sendChunk, data, s0, sendCount);
            out.clear().limit(0);
        } else {
            frame(data, sendChunk, s0, sendCount);
        }
        if (fromPreviousLink != null) {
            in.clear().limit(0);
        } else {
            if (in.capacity() < HEADER_BYTES + 4 * receiveCount + CHECKSUM_BYTES) {
                in = frameBuffer(receiveCount);
            }
            in.clear().limit(HEADER_BYTES + 4 * receiveCount + CHECKSUM_BYTES);
        }
        transfer();
        if (fromPreviousLink != null) {
            fromPreviousLink.receive(call, receiveChunk, data, r0, receiveCount, add, timeoutMillis, "worker " + rank,
                    "worker " + Math.floorMod(rank - 1, size));
        } else {
            unframe(data, receiveChunk, r0, receiveCount, add);
        }
        if (toNextLink != null) { // the next worker reads the chunk sent from data itself: keep it until then
            toNextLink.awaitRead(timeoutMillis, "worker " + rank, "worker " + (rank + 1) % size);
        }
    }

    /** Checks the frame in {@link #in} and adds its {@code count} floats into {@code data} from {@code to}, or copies them. */
    private void unframe(float[] data, int chunk, int to, int count, boolean add) throws IOException {
        check(chunk, count);
        var floats = in.position(HEADER_BYTES).asFloatBuffer();
        if (add) {
            if (received.length < count) {
                received = new float[count];
            }
            floats.get(received, 0, count);
            add(data, to, received, 0, count);
        } else {
            floats.get(data, to, count);
        }
    }

    /** {@code dst[to, to + count) += src[from, from + count)}, by the CPU backend's vector kernel. */
    static void add(float[] dst, int to, float[] src, int from, int count) {
        HostBackend cpu = (HostBackend) Backends.CPU;
        int[] shape = {count};
        cpu.addInPlace(cpu.wrap(dst, to, shape), cpu.wrap(src, from, shape));
    }

    private static ByteBuffer frameBuffer(int floats) {
        return ByteBuffer.allocateDirect(HEADER_BYTES + 4 * floats + CHECKSUM_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Writes the frame of {@code count} floats of {@code data} from {@code from} into {@link #out}, ready to send. */
    private void frame(float[] data, int chunk, int from, int count) {
        int body = HEADER_BYTES + 4 * count;
        if (out.capacity() < body + CHECKSUM_BYTES) {
            out = frameBuffer(count);
        }
        out.clear();
        out.putInt(MAGIC).putLong(call).putInt(chunk).putInt(count);
        out.asFloatBuffer().put(data, from, count);
        crc.reset();
        crc.update(out.limit(body).position(0));
        out.limit(body + CHECKSUM_BYTES).putLong(body, crc.getValue()).position(0);
    }

    /** Sends {@link #out} and fills {@link #in} at once, waiting on the selector when neither can move. */
    private void transfer() throws IOException {
        int peer = Math.floorMod(rank - 1, size);
        while (out.hasRemaining() || in.hasRemaining()) {
            int moved = 0;
            if (out.hasRemaining()) {
                try {
                    moved += next.write(out);
                } catch (IOException e) {
                    throw new IOException("all-reduce: worker " + rank + " lost the connection to worker "
                            + (rank + 1) % size + ": " + e.getMessage(), e);
                }
            }
            if (in.hasRemaining()) {
                int got;
                try {
                    got = previous.read(in);
                } catch (IOException e) {
                    throw new IOException("all-reduce: worker " + rank + " lost the connection from worker " + peer
                            + ": " + e.getMessage(), e);
                }
                if (got < 0) {
                    throw new IOException("all-reduce: worker " + peer + " closed the connection to worker " + rank);
                }
                moved += got;
            }
            if (moved == 0) {
                toNext.interestOps(out.hasRemaining() ? SelectionKey.OP_WRITE : 0);
                fromPrevious.interestOps(in.hasRemaining() ? SelectionKey.OP_READ : 0);
                if (selector.select(timeoutMillis) == 0) {
                    throw new IOException(in.hasRemaining()
                            ? "all-reduce: worker " + rank + " heard nothing from worker " + peer + " for "
                                    + timeoutMillis + " ms"
                            : "all-reduce: worker " + rank + " could not send to worker " + (rank + 1) % size
                                    + " within " + timeoutMillis + " ms");
                }
                selector.selectedKeys().clear();
            }
        }
    }

    /** Checks the frame in {@link #in} (magic, call, chunk, length, CRC-32C). */
    private void check(int chunk, int count) throws IOException {
        int body = HEADER_BYTES + 4 * count;
        crc.reset();
        crc.update(in.limit(body).position(0));
        in.limit(body + CHECKSUM_BYTES);
        int magic = in.getInt(0);
        long seq = in.getLong(4);
        int gotChunk = in.getInt(12);
        int gotCount = in.getInt(16);
        long checksum = in.getLong(body);
        if (magic != MAGIC || seq != call || gotChunk != chunk || gotCount != count || checksum != crc.getValue()) {
            throw new IOException("all-reduce: worker " + rank + " got a corrupt frame from worker "
                    + Math.floorMod(rank - 1, size) + " (call " + seq + "/" + call + ", chunk " + gotChunk + "/" + chunk
                    + ", length " + gotCount + "/" + count + ", checksum "
                    + (checksum == crc.getValue() ? "ok" : "bad") + ")");
        }
    }

    @Override
    public void close() throws IOException {
        if (toNextLink != null) {
            toNextLink.closeSending();
        }
        if (fromPreviousLink != null) {
            fromPreviousLink.closeReceiving();
        }
        try (Selector s = selector; SocketChannel a = next; SocketChannel b = previous) {
            // closes all three
        }
    }
}
