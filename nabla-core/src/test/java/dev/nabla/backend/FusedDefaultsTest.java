package dev.nabla.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.nabla.tensor.Generator;
import dev.nabla.testing.backend.TestDevice;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The fused primitives' default implementations (composed from the core primitives): the test
 * device, which implements only the core set on top of {@code ref}, must give what {@code ref}'s
 * own fused loops give.
 */
class FusedDefaultsTest {
    private static final Backend REF = Backends.REF;
    private static final Backend DEV = TestDevice.get();
    private static final double TOL = 1e-12;

    /** The same random values, as {@code [ref array, device array]}. */
    private static NDArray[] random(long seed, double lo, double hi, int... shape) {
        Generator g = new Generator(seed);
        double[] v = new double[Shape.numel(shape)];
        for (int i = 0; i < v.length; i++) {
            v[i] = lo + (hi - lo) * g.nextDouble();
        }
        return new NDArray[] {REF.upload(v, shape), DEV.upload(v.clone(), shape)};
    }

    private static void assertSame(String what, NDArray expected, NDArray actual) {
        assertArrayEquals(expected.shapeRef(), actual.shapeRef(), what + ": shape");
        assertEquals(expected.dtype(), actual.dtype(), what + ": dtype");
        double[] e = (double[]) REF.download(expected, DType.FLOAT64);
        double[] a = (double[]) DEV.download(actual, DType.FLOAT64);
        for (int i = 0; i < e.length; i++) {
            assertEquals(e[i], a[i], TOL * (1 + Math.abs(e[i])), what + ": element " + i);
        }
    }

    /** {@code f} on ref's arrays and on the device's arrays, compared. */
    private static void same(String what, Function<Integer, NDArray> f) {
        assertSame(what, f.apply(0), f.apply(1));
    }

    @ParameterizedTest
    @EnumSource(UnaryOp.class)
    void unaryBackward(UnaryOp op) {
        NDArray[] x = random(1, 0.1, 2, 3, 5);
        NDArray[] g = random(2, -1, 1, 3, 5);
        same(op + " backward", k -> {
            Backend b = k == 0 ? REF : DEV;
            NDArray y = b.unary(op, x[k]);
            return b.unaryBackward(op, x[k], y, g[k]);
        });
        NDArray[] neg = random(3, -2, -0.1, 4);
        NDArray[] g4 = random(4, -1, 1, 4);
        if (op != UnaryOp.LOG && op != UnaryOp.SQRT && op != UnaryOp.RSQRT && op != UnaryOp.LOG1P) {
            same(op + " backward at negative x", k -> {
                Backend b = k == 0 ? REF : DEV;
                return b.unaryBackward(op, neg[k], b.unary(op, neg[k]), g4[k]);
            });
        }
    }

    @Test
    void linearWithAndWithoutBiasAndActivation() {
        NDArray[] x = random(5, -1, 1, 4, 3);
        NDArray[] w = random(6, -1, 1, 2, 3);
        NDArray[] bias = random(7, -1, 1, 2);
        same("linear", k -> (k == 0 ? REF : DEV).linear(x[k], w[k], bias[k], UnaryOp.TANH));
        same("linear without bias", k -> (k == 0 ? REF : DEV).linear(x[k], w[k], null, null));
    }

    @Test
    void lstmCellAndBackward() {
        NDArray[] ig = random(8, -2, 2, 3, 8);
        NDArray[] hg = random(9, -2, 2, 3, 8);
        NDArray[] c = random(10, -1, 1, 3, 2);
        LstmCellOutput[] fwd = {REF.lstmCell(ig[0], hg[0], c[0]), DEV.lstmCell(ig[1], hg[1], c[1])};
        assertSame("lstm h and c", fwd[0].hc(), fwd[1].hc());
        assertSame("lstm gates", fwd[0].gates(), fwd[1].gates());
        NDArray[] dh = random(11, -1, 1, 3, 2);
        NDArray[] dc = random(12, -1, 1, 3, 2);
        LstmCellGrads[] bwd = new LstmCellGrads[2];
        for (int k = 0; k < 2; k++) {
            NDArray hc = fwd[k].hc();
            NDArray cNew = hc.view(new int[] {3, 2}, new int[] {2, 1}, 6);
            bwd[k] = (k == 0 ? REF : DEV).lstmCellBackward(dh[k], dc[k], c[k], cNew, fwd[k].gates());
        }
        assertSame("lstm dGates", bwd[0].dGates(), bwd[1].dGates());
        assertSame("lstm dc", bwd[0].dc(), bwd[1].dc());
    }

    @Test
    void layerNormAndBackward() {
        NDArray[] x = random(13, -2, 2, 4, 5);
        NDArray[] w = random(14, 0.5, 1.5, 5);
        NDArray[] bias = random(15, -1, 1, 5);
        NDArray[] g = random(16, -1, 1, 4, 5);
        LayerNormOutput[] fwd = {REF.layerNorm(x[0], w[0], bias[0], 1e-5), DEV.layerNorm(x[1], w[1], bias[1], 1e-5)};
        assertSame("layerNorm y", fwd[0].y(), fwd[1].y());
        assertSame("layerNorm mean", fwd[0].mean(), fwd[1].mean());
        assertSame("layerNorm rstd", fwd[0].rstd(), fwd[1].rstd());
        LayerNormGrads[] bwd = new LayerNormGrads[2];
        for (int k = 0; k < 2; k++) {
            bwd[k] = (k == 0 ? REF : DEV).layerNormBackward(g[k], x[k], fwd[k].mean(), fwd[k].rstd(), w[k], true, true, true);
        }
        assertSame("layerNorm dx", bwd[0].dx(), bwd[1].dx());
        assertSame("layerNorm dweight", bwd[0].dweight(), bwd[1].dweight());
        assertSame("layerNorm dbias", bwd[0].dbias(), bwd[1].dbias());
        LayerNormGrads onlyInput = DEV.layerNormBackward(g[1], x[1], fwd[1].mean(), fwd[1].rstd(), null, true, false, false);
        assertNull(onlyInput.dweight());
        assertSame("layerNorm dx without weight",
                REF.layerNormBackward(g[0], x[0], fwd[0].mean(), fwd[0].rstd(), null, true, false, false).dx(), onlyInput.dx());
    }

    @ParameterizedTest
    @EnumSource(names = {"ADAM", "ADAMW", "AMSGRAD"})
    void adamStepTwice(Flavour flavour) {
        NDArray[][] s = {random(17, -1, 1, 6), random(18, -1, 1, 6), random(19, 0, 0, 6), random(20, 0, 0, 6),
                flavour == Flavour.AMSGRAD ? random(21, 0, 0, 6) : new NDArray[2]};
        for (int t = 1; t <= 2; t++) {
            AdamStep h = new AdamStep(0.01, 0.9, 0.999, 1e-8, 0.1, flavour == Flavour.ADAMW, t);
            for (int k = 0; k < 2; k++) {
                (k == 0 ? REF : DEV).adamStep(s[0][k], s[1][k], s[2][k], s[3][k], s[4][k], h);
            }
        }
        String[] names = {"p", "g", "m", "v", "vMax"};
        for (int i = 0; i < 5; i++) {
            if (s[i][0] != null) {
                assertSame(flavour + " " + names[i], s[i][0], s[i][1]);
            }
        }
    }

    enum Flavour { ADAM, ADAMW, AMSGRAD }
}
