package dev.nabla.spark;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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

    private final int rank;
    private final int size;
    private final Socket next;
    private final Socket previous;
    private final OutputStream toNext;
    private final DataInputStream fromPrevious;
    private final ExecutorService sender;
    private final long timeoutMillis;
    private long call;

    private RingAllReduce(int rank, int size, Socket next, Socket previous, long timeoutMillis) throws IOException {
        this.rank = rank;
        this.size = size;
        this.next = next;
        this.previous = previous;
        this.timeoutMillis = timeoutMillis;
        this.toNext = next == null ? null : next.getOutputStream();
        this.fromPrevious = previous == null ? null : new DataInputStream(previous.getInputStream());
        this.sender = size == 1 ? null : Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "nabla-allreduce-send-" + rank);
            t.setDaemon(true);
            return t;
        });
    }

    /** A listening socket on {@code host} at a free port; its {@code host:port} is what peers connect to. */
    public static ServerSocket listen(String host) throws IOException {
        ServerSocket server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getByName(host), 0));
        return server;
    }

    /** The {@code host:port} that peers use to reach {@code server}. */
    public static String address(ServerSocket server) {
        return server.getInetAddress().getHostAddress() + ":" + server.getLocalPort();
    }

    /**
     * Joins the ring: connects to worker {@code (rank+1) mod p} and accepts worker {@code (rank-1) mod p}
     * on {@code server} (which is then closed).
     *
     * @param addresses every worker's {@code host:port}, by rank ({@code p = addresses.size()})
     * @param timeout   how long to wait for a peer, when connecting and for every message
     */
    public static RingAllReduce connect(ServerSocket server, int rank, List<String> addresses, Duration timeout)
            throws IOException {
        int p = addresses.size();
        if (rank < 0 || rank >= p) {
            throw new IllegalArgumentException("all-reduce: rank " + rank + " outside 0.." + (p - 1));
        }
        long ms = timeout.toMillis();
        try (server) {
            if (p == 1) {
                return new RingAllReduce(0, 1, null, null, ms);
            }
            Socket next = dial(addresses.get((rank + 1) % p), ms);
            new DataOutputStream(next.getOutputStream()).writeInt(rank);
            server.setSoTimeout((int) Math.min(Integer.MAX_VALUE, ms));
            Socket previous;
            try {
                previous = server.accept();
            } catch (SocketTimeoutException e) {
                next.close();
                throw new IOException("all-reduce: worker " + rank + " waited " + ms + " ms for worker "
                        + Math.floorMod(rank - 1, p) + " to connect", e);
            }
            previous.setSoTimeout((int) Math.min(Integer.MAX_VALUE, ms));
            previous.setTcpNoDelay(true);
            int peer = new DataInputStream(previous.getInputStream()).readInt();
            if (peer != Math.floorMod(rank - 1, p)) {
                next.close();
                previous.close();
                throw new IOException("all-reduce: worker " + rank + " expected worker " + Math.floorMod(rank - 1, p)
                        + " to connect, got " + peer);
            }
            return new RingAllReduce(rank, p, next, previous, ms);
        }
    }

    private static Socket dial(String address, long timeoutMillis) throws IOException {
        int colon = address.lastIndexOf(':');
        InetSocketAddress target = new InetSocketAddress(address.substring(0, colon),
                Integer.parseInt(address.substring(colon + 1)));
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        while (true) {
            Socket s = new Socket();
            try {
                s.connect(target, (int) Math.min(Integer.MAX_VALUE, timeoutMillis));
                s.setTcpNoDelay(true);
                s.setSendBufferSize(1 << 20);
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

    private void exchange(float[] data, int sendChunk, int receiveChunk, boolean add) throws IOException {
        int n = data.length;
        int s0 = start(sendChunk, n);
        byte[] frame = frame(data, sendChunk, s0, start(sendChunk + 1, n) - s0);
        Future<?> sent = sender.submit(() -> {
            toNext.write(frame);
            toNext.flush();
            return null;
        });
        int r0 = start(receiveChunk, n);
        receive(data, receiveChunk, r0, start(receiveChunk + 1, n) - r0, add);
        try {
            sent.get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IOException("all-reduce: worker " + rank + " could not send to worker " + (rank + 1) % size
                    + " within " + timeoutMillis + " ms", e);
        } catch (ExecutionException e) {
            throw new IOException("all-reduce: worker " + rank + " failed to send to worker " + (rank + 1) % size
                    + ": " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("all-reduce: interrupted", e);
        }
    }

    private byte[] frame(float[] data, int chunk, int from, int count) {
        ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES + 4 * count + 8).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(MAGIC).putLong(call).putInt(chunk).putInt(count);
        b.asFloatBuffer().put(data, from, count);
        b.position(HEADER_BYTES + 4 * count);
        CRC32C crc = new CRC32C();
        crc.update(b.array(), 0, HEADER_BYTES + 4 * count);
        b.putLong(crc.getValue());
        return b.array();
    }

    private void receive(float[] data, int chunk, int from, int count, boolean add) throws IOException {
        int peer = Math.floorMod(rank - 1, size);
        byte[] bytes = new byte[HEADER_BYTES + 4 * count + 8];
        try {
            fromPrevious.readFully(bytes);
        } catch (SocketTimeoutException e) {
            throw new IOException("all-reduce: worker " + rank + " heard nothing from worker " + peer + " for "
                    + timeoutMillis + " ms", e);
        } catch (EOFException e) {
            throw new IOException("all-reduce: worker " + peer + " closed the connection to worker " + rank, e);
        } catch (IOException e) {
            throw new IOException("all-reduce: worker " + rank + " lost the connection from worker " + peer + ": "
                    + e.getMessage(), e);
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, HEADER_BYTES + 4 * count);
        int magic = b.getInt();
        long seq = b.getLong();
        int gotChunk = b.getInt();
        int gotCount = b.getInt();
        long checksum = b.getLong(HEADER_BYTES + 4 * count);
        if (magic != MAGIC || seq != call || gotChunk != chunk || gotCount != count || checksum != crc.getValue()) {
            throw new IOException("all-reduce: worker " + rank + " got a corrupt frame from worker " + peer
                    + " (call " + seq + "/" + call + ", chunk " + gotChunk + "/" + chunk + ", length " + gotCount + "/"
                    + count + ", checksum " + (checksum == crc.getValue() ? "ok" : "bad") + ")");
        }
        var floats = b.asFloatBuffer();
        if (add) {
            for (int i = 0; i < count; i++) {
                data[from + i] += floats.get(i);
            }
        } else {
            floats.get(data, from, count);
        }
    }

    @Override
    public void close() throws IOException {
        if (sender != null) {
            sender.shutdownNow();
        }
        try (Socket a = next; Socket b = previous) {
            // closes both
        }
    }
}
