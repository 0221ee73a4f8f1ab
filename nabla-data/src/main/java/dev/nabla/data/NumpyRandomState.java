package dev.nabla.data;

import dev.nabla.tensor.Tensor;

/**
 * NumPy's legacy {@code numpy.random.RandomState} (MT19937) for an integer seed, far enough to
 * reproduce {@code RandomState(seed).permutation(n)} and {@code random_sample()} bit for bit. It
 * exists so that Nabla can use exactly the rows a NumPy/PyTorch script used (e.g. the benchmark
 * split of {@code ../shared/bench/torch_reference.py}); Nabla's own randomness is
 * {@link dev.nabla.tensor.Generator}.
 *
 * <p>Reference: Matsumoto and Nishimura, "Mersenne Twister" (1998), {@code init_genrand} seeding;
 * NumPy's {@code _legacy_seeding}, {@code random_interval} and {@code shuffle}.
 */
public final class NumpyRandomState {
    private static final int N = 624;
    private static final int M = 397;
    private final int[] mt = new int[N];
    private int index = N;

    /** {@code numpy.random.RandomState(seed)}, for {@code 0 <= seed < 2^32}. */
    public NumpyRandomState(long seed) {
        if (seed < 0 || seed > 0xFFFFFFFFL) {
            throw new IllegalArgumentException("NumpyRandomState: seed must be in [0, 2^32), got " + seed);
        }
        mt[0] = (int) seed;
        for (int i = 1; i < N; i++) {
            mt[i] = 1812433253 * (mt[i - 1] ^ (mt[i - 1] >>> 30)) + i;
        }
    }

    /** The next 32 random bits as an unsigned value ({@code genrand_int32}). */
    public long nextUint32() {
        if (index >= N) {
            twist();
        }
        int y = mt[index++];
        y ^= y >>> 11;
        y ^= (y << 7) & 0x9d2c5680;
        y ^= (y << 15) & 0xefc60000;
        y ^= y >>> 18;
        return y & 0xFFFFFFFFL;
    }

    private void twist() {
        for (int i = 0; i < N; i++) {
            int y = (mt[i] & 0x80000000) | (mt[(i + 1) % N] & 0x7fffffff);
            mt[i] = mt[(i + M) % N] ^ (y >>> 1) ^ ((y & 1) != 0 ? 0x9908b0df : 0);
        }
        index = 0;
    }

    /** {@code random_sample()}: uniform in {@code [0, 1)} with 53 bits. */
    public double randomSample() {
        long a = nextUint32() >>> 5;
        long b = nextUint32() >>> 6;
        return (a * 67108864.0 + b) / 9007199254740992.0;
    }

    /** Uniform integer in {@code [0, max]} by masked rejection ({@code random_interval}). */
    long interval(long max) {
        if (max == 0) {
            return 0;
        }
        long mask = max;
        for (int s = 1; s <= 32; s <<= 1) {
            mask |= mask >>> s;
        }
        if (max > 0xFFFFFFFFL) {
            throw new UnsupportedOperationException("NumpyRandomState: ranges above 2^32 are not supported");
        }
        long v;
        do {
            v = nextUint32() & mask;
        } while (v > max);
        return v;
    }

    /** {@code permutation(n)}: a shuffled {@code 0..n-1} as INT64 {@code [n]}. */
    public Tensor permutation(int n) {
        long[] v = new long[n];
        for (int i = 0; i < n; i++) {
            v[i] = i;
        }
        for (int i = n - 1; i >= 1; i--) {
            int j = (int) interval(i);
            long t = v[i];
            v[i] = v[j];
            v[j] = t;
        }
        return Tensor.of(v, n);
    }
}
