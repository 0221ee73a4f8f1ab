package dev.nabla.backend.cpu;

import java.util.Arrays;

/**
 * Single-precision general matrix multiply on row-major arrays:
 * {@code C = op(A) * op(B)} (or {@code C += ...} when {@code accumulate}), where {@code op(A)} is
 * {@code m x k} and {@code op(B)} is {@code k x n}.
 *
 * <p>GotoBLAS/BLIS structure: B is packed in {@code KC x NC} panels (kept in L3), A in
 * {@code MC x KC} blocks (kept in L2), and the {@link SgemmKernel} computes {@code MR x NR}
 * register tiles reading a {@code KC x NR} sliver of B (in L1 with AVX2, in L2 with the deeper
 * AVX-512 blocks; see {@code KC}). Large products are split
 * over {@link Parallel} threads by contiguous bands of rows (or columns) of C; every element of C
 * is computed by one thread in the same summation order whatever the thread count, so results
 * are deterministic. Pack buffers are per-thread and reused, so steady-state calls allocate
 * nothing large.
 */
public final class Sgemm {
    static final int MR = SgemmKernel.MR;
    static final int NR = SgemmKernel.NR;
    /**
     * Depth of a packed block. With AVX2 (Zen 3: 32 KiB L1, 512 KiB L2) a KC x NR sliver of B
     * (16 KiB) sits in L1. With AVX-512 (Zen 5: 48 KiB L1, 1 MiB L2) a deep block is faster
     * (measured: 1024 x 48 blocks beat 256 x 168 by 3-10% on one core at n = 2048): C is read and written
     * once per block, and the kernel streams its B sliver (128 KiB) and A block (192 KiB) from L2.
     */
    static final int KC = Integer.getInteger("nabla.sgemm.kc", SgemmKernel.VL >= 16 ? 1024 : 256);
    /** Rows of a packed A block: MC x KC floats, 168 KiB (AVX2) or 192 KiB (AVX-512), sit in L2. */
    static final int MC = roundUp(Integer.getInteger("nabla.sgemm.mc", SgemmKernel.VL >= 16 ? 48 : 168), MR);
    /**
     * Columns of a packed B panel: a KC x NC panel of 4 MiB (256 x 4080 with AVX2, 1024 x 1024
     * with AVX-512), which both threads read from L3. AVX-512 panels of 1024 x 4080 (up to 16 MiB)
     * made two-thread products of n = 2048 about 5% slower (measured on a Zen 5), one-thread ones
     * no faster.
     */
    static final int NC = roundUp(Integer.getInteger("nabla.sgemm.nc", SgemmKernel.VL >= 16 ? 1024 : 4080), NR);
    /** Below this many multiply-adds a direct loop beats packing. */
    static final long DIRECT_MAX = Long.getLong("nabla.sgemm.direct", 256);
    /** Below this many multiply-adds, {@link SgemmDirect} (no packing of A) beats packing. */
    static final long SMALL_MAX = Long.getLong("nabla.sgemm.small", 1L << 18);
    /**
     * From this many multiply-adds (about 100^3, ~15 us on one core) on, the product is split
     * across threads; below it, waking a parked worker can cost more than it saves.
     */
    static final long PARALLEL_MIN = Long.getLong("nabla.sgemm.parallel", 1L << 20);

    /** Fewest MR-row tiles in one band of a multithreaded product. */
    private static final int BAND_MIN_TILES = 8;
    /** Fewest NR-column slivers in one band of a multithreaded product split by columns. */
    private static final int BAND_MIN_COL_TILES = 2;

    private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

    private Sgemm() {
    }

    /** The register tile in use, e.g. {@code "8x32-512bit"} (it depends on the processor). */
    public static String kernel() {
        return SgemmKernel.describe();
    }

    /** Per-thread pack buffers, grown on demand and then reused. */
    private static final class Buffers {
        float[] a = new float[0];
        float[] b = new float[0];
        final float[] edge = new float[MR * NR];
        /** The {@link #columnParallel} call whose whole op(A) is packed in {@code a}, if any. */
        Object aPackedFor;
    }

    /**
     * Computes {@code C[m x n] = op(A)[m x k] * op(B)[k x n]}, or adds it to C.
     *
     * @param transA whether A is stored as {@code k x m} (so {@code op(A) = A^T})
     * @param transB whether B is stored as {@code n x k}
     * @param lda    row stride of A as stored; likewise {@code ldb}, {@code ldc}
     * @param accumulate whether to add to C instead of overwriting it (with {@code k == 0}, C is
     *                   then left unchanged, else zeroed)
     */
    public static void sgemm(boolean transA, boolean transB, int m, int n, int k,
                             float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                             float[] c, int cOff, int ldc, boolean accumulate) {
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException("negative size m=" + m + " n=" + n + " k=" + k);
        }
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0) {
            if (!accumulate) {
                for (int i = 0; i < m; i++) {
                    Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, 0f);
                }
            }
            return;
        }
        long work = (long) m * n * k;
        if (work <= DIRECT_MAX) {
            SgemmSmall.direct(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc,
                    accumulate);
        } else if ((m == 1 || n == 1) && SgemmSmall.gemv(transA, transB, m, n, k,
                a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate)) {
            return;
        } else if (!transA && transB && n <= SgemmSmall.NARROW && k >= SgemmKernel.VL) {
            SgemmSmall.narrow(m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
        } else if (work < SMALL_MAX) {
            SgemmDirect.sgemm(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc,
                    accumulate);
        } else if (work < PARALLEL_MIN || Parallel.threads() == 1) {
            blocked(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
        } else if (m >= n) {
            rowParallel(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
        } else {
            columnParallel(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
        }
    }

    /**
     * The multithreaded product for {@code m >= n}, with two synchronisations in all: the threads
     * first pack the whole of op(B) into one shared buffer (the caller's), as {@code KC}-row
     * blocks of {@code NR}-column slivers, then take bands of rows of C, each packing its own A
     * blocks and running every {@code KC x NC} panel of the packed B over them. Bands are several
     * per thread, handed out as threads become free, so a core slowed by other work gets fewer
     * and no thread waits for another between panels.
     */
    private static void rowParallel(boolean transA, boolean transB, int m, int n, int k,
                                    float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                                    float[] c, int cOff, int ldc, boolean accumulate) {
        Buffers shared = BUFFERS.get();
        int kb = balance(k, KC, 1);
        int mb = balance(m, MC, MR);
        int nb = balance(n, NC, NR);
        int slivers = (n + NR - 1) / NR, nPad = slivers * NR, kBlocks = (k + kb - 1) / kb;
        // The block of rows [pc, pc + kc) of op(B) starts at pc * nPad; its sliver s at s * NR * kc.
        float[] bp = shared.b = ensure(shared.b, nPad * k);
        Parallel.forRange(kBlocks * slivers, 2, (u0, u1) -> {
            for (int u = u0; u < u1; ) {
                int pc = u / slivers * kb, kc = Math.min(kb, k - pc), s0 = u % slivers;
                int s1 = Math.min(slivers, s0 + u1 - u);
                SgemmPack.packB(transB, b, bOff, ldb, pc, s0 * NR, kc, Math.min(n, s1 * NR) - s0 * NR,
                        bp, pc * nPad + s0 * NR * kc);
                u += s1 - s0;
            }
        });
        int rowTiles = (m + MR - 1) / MR;
        int bands = Math.max(1, Math.min(rowTiles / BAND_MIN_TILES, Parallel.threads() * 4));
        Parallel.forChunks(rowTiles, bands, (t0, t1) -> {
            Buffers own = BUFFERS.get();
            own.a = ensure(own.a, mb * kb);
            int end = Math.min(m, t1 * MR);
            for (int jc = 0; jc < n; jc += nb) {
                int nc = Math.min(nb, n - jc);
                for (int pc = 0; pc < k; pc += kb) {
                    int kc = Math.min(kb, k - pc);
                    boolean add = accumulate || pc > 0;
                    for (int ic = t0 * MR; ic < end; ic += mb) {
                        int mc = Math.min(mb, end - ic);
                        SgemmPack.packA(transA, a, aOff, lda, ic, pc, mc, kc, own.a, 0);
                        macro(mc, nc, kc, own.a, 0, bp, pc * nPad + jc * kc, c, cOff + ic * ldc + jc, ldc,
                                add, own.edge);
                    }
                }
            }
        });
    }

    /**
     * The multithreaded product for {@code m < n} (a batch of rows times a wide weight, the layers
     * of an MLP): bands of column slivers of C, several per thread and handed out as threads
     * become free (as in {@link #rowParallel}).
     */
    private static void columnParallel(boolean transA, boolean transB, int m, int n, int k,
                                       float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                                       float[] c, int cOff, int ldc, boolean accumulate) {
        columnBands(transA, m, n, k, a, aOff, lda, transB, b, bOff, ldb, null, c, cOff, ldc, accumulate,
                bands(n));
    }

    /** Bands for {@link #columnBands} on all threads. */
    private static int bands(int n) {
        int colTiles = (n + NR - 1) / NR;
        return Math.max(1, Math.min(colTiles / BAND_MIN_COL_TILES, Parallel.threads() * 4));
    }

    /**
     * {@code bands} bands of column slivers of C, each packing its own B panels (or reading those
     * of {@code packed}, when not null) and running them over all of op(A). Each thread packs the
     * whole of op(A) (small: m < n) once per call, at its first band, into its own buffer, where
     * it stays in that core's L2.
     */
    private static void columnBands(boolean transA, int m, int n, int k, float[] a, int aOff, int lda,
                                    boolean transB, float[] b, int bOff, int ldb, FixedB packed,
                                    float[] c, int cOff, int ldc, boolean accumulate, int bands) {
        int kb = balance(k, KC, 1);
        int mb = balance(m, MC, MR);
        int nb = balance(n, NC, NR);
        int mPad = roundUp(m, MR);
        Object call = new Object();
        Parallel.forChunks((n + NR - 1) / NR, bands, (t0, t1) -> {
            Buffers own = BUFFERS.get();
            if (own.aPackedFor != call) {
                // Column block [pc, pc + kc) of op(A) at pc * mPad, as blocked() packs one block.
                own.a = ensure(own.a, mPad * k);
                for (int pc = 0; pc < k; pc += kb) {
                    SgemmPack.packA(transA, a, aOff, lda, 0, pc, m, Math.min(kb, k - pc), own.a, pc * mPad);
                }
                own.aPackedFor = call;
            }
            float[] ap = own.a;
            int end = Math.min(n, t1 * NR);
            if (packed == null) {
                own.b = ensure(own.b, roundUp(Math.min(nb, end - t0 * NR), NR) * kb);
            }
            for (int jc = t0 * NR; jc < end; jc += nb) {
                int nc = Math.min(nb, end - jc);
                for (int pc = 0; pc < k; pc += kb) {
                    int kc = Math.min(kb, k - pc);
                    boolean add = accumulate || pc > 0;
                    float[] bp = own.b;
                    int bo = 0;
                    if (packed == null) {
                        SgemmPack.packB(transB, b, bOff, ldb, pc, jc, kc, nc, own.b, 0);
                    } else {
                        bp = packed.packed;
                        bo = pc * packed.nPad + jc * kc;
                    }
                    for (int ic = 0; ic < m; ic += mb) {
                        macro(Math.min(mb, m - ic), nc, kc, ap, pc * mPad + ic * kc, bp, bo,
                                c, cOff + ic * ldc + jc, ldc, add, own.edge);
                    }
                }
            }
        });
    }

    /**
     * An operand {@code op(B)} ({@code k x n}) of many products {@code C = A op(B)} with the same
     * shapes (A {@code m x k}, stored as is), as a recurrence multiplies each step's state by its
     * weight: packed once, where those products take the packed path, instead of once per product.
     * {@link #multiply} gives the same bits as {@link Sgemm#sgemm} with B itself. B must not
     * change while this is in use.
     */
    static final class FixedB {
        private final boolean transB;
        private final int m;
        private final int n;
        private final int k;
        private final float[] b;
        private final int bOff;
        private final int ldb;
        /** op(B) in KC-row blocks (block pc at {@code pc * nPad}) of NR-column slivers, or null. */
        private final float[] packed;
        private final int nPad;

        FixedB(boolean transB, int m, int n, int k, float[] b, int bOff, int ldb) {
            this.transB = transB;
            this.m = m;
            this.n = n;
            this.k = k;
            this.b = b;
            this.bOff = bOff;
            this.ldb = ldb;
            this.nPad = roundUp(n, NR);
            // m, n > 1 and SMALL_MAX multiply-adds: sgemm takes one of the packed paths (not gemv, not SgemmDirect).
            if (m > 1 && n > 1 && (long) m * n * k >= SMALL_MAX) {
                packed = dev.nabla.backend.HeapBudget.emptyFloats((long) nPad * k);
                int kb = balance(k, KC, 1);
                for (int pc = 0; pc < k; pc += kb) {
                    SgemmPack.packB(transB, b, bOff, ldb, pc, 0, Math.min(kb, k - pc), n, packed, pc * nPad);
                }
            } else {
                packed = null;
            }
        }

        /** {@code C = A op(B)}, or {@code C += A op(B)} when {@code accumulate}; A is {@code m x k}. */
        void multiply(float[] a, int aOff, int lda, float[] c, int cOff, int ldc, boolean accumulate) {
            if (packed == null) {
                sgemm(false, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
            } else {
                boolean parallel = (long) m * n * k >= PARALLEL_MIN && Parallel.threads() > 1;
                columnBands(false, m, n, k, a, aOff, lda, transB, b, bOff, ldb, this, c, cOff, ldc, accumulate,
                        parallel ? bands(n) : 1);
            }
        }
    }

    /** The single-threaded packed product; see the class comment. */
    static void blocked(boolean transA, boolean transB, int m, int n, int k,
                        float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                        float[] c, int cOff, int ldc, boolean accumulate) {
        Buffers buf = BUFFERS.get();
        int kb = balance(k, KC, 1);
        int mb = balance(m, MC, MR);
        int nb = balance(n, NC, NR);
        buf.a = ensure(buf.a, mb * kb);
        buf.b = ensure(buf.b, roundUp(nb, NR) * kb);
        for (int jc = 0; jc < n; jc += nb) {
            int nc = Math.min(nb, n - jc);
            for (int pc = 0; pc < k; pc += kb) {
                int kc = Math.min(kb, k - pc);
                boolean add = accumulate || pc > 0;
                SgemmPack.packB(transB, b, bOff, ldb, pc, jc, kc, nc, buf.b, 0);
                for (int ic = 0; ic < m; ic += mb) {
                    int mc = Math.min(mb, m - ic);
                    SgemmPack.packA(transA, a, aOff, lda, ic, pc, mc, kc, buf.a, 0);
                    macro(mc, nc, kc, buf.a, 0, buf.b, 0, c, cOff + ic * ldc + jc, ldc, add, buf.edge);
                }
            }
        }
    }

    /** All register tiles of the packed A block at {@code aOff} times the packed B panel at {@code bOff}. */
    private static void macro(int mc, int nc, int kc, float[] ap, int aOff, float[] bp, int bOff,
                              float[] c, int cOff, int ldc, boolean add, float[] edge) {
        for (int jr = 0; jr < nc; jr += NR) {
            int nr = Math.min(NR, nc - jr);
            for (int ir = 0; ir < mc; ir += MR) {
                tile(Math.min(MR, mc - ir), nr, kc, ap, aOff + ir * kc, bp, bOff + jr * kc,
                        c, cOff + ir * ldc + jr, ldc, add, edge);
            }
        }
    }

    /** One register tile; edge tiles go through a scratch tile and are copied into C. */
    private static void tile(int mr, int nr, int kc, float[] ap, int ai, float[] bp, int bi,
                             float[] c, int ci, int ldc, boolean add, float[] edge) {
        if (mr == MR && nr == NR) {
            SgemmKernel.kernel(kc, ap, ai, bp, bi, c, ci, ldc, add);
        } else {
            SgemmKernel.kernel(kc, ap, ai, bp, bi, edge, 0, NR, false);
            for (int r = 0; r < mr; r++) {
                for (int j = 0; j < nr; j++) {
                    float v = edge[r * NR + j];
                    c[ci + r * ldc + j] = add ? c[ci + r * ldc + j] + v : v;
                }
            }
        }
    }

    /** Block size near {@code max} that splits {@code total} into equal blocks, a multiple of {@code unit}. */
    private static int balance(int total, int max, int unit) {
        int blocks = (total + max - 1) / max;
        return roundUp((total + blocks - 1) / blocks, unit);
    }

    private static int roundUp(int x, int unit) {
        return (x + unit - 1) / unit * unit;
    }

    private static float[] ensure(float[] buf, int size) {
        return buf.length >= size ? buf : new float[size];
    }
}
