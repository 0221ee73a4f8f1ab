package dev.nabla.autograd;

/**
 * Whether ops record the autograd graph, per thread (as in PyTorch). Use
 * {@code try (NoGrad ignored = GradMode.noGrad()) { ... }} to turn recording off in a scope.
 */
public final class GradMode {
    private static final ThreadLocal<boolean[]> DISABLED = ThreadLocal.withInitial(() -> new boolean[1]);

    private GradMode() {
    }

    /** Whether ops on this thread currently record gradients. */
    public static boolean isEnabled() {
        return !DISABLED.get()[0];
    }

    /** Turns recording off until the returned scope is closed (scopes nest). */
    public static NoGrad noGrad() {
        boolean[] flag = DISABLED.get();
        boolean previous = flag[0];
        flag[0] = true;
        return () -> flag[0] = previous;
    }

    /** Turns recording on until the returned scope is closed (for recording a backward pass). */
    public static NoGrad enableGrad() {
        boolean[] flag = DISABLED.get();
        boolean previous = flag[0];
        flag[0] = false;
        return () -> flag[0] = previous;
    }

    /** A scope with gradient recording off; closing it restores the previous mode. */
    @FunctionalInterface
    public interface NoGrad extends AutoCloseable {
        @Override
        void close();
    }
}
