package dev.nabla.cuda;

/**
 * The launch configuration of a kernel: a grid of {@code x × y × z} blocks of
 * {@code blockX × blockY} threads, with {@code sharedBytes} of dynamic shared memory per block.
 */
public record Grid(int x, int y, int z, int blockX, int blockY, int sharedBytes) {
    /** Threads per block for elementwise kernels. */
    public static final int BLOCK = 256;

    public Grid {
        if (x < 1 || y < 1 || z < 1 || blockX < 1 || blockY < 1 || blockX * blockY > 1024 || sharedBytes < 0) {
            throw new IllegalArgumentException("bad launch configuration " + x + "x" + y + "x" + z
                    + " blocks of " + blockX + "x" + blockY + " threads, " + sharedBytes + " shared bytes");
        }
    }

    /** Enough blocks of {@link #BLOCK} threads to cover {@code n} elements, one per thread (at least one block). */
    public static Grid linear(long n) {
        return new Grid((int) Math.max(1, Math.min((n + BLOCK - 1) / BLOCK, Integer.MAX_VALUE)), 1, 1, BLOCK, 1, 0);
    }

    /** One block of {@code threads} threads per row, {@code rows} rows, with {@code sharedBytes} of shared memory. */
    public static Grid rows(int rows, int threads, int sharedBytes) {
        return new Grid(Math.max(1, rows), 1, 1, threads, 1, sharedBytes);
    }
}
