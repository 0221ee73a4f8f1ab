package dev.nabla.ops;

import static dev.nabla.ops.OpCase.f;
import static dev.nabla.ops.OpCase.index;
import static dev.nabla.ops.OpCase.mask;
import static dev.nabla.ops.OpCase.nonzero;
import static dev.nabla.ops.OpCase.of;
import static dev.nabla.ops.OpCase.positive;
import static dev.nabla.ops.OpCase.range;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.backend.UnaryOp;
import dev.nabla.ops.OpCase.Input;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * Every op's test cases, in one place (like PyTorch's OpInfo database). Shapes cover size-1
 * dims, sizes that leave vector tails, broadcasting, scalars and seeded random shapes;
 * {@link OpCaseTest} adds non-contiguous variants of each. Public, in nabla-core's test-jar,
 * for the other backends' parity tests (nabla-cuda's).
 */
public final class OpCatalog {
    private OpCatalog() {
    }

    /** Shapes every elementwise op is tried on. */
    private static final int[][] SHAPES = {{}, {1}, {7}, {3, 5}, {2, 1, 9}, {4, 17}};

    /** Operand pairs for broadcasting binary ops. */
    private static final int[][][] PAIRS = {
        {{3, 5}, {3, 5}}, {{4, 17}, {17}}, {{3, 1}, {1, 4}}, {{2, 3, 4}, {3, 1}}, {{9}, {}}, {{}, {2, 3}}, {{1}, {33}}};

    /** Every case. */
    public static List<OpCase> all() {
        List<OpCase> cases = new ArrayList<>();
        unary(cases);
        binary(cases);
        reductions(cases);
        views(cases);
        indexing(cases);
        linearAlgebra(cases);
        recurrent(cases);
        normalization(cases);
        everydayOps(cases);
        ConvCatalog.add(cases);
        edges(cases);
        return cases;
    }

    /**
     * Two random shapes per op (rank 1 to 3, sizes 1 to 19), seeded by the op's name so that runs
     * repeat, to cover sizes the fixed lists miss.
     */
    private static int[][] randomShapes(String op) {
        Generator g = new Generator(op.hashCode());
        int[][] shapes = new int[2][];
        for (int i = 0; i < shapes.length; i++) {
            shapes[i] = new int[1 + (int) g.nextLong(3)];
            for (int d = 0; d < shapes[i].length; d++) {
                shapes[i][d] = 1 + (int) g.nextLong(19);
            }
        }
        return shapes;
    }

    /** A random shape that broadcasts to {@code s}: some dims set to 1, maybe a leading dim dropped. */
    private static int[] broadcastable(int[] s, Generator g) {
        int[] b = java.util.Arrays.copyOfRange(s, s.length > 1 && g.nextDouble() < 0.5 ? 1 : 0, s.length);
        for (int d = 0; d < b.length; d++) {
            if (g.nextDouble() < 0.4) {
                b[d] = 1;
            }
        }
        return b;
    }

    private static void each(List<OpCase> cases, String op, IntFunction<Input> input, Function<Tensor[], Tensor> fn) {
        for (int[] s : java.util.stream.Stream.concat(java.util.Arrays.stream(SHAPES),
                java.util.Arrays.stream(randomShapes(op))).toList()) {
            Input proto = input.apply(0);
            cases.add(of(op, fn, new Input(proto.kind(), s, proto.lo(), proto.hi(), 0)));
        }
    }

    private static void unary(List<OpCase> c) {
        each(c, "neg", i -> f(), x -> x[0].neg());
        each(c, "exp", i -> f(), x -> x[0].exp());
        each(c, "log", i -> positive(), x -> x[0].log());
        each(c, "log1p", i -> range(-0.5, 3), x -> x[0].log1p());
        each(c, "sqrt", i -> positive(), x -> x[0].sqrt());
        each(c, "rsqrt", i -> positive(), x -> x[0].rsqrt());
        each(c, "abs", i -> nonzero(), x -> x[0].abs());
        each(c, "sign", i -> nonzero(), x -> x[0].sign());
        each(c, "erf", i -> f(), x -> x[0].erf());
        each(c, "pow scalar", i -> positive(), x -> x[0].pow(2.5));
        each(c, "clamp", i -> nonzero(), x -> x[0].clamp(-1.1, 0.9));
        each(c, "sigmoid", i -> range(-6, 6), x -> x[0].sigmoid());
        each(c, "tanh", i -> f(), x -> x[0].tanh());
        each(c, "relu", i -> nonzero(), x -> x[0].relu());
        each(c, "leakyRelu", i -> nonzero(), x -> x[0].leakyRelu(0.1));
        each(c, "elu", i -> nonzero(), x -> x[0].elu(0.7));
        each(c, "gelu", i -> f(), x -> x[0].gelu());
        each(c, "gelu tanh", i -> f(), x -> x[0].gelu(true));
        each(c, "silu", i -> f(), x -> x[0].silu());
        each(c, "softplus", i -> range(-4, 4), x -> x[0].softplus());
        c.add(of("softplus threshold", x -> x[0].softplus(2, 3), range(-3, 3, 5, 4)));
        c.add(of("softmax", x -> x[0].softmax(-1), f(4, 9)).withProperty(OpCatalog::rowsSumToOne));
        c.add(of("softmax dim0", x -> x[0].softmax(0), f(5, 3)));
        c.add(of("softmax 3d", x -> x[0].softmax(1), f(2, 7, 3)));
        c.add(of("logSoftmax", x -> x[0].logSoftmax(-1), f(3, 17)).withProperty((x, y) -> rowsSumToOne(x, y.exp())));
        c.add(of("logSoftmax dim0", x -> x[0].logSoftmax(0), f(6, 2)));
        c.add(of("softmax large logits", x -> x[0].mul(400).softmax(-1), f(3, 5)).withProperty(OpCatalog::finite));
    }

    private static void binary(List<OpCase> c) {
        Generator g = new Generator(17);
        List<int[][]> pairs = new ArrayList<>(List.of(PAIRS));
        for (int[] s : randomShapes("binary")) {
            pairs.add(new int[][] {s, broadcastable(s, g)});
            pairs.add(new int[][] {broadcastable(s, g), s});
        }
        for (int[][] p : pairs) {
            c.add(of("add", x -> x[0].add(x[1]), f(p[0]), f(p[1])));
            c.add(of("sub", x -> x[0].sub(x[1]), f(p[0]), f(p[1])));
            c.add(of("mul", x -> x[0].mul(x[1]), f(p[0]), f(p[1])));
            c.add(of("div", x -> x[0].div(x[1]), f(p[0]), nonzero(p[1])));
            c.add(of("pow", x -> x[0].pow(x[1]), positive(p[0]), f(p[1])));
            c.add(of("maximum", x -> x[0].maximum(x[1]), f(p[0]), f(p[1])));
            c.add(of("minimum", x -> x[0].minimum(x[1]), f(p[0]), f(p[1])));
            c.add(of("where", x -> Tensor.where(x[0], x[1], x[2]), mask(p[0]), f(p[0]), f(p[1])));
            c.add(of("gt", x -> x[0].gt(x[1]).to(x[0].dtype()), f(p[0]), f(p[1])).notDifferentiable());
        }
        c.add(of("add scalar", x -> x[0].add(2.5), f(4, 9)));
        c.add(of("rsub scalar", x -> x[0].rsub(1.5), f(4, 9)));
        c.add(of("div scalar", x -> x[0].div(-3), f(4, 9)));
        c.add(of("comparisons", x -> x[0].lt(0.5).to(x[0].dtype()).add(x[0].le(x[1]).to(x[0].dtype()))
                .add(x[0].ge(x[1]).to(x[0].dtype())).add(x[0].ne(x[1]).to(x[0].dtype())), f(3, 5), f(5)).notDifferentiable());
        c.add(of("maskedFill", x -> x[1].maskedFill(x[0], -7), mask(4, 1), f(4, 6)));
    }

    private static void reductions(List<OpCase> c) {
        c.add(of("sum all", x -> x[0].sum(), f(4, 9)));
        c.add(of("sum dim", x -> x[0].sum(1), f(3, 17)));
        c.add(of("sum dims keepDim", x -> x[0].sum(new int[] {0, 2}, true), f(2, 3, 5)));
        c.add(of("sum dim0", x -> x[0].sum(0), f(33, 3)));
        c.add(of("mean all", x -> x[0].mean(), f(5, 3)).withProperty((x, y) ->
                assertEquals(x[0].sum().item() / 15, y.item(), 1e-12)));
        c.add(of("mean dim", x -> x[0].mean(-1, true), f(3, 7)));
        c.add(of("amax dims", x -> x[0].amax(new int[] {1}, false), f(4, 9)));
        c.add(of("amin all", x -> x[0].min(), f(3, 5)));
        c.add(of("max dim values", x -> x[0].max(1, false).values(), f(5, 7)).withProperty((x, y) ->
                assertTrue(x[0].max(1, false).indices().dtype() == dev.nabla.backend.DType.INT64)));
        c.add(of("min dim keepDim", x -> x[0].min(0, true).values(), f(6, 3)));
        c.add(of("argmax", x -> x[0].argmax(1, false).to(x[0].dtype()), f(4, 17)).notDifferentiable());
        c.add(of("argmin", x -> x[0].argmin(0, true).to(x[0].dtype()), f(5, 3)).notDifferentiable());
        c.add(of("argmax flat", x -> x[0].argmax().to(x[0].dtype()), f(3, 7)).notDifferentiable());
        c.add(of("var unbiased", x -> x[0].var(), f(4, 5)));
        c.add(of("var biased dim", x -> x[0].var(new int[] {1}, false, true), f(4, 9)));
        c.add(of("std dim", x -> x[0].std(new int[] {0}, true, false), f(5, 3)));
        c.add(of("logSumExp", x -> x[0].logSumExp(1, false), f(3, 9)).withProperty((x, y) ->
                assertTrue(y.allClose(x[0].exp().sum(1).log(), 1e-12, 1e-12))));
        c.add(of("logSumExp large", x -> x[0].mul(500).logSumExp(-1, true), f(2, 4)).withProperty(OpCatalog::finite));
        c.add(of("norm", x -> x[0].norm(), f(3, 4)));
        c.add(of("norm p1 dim", x -> x[0].norm(1, new int[] {1}, false), nonzero(3, 4)));
        c.add(of("norm p3", x -> x[0].norm(3, new int[] {0}, true), nonzero(3, 4)));
        c.add(of("norm inf", x -> x[0].norm(Double.POSITIVE_INFINITY, new int[0], false), f(3, 4)));
    }

    private static void views(List<OpCase> c) {
        c.add(of("reshape", x -> x[0].reshape(4, -1).mul(x[0].reshape(4, 6)), f(2, 3, 4)));
        c.add(of("flatten", x -> x[0].flatten(1, 2), f(2, 3, 4)));
        c.add(of("squeeze unsqueeze", x -> x[0].squeeze().unsqueeze(0).unsqueeze(-1), f(3, 1, 5)));
        c.add(of("transpose", x -> x[0].transpose(0, 2), f(2, 3, 4)));
        c.add(of("t", x -> x[0].t(), f(3, 5)));
        c.add(of("permute", x -> x[0].permute(2, 0, 1), f(2, 3, 4)));
        c.add(of("expand", x -> x[0].expand(4, 3, 5), f(3, 1)));
        c.add(of("narrow", x -> x[0].narrow(1, 1, 3), f(4, 6)));
        c.add(of("slice step", x -> x[0].slice(0, 1, 9, 3), f(10, 3)));
        c.add(of("slice negative", x -> x[0].slice(1, -4, -1), f(2, 7)));
        c.add(of("select", x -> x[0].select(1, -1), f(3, 4, 2)));
        c.add(of("split", x -> x[0].split(2, 1).get(2), f(3, 5)));
        c.add(of("chunk", x -> x[0].chunk(3, 0).get(1).mul(2), f(7, 2)));
        c.add(of("concat", x -> Tensor.concat(List.of(x[0], x[1], x[0]), 1), f(3, 2), f(3, 5)));
        c.add(of("stack", x -> Tensor.stack(List.of(x[0], x[1]), 1), f(3, 4), f(3, 4)));
        c.add(of("view of view", x -> x[0].transpose(0, 1).narrow(0, 1, 2).sum(0), f(3, 4)));
        c.add(of("contiguous clone", x -> x[0].t().contiguous().clone().mul(x[0].t()), f(3, 4)));
    }

    private static void indexing(List<OpCase> c) {
        c.add(of("indexSelect", x -> x[0].indexSelect(0, x[1]), f(5, 3), index(5, 7)));
        c.add(of("indexSelect dim1", x -> x[0].indexSelect(1, x[1]), f(2, 4), index(4, 6)));
        c.add(of("indexAdd", x -> x[0].indexAdd(0, x[2], x[1]), f(4, 3), f(6, 3), index(4, 6)));
        c.add(of("gather", x -> x[0].gather(1, x[1]), f(4, 5), index(5, 4, 3)));
        c.add(of("gather dim0", x -> x[0].gather(0, x[1]), f(3, 4), index(3, 5, 4)));
        c.add(of("scatterAdd", x -> x[0].scatterAdd(1, x[2], x[1]), f(3, 4), f(3, 6), index(4, 3, 6)));
        c.add(of("oneHot", x -> x[1].oneHot(5).mul(x[0]), f(6, 5), index(5, 6)).withProperty((x, y) ->
                assertEquals(6.0, x[1].oneHot(5).sum().item())));
    }

    private static void linearAlgebra(List<OpCase> c) {
        c.add(of("matmul 2d", x -> x[0].matmul(x[1]), f(3, 4), f(4, 5)));
        c.add(of("matmul tails", x -> x[0].matmul(x[1]), f(9, 17), f(17, 11)));
        c.add(of("matmul 1d 1d", x -> x[0].matmul(x[1]), f(7), f(7)));
        c.add(of("matmul 1d 2d", x -> x[0].matmul(x[1]), f(4), f(4, 3)));
        c.add(of("matmul 2d 1d", x -> x[0].matmul(x[1]), f(3, 4), f(4)));
        c.add(of("matmul batched", x -> x[0].matmul(x[1]), f(2, 3, 4), f(2, 4, 5)));
        c.add(of("matmul broadcast", x -> x[0].matmul(x[1]), f(2, 1, 3, 4), f(3, 4, 2)));
        c.add(of("matmul batch x 2d", x -> x[0].matmul(x[1]), f(2, 3, 4), f(4, 5)));
        c.add(of("matmul 1d batched", x -> x[0].matmul(x[1]), f(4), f(2, 4, 3)));
        c.add(of("dot", x -> x[0].dot(x[1]), f(9), f(9)));
        c.add(of("linear", x -> x[0].linear(x[1], x[2]), f(5, 7), f(3, 7), f(3)));
        c.add(of("linear no bias", x -> x[0].linear(x[1], null), f(4, 9), f(17, 9)));
        c.add(of("linear 3d", x -> x[0].linear(x[1], x[2]), f(2, 3, 4), f(5, 4), f(5)));
        c.add(of("linear 1d", x -> x[0].linear(x[1], x[2]), f(4), f(3, 4), f(3)));
        c.add(of("linear sigmoid", x -> Linear.apply(x[0], x[1], x[2], UnaryOp.SIGMOID), f(5, 7), f(3, 7), f(3)));
        c.add(of("linear tanh 3d", x -> Linear.apply(x[0], x[1], null, UnaryOp.TANH), f(2, 3, 4), f(5, 4)));
        c.add(of("mseLoss", x -> MseLoss.apply(x[0], x[1], true), f(6, 3), f(6, 3)));
        c.add(of("mseLoss sum", x -> MseLoss.apply(x[0], x[1], false), f(7), f(7)));
        c.add(of("crossEntropy", x -> CrossEntropy.apply(x[0], x[1], true), f(5, 7), index(7, 5)));
        c.add(of("crossEntropy sum", x -> CrossEntropy.apply(x[0], x[1], false), f(3, 17), index(17, 3)));
        c.add(of("outer", x -> x[0].outer(x[1]), f(3), f(5)));
    }

    /**
     * The fused LSTM cell, with H = 1, 2, 9 (a vector tail) and 33, and with only h' or only c'
     * used; the whole-sequence LSTM, with and without bias, and with only some states used.
     */
    private static void recurrent(List<OpCase> c) {
        for (int[] bh : new int[][] {{1, 1}, {3, 2}, {2, 9}, {3, 33}}) {
            int b = bh[0];
            int h = bh[1];
            c.add(of("lstmCell", x -> LstmCell.apply(x[0], x[1], x[2]), f(b, 4 * h), f(b, 4 * h), f(b, h)));
        }
        c.add(of("lstmCell h only", x -> LstmCell.apply(x[0], x[1], x[2]).select(0, 0), f(4, 12), f(4, 12), f(4, 3)));
        c.add(of("lstmCell c only", x -> LstmCell.apply(x[0], x[1], x[2]).select(0, 1), f(4, 12), f(4, 12), f(4, 3)));
        for (int[] tbh : new int[][] {{1, 1, 1}, {3, 2, 3}, {4, 3, 9}}) {
            int t = tbh[0];
            int b = tbh[1];
            int h = tbh[2];
            c.add(of("lstmSequence", x -> LstmSequence.apply(x[0], x[1], x[2], x[3], x[4]),
                    f(t, b, 4 * h), f(4 * h, h), f(4 * h), f(b, h), f(b, h)));
        }
        c.add(of("lstmSequence no bias, outputs only", x -> LstmSequence.apply(x[0], x[1], null, x[2], x[3])
                .select(0, 0).narrow(0, 1, 3), f(3, 2, 8), f(8, 2), f(2, 2), f(2, 2)));
        c.add(of("lstmSequence final cell only", x -> LstmSequence.apply(x[0], x[1], x[2], x[3], x[4])
                .select(0, 1).select(0, 2), f(2, 3, 20), f(20, 5), f(20), f(3, 5), f(3, 5)));
        attention(c);
    }

    /** The fused attention op, causal or not, with as many queries as keys, more and fewer, and more than one block. */
    private static void attention(List<OpCase> c) {
        int[][] shapes = { // q, k, v
            {2, 3, 5, 4, 6, 3}, {1, 4, 7, 8, 7, 5}, {2, 1, 9, 3, 4, 2}, {1, 1, 3, 2, 8, 4}, {1, 2, 70, 3, 70, 2}};
        for (int[] s : shapes) {
            for (boolean causal : new boolean[] {false, true}) {
                double scale = causal ? 0.7 : 1 / Math.sqrt(s[3]);
                c.add(of("scaledDotProductAttention" + (causal ? " causal" : ""),
                        x -> ScaledDotProductAttention.apply(x[0], x[1], x[2], causal, scale),
                        f(s[0], s[1], s[2], s[3]), f(s[0], s[1], s[4], s[3]), f(s[0], s[1], s[4], s[5]))
                        .withProperty((x, y) -> assertTrue(y.allClose(
                                ScaledDotProductAttention.composite(x[0], x[1], x[2], causal, scale), 1e-9, 1e-12),
                                "fused attention equals the plain ops")));
            }
        }
        c.add(of("scaledDotProductAttention 2d", x -> ScaledDotProductAttention.apply(x[0], x[1], x[2], true, 0.5),
                f(6, 4), f(5, 4), f(5, 3)));
        c.add(of("scaledDotProductAttention heads of one projection", x -> { // q, k, v: strided [B, H, L, d] views
            Tensor qkv = x[0].reshape(2, 5, 3, 2, 4);
            return ScaledDotProductAttention.apply(qkv.select(2, 0).transpose(1, 2), qkv.select(2, 1).transpose(1, 2),
                    qkv.select(2, 2).transpose(1, 2), true, 0.5);
        }, f(2, 5, 24)));
    }

    /** Ops and variants added for PyTorch's answers at the edges (their exact edge values: EdgeValuesTest). */
    private static void edges(List<OpCase> c) {
        c.add(of("floorDivide", x -> x[0].floorDivide(x[1]), range(-9, 9, 4, 9), nonzero(9)));
        c.add(of("div trunc", x -> x[0].div(x[1], "trunc"), range(-9, 9, 4, 9), nonzero(4, 1)));
        c.add(of("binaryCrossEntropy", x -> BinaryCrossEntropy.apply(x[0], x[1], null),
                range(0.05, 0.95, 3, 7), range(0, 1, 3, 7)));
        c.add(of("binaryCrossEntropy weight", x -> BinaryCrossEntropy.apply(x[0], x[1], x[2]),
                range(0.05, 0.95, 4, 5), range(0, 1, 4, 5), positive(5)));
        c.add(of("softplus beta", x -> x[0].softplus(0.5, 20), range(-6, 6, 19)));
        c.add(of("norm p1.5", x -> x[0].norm(1.5, new int[] {1}, false), nonzero(3, 5)));
        c.add(of("norm p0.5", x -> x[0].norm(0.5, new int[] {0}, true), nonzero(4, 3)));
    }

    /** Layer norm: with and without affine parts, one and two normalized dims, vector tails, constant rows. */
    private static void normalization(List<OpCase> c) {
        c.add(of("layerNorm", x -> x[0].layerNorm(new int[] {7}, x[1], x[2], 1e-5), f(4, 7), f(7), f(7))
                .withProperty(OpCatalog::rowsNormalized));
        c.add(of("layerNorm no affine", x -> x[0].layerNorm(new int[] {33}, null, null, 1e-5), f(3, 33))
                .withProperty(OpCatalog::rowsNormalized));
        c.add(of("layerNorm tail", x -> x[0].layerNorm(new int[] {67}, x[1], x[2], 1e-5), f(2, 67), f(67), f(67)));
        c.add(of("layerNorm 2 dims", x -> x[0].layerNorm(new int[] {3, 5}, x[1], x[2], 1e-5), f(2, 3, 5), f(3, 5),
                f(3, 5)));
        c.add(of("layerNorm 2 dims no affine", x -> x[0].layerNorm(new int[] {4, 9}, null, null, 1e-5), f(2, 2, 4, 9)));
        c.add(of("layerNorm weight only", x -> x[0].layerNorm(new int[] {17}, x[1], null, 1e-5), f(5, 17), f(17)));
        c.add(of("layerNorm bias only", x -> x[0].layerNorm(new int[] {9}, null, x[1], 0.01), f(3, 9), f(9)));
        c.add(of("layerNorm 1d", x -> x[0].layerNorm(new int[] {9}, x[1], x[2], 1e-5), f(9), f(9), f(9)));
        c.add(of("layerNorm constant rows", x -> Tensor.concat(List.of(x[0], x[1].expand(2, 7)), 0)
                .layerNorm(new int[] {7}, x[2], x[3], 0.1), f(3, 7), f(2, 1), f(7), f(7)).withProperty((x, y) ->
                assertTrue(y.narrow(0, 3, 2).allClose(x[3].expand(2, 7), 0, 1e-12), "constant rows give the bias")));
    }

    // ---- the everyday ops of issue 14: elementwise, scans, order statistics, rearranging, einsum, scatter ----

    private static void everydayOps(List<OpCase> c) {
        each(c, "sin", i -> f(), x -> x[0].mul(2).sin());
        each(c, "cos", i -> f(), x -> x[0].mul(2).cos());
        each(c, "floor", i -> range(-3, 3), x -> x[0].floor().add(x[0]));
        each(c, "ceil", i -> range(-3, 3), x -> x[0].ceil().mul(x[0]));
        each(c, "round", i -> range(-3, 3), x -> x[0].mul(1.7).round().mul(x[0]));
        each(c, "trunc", i -> range(-3, 3), x -> x[0].trunc().add(x[0]));
        each(c, "hardtanh", i -> range(-2, 2), x -> x[0].hardtanh(-0.8, 1.1));
        each(c, "logSigmoid", i -> range(-8, 8), x -> x[0].logSigmoid());
        each(c, "mish", i -> range(-5, 5), x -> x[0].mish());
        each(c, "hardswish", i -> range(-5, 5), x -> x[0].hardswish());
        c.add(of("round decimals", x -> x[0].mul(10).round(1).mul(x[0]), f(3, 4)));
        for (int[][] p : PAIRS) {
            c.add(of("atan2", x -> x[0].atan2(x[1]), f(p[0]), nonzero(p[1])));
            c.add(of("remainder", x -> x[0].remainder(x[1]), range(-3, 3, p[0]), nonzero(p[1])));
            c.add(of("fmod", x -> x[0].fmod(x[1]), range(-3, 3, p[0]), nonzero(p[1])));
        }
        c.add(of("remainder scalar", x -> x[0].remainder(-0.7), range(-3, 3, 4, 5)));
        c.add(of("cumsum", x -> x[0].cumsum(1), f(4, 9)));
        c.add(of("cumsum dim0 3d", x -> x[0].cumsum(0), f(5, 2, 3)));
        c.add(of("cumsum scalar", x -> x[0].cumsum(0), f()));
        c.add(of("cumprod", x -> x[0].cumprod(-1), nonzero(3, 7)));
        c.add(of("cumprod dim0", x -> x[0].cumprod(0), nonzero(6, 2, 3)));
        c.add(of("cumprod zeros", x -> Tensor.where(x[1], x[0], Tensor.zerosLike(x[0])).cumprod(1),
                nonzero(5, 8), mask(5, 8)));
        c.add(of("prod", x -> x[0].prod(), nonzero(3, 4)));
        c.add(of("prod dim keepDim", x -> x[0].prod(1, true), nonzero(4, 5)));
        c.add(of("prod zeros", x -> Tensor.where(x[1], x[0], Tensor.zerosLike(x[0])).prod(0, false),
                nonzero(6, 4), mask(6, 4)));
        c.add(of("bmm", x -> x[0].bmm(x[1]), f(3, 2, 5), f(3, 5, 4)));
        c.add(of("sort", x -> x[0].sort(1, false).values(), f(4, 9)));
        c.add(of("sort descending dim0", x -> x[0].sort(0, true).values(), f(7, 3)));
        c.add(of("sort long row", x -> x[0].sort().values(), f(2, 70)));
        c.add(of("argsort", x -> x[0].argsort(1, true).to(x[0].dtype()), f(3, 8)).notDifferentiable());
        c.add(of("sort indices", x -> x[0].sort(0, false).indices().to(x[0].dtype()), f(9, 4)).notDifferentiable());
        c.add(of("topk", x -> x[0].topk(3).values(), f(4, 9)));
        c.add(of("topk smallest dim0", x -> x[0].topk(2, 0, false, true).values(), f(5, 3)));
        c.add(of("topk indices", x -> x[0].topk(4, 1, true, true).indices().to(x[0].dtype()), f(3, 10)).notDifferentiable());
        c.add(of("median dim", x -> x[0].median(1, false).values(), f(4, 6)));
        c.add(of("median dim0 keepDim", x -> x[0].median(0, true).values(), f(5, 3)));
        c.add(of("median all", x -> x[0].median(), f(4, 5)));
        c.add(of("quantile", x -> x[0].quantile(0.3), f(4, 5)));
        c.add(of("quantile dim", x -> x[0].quantile(0.75, 1, false), f(3, 8)));
        for (String mode : List.of("linear", "lower", "higher", "nearest", "midpoint")) {
            c.add(of("quantile " + mode, x -> x[0].quantile(Tensor.of(new double[] {0.1, 0.5, 0.9}, 3)
                    .to(x[0].backend()), 0, true, mode), f(9, 2)));
        }
        c.add(of("tril", x -> x[0].tril(), f(4, 5)));
        c.add(of("tril -1 batched", x -> x[0].tril(-1), f(2, 4, 3)));
        c.add(of("triu 2", x -> x[0].triu(2), f(3, 6)));
        c.add(of("triu batched", x -> x[0].triu(), f(2, 3, 3)));
        c.add(of("repeat", x -> x[0].repeat(2, 1, 3), f(3, 4)));
        c.add(of("repeat 1d", x -> x[0].repeat(3), f(4)));
        c.add(of("tile", x -> x[0].tile(2), f(3, 4)));
        c.add(of("flip", x -> x[0].flip(0, 2), f(3, 2, 4)));
        c.add(of("roll dims", x -> x[0].roll(new int[] {2, -1}, new int[] {1, 0}), f(3, 5)));
        c.add(of("roll flat", x -> x[0].roll(-4), f(3, 5)));
        c.add(of("einsum matmul", x -> Tensor.einsum("ij,jk->ik", x[0], x[1]), f(3, 4), f(4, 5)));
        c.add(of("einsum batched", x -> Tensor.einsum("bij,bjk->bik", x[0], x[1]), f(2, 3, 4), f(2, 4, 5)));
        c.add(of("einsum implicit", x -> Tensor.einsum("jk,ij", x[0], x[1]), f(4, 5), f(3, 4)));
        c.add(of("einsum trace", x -> Tensor.einsum("ii", x[0]), f(4, 4)));
        c.add(of("einsum diagonal", x -> Tensor.einsum("bii->bi", x[0]), f(2, 3, 3)));
        c.add(of("einsum outer", x -> Tensor.einsum("i,j->ij", x[0], x[1]), f(3), f(4)));
        c.add(of("einsum ellipsis", x -> Tensor.einsum("...ij,...jk->...ik", x[0], x[1]), f(2, 3, 4), f(1, 4, 2)));
        c.add(of("einsum ellipsis rank", x -> Tensor.einsum("...ij,...jk", x[0], x[1]), f(2, 2, 3, 4), f(4, 5)));
        c.add(of("einsum three", x -> Tensor.einsum("ij,jk,kl->il", x[0], x[1], x[2]), f(2, 3), f(3, 4), f(4, 2)));
        c.add(of("einsum sum transpose", x -> Tensor.einsum("ijk->kj", x[0]), f(2, 3, 4)));
        c.add(of("einsum bilinear", x -> Tensor.einsum("bn,anm,bm->ba", x[0], x[1], x[2]), f(2, 3), f(4, 3, 5), f(2, 5)));
        c.add(of("einsum broadcast", x -> Tensor.einsum("bij,bjk->bik", x[0], x[1]), f(1, 3, 4), f(2, 4, 5)));
        c.add(of("scatter", x -> x[0].scatter(1, permutations(x[0], 3, 5, 3), x[1]), f(3, 5), f(3, 4)));
        c.add(of("scatter dim0", x -> x[0].scatter(0, permutations(x[0], 2, 4, 3).t(), x[1]), f(4, 2), f(3, 2)));
        c.add(of("scatter value", x -> x[0].scatter(1, permutations(x[0], 2, 6, 4), -1.5), f(2, 6)));
        c.add(of("scatter add", x -> x[0].scatter(1, x[2], x[1], "add"), f(3, 4), f(3, 6), index(4, 3, 6)));
        c.add(of("indexPut", x -> x[0].indexPut(new Tensor[] {longs(x[0], 3, 0, 4)}, x[1]), f(5, 3), f(3, 3)));
        c.add(of("indexPut 2 indices", x -> x[0].indexPut(new Tensor[] {longs(x[0], 0, 2, -1), longs(x[0], 1, 1, 3)},
                x[1]), f(3, 4, 2), f(2)));
        c.add(of("indexPut accumulate", x -> x[0].indexPut(new Tensor[] {x[2]}, x[1], true), f(4, 3), f(6, 3),
                index(4, 6)));
        c.add(of("indexPut mask", x -> x[0].indexPut(new Tensor[] {x[1]}, x[2]), f(3, 4), mask(3, 4), f()));
    }

    /** Per row, the first {@code k} of a fixed permutation of {@code [0, n)}: unique scatter targets. */
    private static Tensor permutations(Tensor like, int rows, int n, int k) {
        Generator g = new Generator(rows * 31 + n);
        List<Tensor> out = new ArrayList<>();
        for (int r = 0; r < rows; r++) {
            out.add(Tensor.randperm(g, n).narrow(0, 0, k));
        }
        return Tensor.stack(out, 0).to(like.backend());
    }

    private static Tensor longs(Tensor like, long... v) {
        return Tensor.of(v, v.length).to(like.backend());
    }

    /** Without an affine transform, each row of the output has mean 0 and (biased) variance about 1. */
    private static void rowsNormalized(Tensor[] x, Tensor y) {
        Tensor rows = y.reshape(-1, y.size(-1));
        Tensor affine = x.length > 1 ? rows.sub(x[2]).div(x[1]) : rows;
        Tensor mean = affine.mean(1);
        assertTrue(mean.allClose(Tensor.zerosLike(mean), 0, 1e-9), "row means " + mean);
        Tensor var = affine.var(new int[] {1}, false, false);
        assertTrue(var.allClose(Tensor.onesLike(var), 1e-4, 0), "row variances " + var);
    }

    private static void rowsSumToOne(Tensor[] x, Tensor y) {
        Tensor sums = y.sum(-1);
        assertTrue(sums.allClose(Tensor.onesLike(sums), 1e-12, 1e-12), "rows must sum to 1: " + sums);
    }

    private static void finite(Tensor[] x, Tensor y) {
        for (double v : y.toDoubleArray()) {
            assertTrue(Double.isFinite(v), "non-finite output " + y);
        }
    }
}
