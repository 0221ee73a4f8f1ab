package dev.nabla.cuda;

import dev.nabla.backend.AdamStep;
import dev.nabla.backend.Backend;
import dev.nabla.backend.BinaryOp;
import dev.nabla.backend.DType;
import dev.nabla.backend.LayerNormGrads;
import dev.nabla.backend.LayerNormOutput;
import dev.nabla.backend.LstmCellGrads;
import dev.nabla.backend.LstmCellOutput;
import dev.nabla.backend.MaxPoolOutput;
import dev.nabla.backend.NDArray;
import dev.nabla.backend.ReduceOp;
import dev.nabla.backend.UnaryOp;
import dev.nabla.backend.Window2d;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * A representative set of {@code Backend} calls, each touching every kernel path of
 * {@link CudaBackend} (strided and broadcast views, every op, every dtype family, the host
 * fallbacks): run on a fake runtime to check launch signatures, and on a GPU against {@code ref}.
 * Each case builds its inputs on the backend it is given (the same values everywhere) and returns
 * the arrays to compare.
 */
final class Workload {
    /** One named call. */
    record Case(String name, Function<Backend, NDArray[]> run) {
        @Override
        public String toString() {
            return name;
        }
    }

    private Workload() {
    }

    static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        for (UnaryOp op : UnaryOp.values()) {
            cases.add(new Case("unary " + op + " float32 transposed", b -> one(b.unary(op, transposed(floats(b, 3, 4, 1))))));
            cases.add(new Case("unary " + op + " float64", b -> one(b.unary(op, doubles(b, 5, 2)))));
            cases.add(new Case("unary " + op + " int64", b -> one(b.unary(op, longs(b, 6, -3)))));
            cases.add(new Case("unaryBackward " + op, b -> {
                NDArray x = floats(b, 4, 3, 3);
                return one(b.unaryBackward(op, x, b.unary(op, x), transposed(floats(b, 3, 4, 4))));
            }));
        }
        for (BinaryOp op : BinaryOp.values()) {
            cases.add(new Case("binary " + op + " float32 broadcast", b -> one(b.binary(op, floats(b, 3, 1, 5), floats(b, 4, 6)))));
            cases.add(new Case("binary " + op + " int64", b -> one(b.binary(op, longs(b, 8, -4), nonZero(b, 8)))));
            cases.add(new Case("binary " + op + " float64 and int64", b -> one(b.binary(op, doubles(b, 2, 4, 7), nonZero(b, 4)))));
        }
        cases.add(new Case("binary ADD bool", b -> one(b.binary(BinaryOp.ADD, bools(b, 6), bools(b, 6)))));
        cases.add(new Case("where", b -> one(b.where(bools(b, 3, 1), floats(b, 4, 8), longs(b, 4, 0)))));
        cases.add(new Case("copy transposed to int64, bool, float64", b -> {
            NDArray x = transposed(floats(b, 3, 5, 9));
            return new NDArray[] {b.copy(x, DType.INT64), b.copy(x, DType.BOOL), b.copy(x, DType.FLOAT64)};
        }));
        cases.add(new Case("assign, addInPlace, fill into views", b -> {
            NDArray dst = b.zeros(DType.FLOAT32, new int[] {4, 6});
            NDArray slice = dst.view(new int[] {4, 3}, new int[] {6, 2}, 1);
            b.assign(slice, floats(b, 3, 10));
            b.addInPlace(dst, floats(b, 6, 11));
            b.fill(dst.view(new int[] {2}, new int[] {7}, 0), -2.5);
            NDArray l = b.full(DType.INT64, new int[] {3}, 7);
            b.addInPlace(l, longs(b, 3, 1));
            return new NDArray[] {dst, l};
        }));
        for (ReduceOp op : ReduceOp.values()) {
            cases.add(new Case("reduce " + op, b -> {
                NDArray x = floats(b, 3, 4, 5, 12);
                return new NDArray[] {b.reduce(op, x, new int[] {1}, false), b.reduce(op, x, new int[] {0, 2}, true),
                        b.reduce(op, transposed(x), new int[] {0, 1, 2}, false), b.reduce(op, longs(b, 9, -2), new int[] {0}, false),
                        b.reduce(op, doubles(b, 300, 13), new int[] {0}, false)};
            }));
        }
        cases.add(new Case("argReduce", b -> {
            NDArray x = floats(b, 3, 7, 14);
            return new NDArray[] {b.argReduce(true, x, 1, false), b.argReduce(false, x, 0, true),
                    b.argReduce(true, longs(b, 5, 3), 0, false)};
        }));
        cases.add(new Case("softmax", b -> {
            NDArray x = floats(b, 2, 3, 5, 15);
            return new NDArray[] {b.softmax(x, 2, false), b.softmax(x, 1, true), b.softmax(doubles(b, 4, 300, 16), 1, false)};
        }));
        cases.add(new Case("matmul", b -> {
            NDArray a = floats(b, 2, 3, 4, 17);
            NDArray w = floats(b, 4, 5, 18);
            NDArray wBatch = w.view(new int[] {2, 4, 5}, new int[] {0, 5, 1}, 0);
            return new NDArray[] {b.matmul(a, wBatch), b.matmul(transposed(floats(b, 4, 3, 19)), w),
                    b.matmul(doubles(b, 3, 2, 20), doubles(b, 2, 3, 21)), b.matmul(longs(b, 2, 2, 5), longs(b, 2, 2, -1)),
                    b.matmul(transposed(a), transposed(floats(b, 2, 6, 3, 22)))};
        }));
        cases.add(new Case("indexSelect, indexAdd, gather, scatterAdd", b -> {
            NDArray x = floats(b, 4, 5, 23);
            NDArray idx = b.upload(new long[] {3, 0, 3}, new int[] {3});
            NDArray gi = b.upload(new long[] {1, 0, 4, 4, 2, 2}, new int[] {2, 3});
            return new NDArray[] {b.indexSelect(x, 1, idx), b.indexSelect(transposed(x), 0, idx),
                    b.indexAdd(x, 0, idx, floats(b, 3, 5, 24)), b.gather(x, 1, gi), b.scatterAdd(x, 1, gi, floats(b, 2, 3, 25)),
                    b.scatterAdd(longs(b, 4, 5, 2), 1, gi, longs(b, 2, 3, 7))};
        }));
        cases.add(new Case("linear", b -> {
            NDArray x = floats(b, 5, 3, 26);
            NDArray w = floats(b, 4, 3, 27);
            return new NDArray[] {b.linear(x, w, floats(b, 4, 28), UnaryOp.RELU), b.linear(x, w, null, null),
                    b.linear(x, w, floats(b, 4, 29), null)};
        }));
        cases.add(new Case("layerNorm and backward", b -> {
            NDArray x = floats(b, 3, 40, 30);
            NDArray w = floats(b, 40, 31);
            LayerNormOutput y = b.layerNorm(x, w, floats(b, 40, 32), 1e-5);
            LayerNormGrads g = b.layerNormBackward(floats(b, 3, 40, 33), x, y.mean(), y.rstd(), w, true, true, true);
            LayerNormGrads g2 = b.layerNormBackward(floats(b, 3, 40, 33), x, y.mean(), y.rstd(), null, true, false, true);
            return new NDArray[] {y.y(), y.mean(), y.rstd(), g.dx(), g.dweight(), g.dbias(), g2.dx(), g2.dbias(),
                    b.layerNorm(transposed(floats(b, 40, 3, 34)), null, null, 1e-5).y()};
        }));
        cases.add(new Case("lstmCell and backward", b -> {
            NDArray c = floats(b, 2, 3, 35);
            LstmCellOutput o = b.lstmCell(floats(b, 2, 12, 36), floats(b, 2, 12, 37), c);
            NDArray cNew = o.hc().view(new int[] {2, 3}, new int[] {3, 1}, 6);
            LstmCellGrads g = b.lstmCellBackward(floats(b, 2, 3, 38), floats(b, 2, 3, 39), c, cNew, o.gates());
            return new NDArray[] {o.hc(), o.gates(), g.dGates(), g.dc()};
        }));
        for (boolean amsgrad : new boolean[] {false, true}) {
            cases.add(new Case("adamStep amsgrad=" + amsgrad, b -> {
                NDArray p = floats(b, 7, 40);
                NDArray m = floats(b, 7, 41);
                NDArray v = b.unary(UnaryOp.ABS, floats(b, 7, 42));
                NDArray vMax = amsgrad ? b.unary(UnaryOp.ABS, floats(b, 7, 43)) : null;
                b.adamStep(p, floats(b, 7, 44), m, v, vMax, new AdamStep(1e-2, 0.9, 0.999, 1e-8, 0.1, amsgrad, 3));
                return amsgrad ? new NDArray[] {p, m, v, vMax} : new NDArray[] {p, m, v};
            }));
        }
        cases.add(new Case("host fallbacks", b -> {
            NDArray x = floats(b, 1, 2, 5, 5, 45);
            Window2d g = Window2d.of(5, 5, 3, 3, 1, 1, 1, 1, 1, 1);
            MaxPoolOutput pool = b.maxPool2d(x, g);
            NDArray idx = b.upload(new long[] {1, 0, 2, 2, 0, 1}, new int[] {2, 3});
            return new NDArray[] {b.cumulative(floats(b, 3, 4, 46), 1, false), b.argsort(floats(b, 3, 4, 47), 1, true),
                    b.scatter(floats(b, 3, 4, 48), 0, idx, floats(b, 2, 3, 49), null), b.unfold(x, g),
                    b.fold(b.unfold(x, g), g), pool.values(), pool.indices(), b.maxPool2dBackward(pool.values(), pool.indices(), g),
                    b.conv2d(x, floats(b, 3, 2, 3, 3, 50), floats(b, 3, 51), g, 1)};
        }));
        return cases;
    }

    static Stream<Case> stream() {
        return cases().stream();
    }

    // ---- inputs: the same values on every backend (the last shape argument is the seed)

    /** float32 of the shape given by all but the last argument, normal values seeded by the last. */
    static NDArray floats(Backend b, int... shapeAndSeed) {
        int[] shape = Arrays.copyOf(shapeAndSeed, shapeAndSeed.length - 1);
        Random r = new Random(shapeAndSeed[shapeAndSeed.length - 1]);
        float[] v = new float[dev.nabla.backend.Shape.numel(shape)];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (r.nextGaussian() * 1.5);
        }
        return b.upload(v, shape);
    }

    static NDArray doubles(Backend b, int... shapeAndSeed) {
        return b.copy(floats(b, shapeAndSeed), DType.FLOAT64);
    }

    /** int64 {@code start, start+1, ...} of the shape given by all but the last argument. */
    static NDArray longs(Backend b, int... shapeAndStart) {
        int[] shape = Arrays.copyOf(shapeAndStart, shapeAndStart.length - 1);
        long[] v = new long[dev.nabla.backend.Shape.numel(shape)];
        for (int i = 0; i < v.length; i++) {
            v[i] = shapeAndStart[shapeAndStart.length - 1] + i;
        }
        return b.upload(v, shape);
    }

    /** int64 {@code [n]} without zeros (divisors), of both signs. */
    static NDArray nonZero(Backend b, int n) {
        long[] v = new long[n];
        for (int i = 0; i < n; i++) {
            v[i] = (i % 2 == 0 ? 1 : -1) * (i / 2 + 1);
        }
        return b.upload(v, new int[] {n});
    }

    static NDArray bools(Backend b, int... shape) {
        boolean[] v = new boolean[dev.nabla.backend.Shape.numel(shape)];
        for (int i = 0; i < v.length; i++) {
            v[i] = i % 3 != 1;
        }
        return b.upload(v, shape);
    }

    /** {@code x [.., p, q]} seen as {@code [.., q, p]} (a strided view). */
    static NDArray transposed(NDArray x) {
        int r = x.rank();
        int[] s = x.shapeRef().clone();
        int[] st = x.stridesRef().clone();
        int t = s[r - 1]; s[r - 1] = s[r - 2]; s[r - 2] = t;
        t = st[r - 1]; st[r - 1] = st[r - 2]; st[r - 2] = t;
        return x.view(s, st, x.offset());
    }

    private static NDArray[] one(NDArray a) {
        return new NDArray[] {a};
    }
}
