package dev.nabla.tensor;

import dev.nabla.backend.BackendGraph;

/**
 * A seeded source of random numbers (xoshiro256**, seeded through SplitMix64): the same seed
 * always gives the same sequence, on every machine. Its state can be saved and restored.
 */
public final class Generator implements Stateful<long[]> {
    private static final Generator DEFAULT = new Generator(0);
    private final long[] s = new long[4];

    /** A generator seeded with {@code seed}. */
    public Generator(long seed) {
        manualSeed(seed);
    }

    /** The process-wide generator used when none is passed; see {@link Tensor#manualSeed(long)}. */
    public static Generator getDefault() {
        return DEFAULT;
    }

    /** Restarts the sequence from {@code seed}; returns {@code this}. */
    public synchronized Generator manualSeed(long seed) {
        long x = seed;
        for (int i = 0; i < 4; i++) {
            x += 0x9E3779B97F4A7C15L;
            long z = x;
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            s[i] = z ^ (z >>> 31);
        }
        return this;
    }

    /** The next 64 random bits. */
    public synchronized long nextLong() {
        BackendGraph.noteRandomDraw();
        return next();
    }

    /** Uniform in {@code [0, 1)} with 53 random bits. */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform integer in {@code [0, bound)}, without modulo bias. */
    public synchronized long nextLong(long bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive, got " + bound);
        }
        BackendGraph.noteRandomDraw();
        return below(bound);
    }

    /**
     * Shuffles {@code values} in place by Fisher–Yates, swapping each {@code values[i]}, from the
     * last down to {@code i = 1}, with {@code values[nextLong(i + 1)]}: the same permutation as
     * those calls one by one, drawn under one lock.
     */
    public synchronized void shuffle(long[] values) {
        BackendGraph.noteRandomDraw();
        for (int i = values.length - 1; i > 0; i--) {
            int j = (int) below(i + 1);
            long t = values[i];
            values[i] = values[j];
            values[j] = t;
        }
    }

    /** {@link #nextLong(long)} for a positive {@code bound}, the lock held. */
    private long below(long bound) {
        long limit = Long.MAX_VALUE - Long.MAX_VALUE % bound;
        long r;
        do {
            r = next() >>> 1;
        } while (r >= limit);
        return r % bound;
    }

    /** One xoshiro256** step, the lock held. */
    private long next() {
        long result = Long.rotateLeft(s[1] * 5, 7) * 9;
        long t = s[1] << 17;
        s[2] ^= s[0];
        s[3] ^= s[1];
        s[1] ^= s[2];
        s[0] ^= s[3];
        s[2] ^= t;
        s[3] = Long.rotateLeft(s[3], 45);
        return result;
    }

    /** Standard normal, by the Box–Muller transform (one value per two uniforms). */
    public double nextGaussian() {
        double u1 = 1.0 - nextDouble();
        double u2 = nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    /** A copy of the internal state, for checkpoints. */
    public synchronized long[] getState() {
        return s.clone();
    }

    /** Restores a state returned by {@link #getState()}. */
    public synchronized void setState(long[] state) {
        if (state.length != 4) {
            throw new IllegalArgumentException("generator state must have 4 longs, got " + state.length);
        }
        System.arraycopy(state, 0, s, 0, 4);
    }

    /** The state for checkpoints: the same as {@link #getState()}. */
    @Override
    public long[] stateDict() {
        return getState();
    }

    /** Restores a {@link #stateDict()}: the same as {@link #setState}. */
    @Override
    public void loadStateDict(long[] state) {
        setState(state);
    }
}
