package dev.nabla.backend;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.reflect.Array;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The backend calls of one run of some code, recorded so that they can be replayed without the
 * code, as a CUDA graph replays the kernels of a captured stream ({@code torch.cuda.CUDAGraph}).
 *
 * <p>{@link #capture} runs its body with every backend the body reaches (through
 * {@code Tensor.backend()} or {@code Backends.getDefault()}) wrapped by a recorder: each call
 * runs as usual and is noted with its arguments and the arrays it allocated. The graph owns those
 * arrays from then on: the {@link ArrayPool} never sees them. {@link #replay} calls the same
 * methods with the same arguments again, and every allocation inside a call returns the array
 * the capture gave it (zeroed when the kernel asks for zeros), so each kernel writes where the
 * captured one wrote and the next one reads it there: the autograd graph, the tensors and the
 * Java code between the calls are skipped. To feed new data, write it into an array the capture
 * read (e.g. {@code backend.assign(capturedInput, newBatch)}) before replaying.
 *
 * <p>As with CUDA graphs, the captured code must do the same thing every time it runs with the
 * same shapes: the values it uploads are replayed as they are then (by reference), and Java
 * state that changes between runs (a counter, a schedule) is not seen. What can be detected
 * makes the graph {@linkplain #replayable() not replayable}, with the {@linkplain #reason() reason}:
 * a value read back to the host (a decision may depend on it), a random draw, an array allocated
 * outside a backend call, a result that is not an array the call allocated or received.
 */
public final class BackendGraph {
    private static final ThreadLocal<BackendGraph> CURRENT = new ThreadLocal<>();
    private static final VarHandle ACTIVE;
    /** Threads capturing or replaying now; while 0 the hooks cost one read of this field. */
    @SuppressWarnings("unused") // read and written through ACTIVE
    private static volatile int active;

    static {
        try {
            ACTIVE = MethodHandles.lookup().findStaticVarHandle(BackendGraph.class, "active", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * One recorded call: {@code method} of {@code target} on {@code args}, the arrays it
     * allocated, in order, and for a query (a method returning a boolean) the answer it gave.
     */
    private record Call(Backend target, Method method, Object[] args, List<Object> arrays, Object[] answer) {
        Call(Backend target, Method method, Object[] args) {
            this(target, method, args, new ArrayList<>(), new Object[1]);
        }

        boolean isQuery() {
            return method.getReturnType() == boolean.class;
        }
    }

    private static final String OUTSIDE = "it allocates an array outside a backend call";

    private final List<Call> calls = new ArrayList<>();
    /** Queries on data the step receives (not computes): asked again before a replay, which they must answer alike. */
    private final List<Call> queries = new ArrayList<>();
    /** While capturing: every array the calls so far allocated. */
    private final Set<Object> allocated = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Map<Backend, Backend> recorders = new IdentityHashMap<>();
    private boolean capturing;
    private String reason;
    /** The call running now (capture: noting its arrays; replay: handing them out), or null. */
    private Call open;
    private int next;

    private BackendGraph() {
    }

    /**
     * Runs {@code body} once, for real, recording the backend calls it makes on this thread.
     * Whatever {@code body} throws is rethrown (the graph is then lost).
     */
    public static BackendGraph capture(Runnable body) {
        if (CURRENT.get() != null) {
            throw new IllegalStateException("BackendGraph.capture: already capturing or replaying on this thread");
        }
        BackendGraph g = new BackendGraph();
        g.capturing = true;
        g.enter();
        try {
            body.run();
        } finally {
            g.capturing = false;
            g.exit();
        }
        return g;
    }

    /** Whether {@link #replay} reproduces the capture (nothing that depends on data or chance was seen). */
    public boolean replayable() {
        return reason == null;
    }

    /** Why the graph is not replayable, or null. */
    public String reason() {
        return reason;
    }

    /** The number of recorded backend calls. */
    public int size() {
        return calls.size();
    }

    /**
     * Runs the recorded calls again, in order, on the arrays of the capture; first it asks the
     * recorded queries again (e.g. whether the new targets hold an ignore index) and, if one
     * answers otherwise than when captured, runs nothing and returns false.
     *
     * @throws IllegalStateException if the graph is not replayable, or a call allocates other
     *                               arrays than it did when captured (then the arrays hold a partial step)
     */
    public boolean replay() {
        if (reason != null) {
            throw new IllegalStateException("BackendGraph.replay: not replayable: " + reason);
        }
        if (CURRENT.get() != null) {
            throw new IllegalStateException("BackendGraph.replay: already capturing or replaying on this thread");
        }
        enter();
        try {
            for (Call q : queries) {
                if (!run(q).equals(q.answer[0])) {
                    return false;
                }
            }
            for (Call c : calls) {
                run(c);
            }
            return true;
        } finally {
            open = null;
            exit();
        }
    }

    /** Makes call {@code c} again, handing it its captured arrays. */
    private Object run(Call c) {
        open = c;
        next = 0;
        Object result = invoke(c.target, c.method, c.args);
        if (next != c.arrays.size()) {
            throw diverged(c, "allocated " + next + " arrays, " + c.arrays.size() + " when captured");
        }
        return result;
    }

    private void enter() {
        CURRENT.set(this);
        ACTIVE.getAndAdd(1);
    }

    private void exit() {
        ACTIVE.getAndAdd(-1);
        CURRENT.remove();
    }

    // ---- hooks: Tensor.backend(), Backends.getDefault(), Tensor's constructor, Generator, HeapBudget

    /** {@code b}, or while this thread captures, its recorder. */
    public static Backend intercept(Backend b) {
        if ((int) ACTIVE.getOpaque() == 0) {
            return b;
        }
        BackendGraph g = CURRENT.get();
        if (g == null || !g.capturing || b instanceof Proxy) {
            return b;
        }
        return g.recorders.computeIfAbsent(b, real -> (Backend) Proxy.newProxyInstance(
                Backend.class.getClassLoader(), new Class<?>[] {Backend.class}, new Recorder(real)));
    }

    /**
     * The backend behind a recorder {@link #intercept} made (even after its capture: a closure
     * of the captured code may still hold it), or {@code b} itself.
     */
    public static Backend unwrap(Backend b) {
        return b instanceof Proxy p && Proxy.getInvocationHandler(p) instanceof Recorder r ? r.real : b;
    }

    /** Notes a random draw: a capture that makes one is not replayable (the replay would not draw). */
    public static void noteRandomDraw() {
        if ((int) ACTIVE.getOpaque() != 0) {
            BackendGraph g = CURRENT.get();
            if (g != null && g.capturing) {
                g.refuse("it draws random numbers (dropout, random init)");
            }
        }
    }

    /**
     * For {@link HeapBudget}: the array for an allocation of {@code n} elements of
     * {@code dtype} on this thread while it captures (a fresh or pooled one, noted for the call
     * running) or replays (the captured one); null when it does neither.
     */
    static Object allocate(DType dtype, long n, boolean zeroed) {
        if ((int) ACTIVE.getOpaque() == 0) {
            return null;
        }
        BackendGraph g = CURRENT.get();
        if (g == null) {
            return null;
        }
        if (g.capturing) {
            Object a = HeapBudget.unnoted(dtype, n, zeroed);
            if (g.open == null) {
                g.refuse(OUTSIDE);
            } else {
                g.open.arrays.add(a);
            }
            return a;
        }
        Call c = g.open;
        if (c == null || g.next >= c.arrays.size()) {
            throw g.diverged(c, "allocated more arrays than when captured");
        }
        Object a = c.arrays.get(g.next++);
        if (ArrayPool.dtypeOf(a) != dtype || Array.getLength(a) != n) {
            throw g.diverged(c, "allocated a " + dtype.shortName() + " array of " + n + " elements where the capture had "
                    + ArrayPool.dtypeOf(a).shortName() + " of " + Array.getLength(a));
        }
        if (zeroed) {
            ArrayPool.clear(a);
        }
        return a;
    }

    /** Whether the arrays {@code c} reads are none the graph's calls allocated (so it can be asked before them). */
    private boolean received(Call c) {
        List<NDArray> ins = new ArrayList<>();
        for (Object a : c.args) {
            Recorder.arrays(a, ins);
        }
        for (NDArray x : ins) {
            Object host = HostMemory.array(x.storage());
            if (host == null || allocated.contains(host)) {
                return false;
            }
        }
        return true;
    }

    /** Notes why the graph cannot be replayed; the first reason wins, except over {@link #OUTSIDE} (often a symptom). */
    private void refuse(String why) {
        if (reason == null || reason.equals(OUTSIDE)) {
            reason = why;
        }
    }

    private IllegalStateException diverged(Call c, String what) {
        return new IllegalStateException("BackendGraph.replay: " + (c == null ? "code outside a backend call"
                : "backend call " + c.method.getName()) + " " + what + "; the captured code does not do the same thing twice");
    }

    private static Object invoke(Backend target, Method m, Object[] args) {
        try {
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            Throwable t = e.getCause();
            if (t instanceof RuntimeException r) {
                throw r;
            }
            if (t instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(t);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Records the calls made through a backend while its graph captures; passes them straight through otherwise. */
    private static final class Recorder implements InvocationHandler {
        private final Backend real;

        Recorder(Backend real) {
            this.real = real;
        }

        @Override
        public Object invoke(Object proxy, Method m, Object[] args) {
            if (m.getDeclaringClass() == Object.class) {
                return switch (m.getName()) {
                    case "equals" -> proxy == args[0];
                    case "hashCode" -> System.identityHashCode(proxy);
                    default -> real.toString();
                };
            }
            BackendGraph g = CURRENT.get();
            if (g == null || !g.capturing || g.open != null || args == null) { // no arrays involved, or nested
                return BackendGraph.invoke(real, m, args);
            }
            if (m.getName().equals("download")) {
                g.refuse("it reads a value back to the host (" + m.getName() + ")");
                return BackendGraph.invoke(real, m, args);
            }
            Call c = new Call(real, m, args);
            g.open = c;
            Object result;
            try {
                result = BackendGraph.invoke(real, m, args);
            } finally {
                g.open = null;
            }
            if (c.isQuery()) {
                c.answer[0] = result;
                g.queries.add(c);
                if (!g.received(c)) {
                    g.refuse("it branches on a value it computes (" + m.getName() + ")");
                }
            } else {
                g.calls.add(c);
                if (!covered(result, c)) {
                    g.refuse("backend call " + m.getName() + " returned an array it neither allocated nor received");
                }
            }
            g.allocated.addAll(c.arrays);
            return result;
        }

        /** Whether every array behind {@code result} was allocated by the call or is one of its arguments. */
        private static boolean covered(Object result, Call c) {
            List<NDArray> outs = new ArrayList<>();
            arrays(result, outs);
            if (outs.isEmpty()) {
                return true;
            }
            Set<Object> known = Collections.newSetFromMap(new IdentityHashMap<>());
            known.addAll(c.arrays);
            List<NDArray> ins = new ArrayList<>();
            for (Object a : c.args) {
                if (a != null && a.getClass().isArray()) {
                    known.add(a); // an uploaded host array, wrapped as it is
                } else {
                    arrays(a, ins);
                }
            }
            ins.forEach(x -> known.add(x.storage()));
            for (NDArray o : outs) {
                Object host = HostMemory.array(o.storage());
                if (!known.contains(o.storage()) && (host == null || !known.contains(host))) {
                    return false;
                }
            }
            return true;
        }

        /** The arrays in {@code v}: an NDArray, or the components of a record of them (LstmCellOutput, ...). */
        private static void arrays(Object v, List<NDArray> out) {
            if (v instanceof NDArray a) {
                out.add(a);
            } else if (v != null && v.getClass().isRecord()) {
                for (RecordComponent rc : v.getClass().getRecordComponents()) {
                    try {
                        arrays(rc.getAccessor().invoke(v), out);
                    } catch (ReflectiveOperationException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        }
    }
}
