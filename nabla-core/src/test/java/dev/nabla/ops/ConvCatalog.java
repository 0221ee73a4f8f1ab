package dev.nabla.ops;

import static dev.nabla.ops.OpCase.f;
import static dev.nabla.ops.OpCase.of;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.backend.Backends;
import dev.nabla.tensor.Tensor;
import java.util.List;

/**
 * The op catalog's cases for the image ops (issue 14): unfold/fold, convolutions with stride,
 * padding ("same" included), dilation, groups and depthwise, transposed convolutions, pooling,
 * padding modes and interpolation. Properties pin values worked out by hand or by a naive loop.
 */
final class ConvCatalog {
    private ConvCatalog() {
    }

    private static final int[] ONE = {1};
    private static final int[] ZERO = {0};

    static void add(List<OpCase> c) {
        windows(c);
        convolutions(c);
        pooling(c);
        padding(c);
        interpolation(c);
    }

    private static void windows(List<OpCase> c) {
        c.add(of("unfold k3 p1 s2", x -> Unfold.unfold(x[0], new int[] {3}, ONE, ONE, new int[] {2}), f(2, 2, 5, 6)));
        c.add(of("unfold k(2,3) d2 s(1,2)", x -> Unfold.unfold(x[0], new int[] {2, 3}, new int[] {2}, ZERO,
                new int[] {1, 2}), f(1, 3, 6, 7)));
        c.add(of("unfold unbatched", x -> Unfold.unfold(x[0], new int[] {2}, ONE, ZERO, ONE), f(2, 3, 4)));
        c.add(of("fold k2", x -> Unfold.fold(x[0], new int[] {5, 4}, new int[] {2}, ONE, ZERO, ONE), f(2, 8, 12)));
        c.add(of("fold k3 p1 s2", x -> Unfold.fold(x[0], new int[] {5, 5}, new int[] {3}, ONE, ONE, new int[] {2}),
                f(1, 18, 9)));
    }

    private static void convolutions(List<OpCase> c) {
        c.add(of("conv2d p1", x -> Conv.conv2d(x[0], x[1], x[2], ONE, ONE, ONE, 1), f(2, 3, 6, 5), f(4, 3, 3, 3), f(4))
                .withProperty(ConvCatalog::matchesNaiveConv));
        c.add(of("conv2d s2 no bias", x -> Conv.conv2d(x[0], x[1], null, new int[] {2}, ZERO, ONE, 1), f(2, 2, 7, 6),
                f(3, 2, 3, 2)));
        c.add(of("conv2d d2 p2", x -> Conv.conv2d(x[0], x[1], x[2], ONE, new int[] {2, 1}, new int[] {2, 1}, 1),
                f(1, 2, 6, 6), f(3, 2, 3, 3), f(3)));
        c.add(of("conv2d groups 2", x -> Conv.conv2d(x[0], x[1], x[2], ONE, ONE, ONE, 2), f(2, 4, 5, 5), f(6, 2, 3, 3),
                f(6)));
        c.add(of("conv2d depthwise", x -> Conv.conv2d(x[0], x[1], x[2], new int[] {2}, ONE, ONE, 3), f(2, 3, 6, 6),
                f(3, 1, 3, 3), f(3)));
        c.add(of("conv2d depthwise x2", x -> Conv.conv2d(x[0], x[1], null, ONE, ONE, ONE, 2), f(1, 2, 5, 4),
                f(4, 1, 3, 3)));
        c.add(of("conv2d one input channel", x -> Conv.conv2d(x[0], x[1], x[2], ONE, ONE, ONE, 1), f(3, 1, 6, 5),
                f(5, 1, 3, 3), f(5)));
        c.add(of("conv2d 1x1", x -> Conv.conv2d(x[0], x[1], x[2], ONE, ZERO, ONE, 1), f(2, 5, 4, 3), f(3, 5, 1, 1), f(3)));
        c.add(of("conv2d same k4", x -> Conv.conv2d(x[0], x[1], x[2], ONE, "same", ONE, 1), f(1, 2, 5, 5),
                f(3, 2, 4, 3), f(3)).withProperty((x, y) -> assertArrayEquals(new int[] {1, 3, 5, 5}, y.shape())));
        c.add(of("conv2d same d2", x -> Conv.conv2d(x[0], x[1], null, ONE, "same", new int[] {2}, 1), f(1, 2, 6, 5),
                f(2, 2, 3, 3)));
        c.add(of("conv2d valid unbatched", x -> Conv.conv2d(x[0], x[1], x[2], ONE, "valid", ONE, 1), f(2, 5, 4),
                f(3, 2, 2, 2), f(3)));
        c.add(of("conv1d s2 p1", x -> Conv.conv1d(x[0], x[1], x[2], 2, 1, 1, 1), f(2, 3, 9), f(4, 3, 3), f(4)));
        c.add(of("conv1d same groups", x -> Conv.conv1d(x[0], x[1], x[2], 1, "same", 2, 2), f(2, 4, 7), f(2, 2, 2),
                f(2)));
        c.add(of("convTranspose2d s2 p1 op1", x -> Conv.convTranspose2d(x[0], x[1], x[2], new int[] {2}, ONE, ONE, 1,
                ONE), f(2, 3, 3, 4), f(3, 2, 3, 3), f(2)).withProperty(ConvCatalog::transposeIsAdjoint));
        c.add(of("convTranspose2d groups d2", x -> Conv.convTranspose2d(x[0], x[1], null, ONE, ZERO, ZERO, 2,
                new int[] {2}), f(1, 4, 3, 3), f(4, 1, 2, 3)));
        c.add(of("convTranspose1d", x -> Conv.convTranspose1d(x[0], x[1], x[2], 3, 1, 2, 1, 1), f(2, 2, 4), f(2, 3, 4),
                f(3)));
    }

    private static void pooling(List<OpCase> c) {
        int[] none = {};
        c.add(of("maxPool2d k2", x -> Pool.maxPool2d(x[0], new int[] {2}, none, ZERO, ONE, false), f(2, 3, 6, 7)));
        c.add(of("maxPool2d k3 s2 p1", x -> Pool.maxPool2d(x[0], new int[] {3}, new int[] {2}, ONE, ONE, false),
                f(1, 2, 7, 6)));
        c.add(of("maxPool2d d2 ceil", x -> Pool.maxPool2d(x[0], new int[] {2, 3}, new int[] {2}, ZERO, new int[] {2},
                true), f(1, 2, 8, 9)));
        c.add(of("maxPool2d ceil", x -> Pool.maxPool2d(x[0], new int[] {2}, none, ZERO, ONE, true), f(2, 1, 5, 5))
                .withProperty((x, y) -> assertArrayEquals(new int[] {2, 1, 3, 3}, y.shape())));
        c.add(of("maxPool1d k3 s2 p1", x -> Pool.maxPool1d(x[0], 3, 2, 1, 1, false), f(2, 3, 8)));
        c.add(of("avgPool2d k2", x -> Pool.avgPool2d(x[0], new int[] {2}, none, ZERO, false, true, null), f(2, 3, 6, 7)));
        c.add(of("avgPool2d k3 s2 p1", x -> Pool.avgPool2d(x[0], new int[] {3}, new int[] {2}, ONE, false, true, null),
                f(1, 2, 7, 6)));
        c.add(of("avgPool2d exclude pad ceil", x -> Pool.avgPool2d(x[0], new int[] {3}, new int[] {2}, ONE, true, false,
                null), f(1, 2, 6, 6)));
        c.add(of("avgPool2d divisor", x -> Pool.avgPool2d(x[0], new int[] {2, 3}, ONE, ZERO, false, true, 5),
                f(1, 2, 4, 5)));
        c.add(of("avgPool1d", x -> Pool.avgPool1d(x[0], 3, 2, 1, false, false), f(2, 2, 7)));
        c.add(of("adaptiveAvgPool2d", x -> Pool.adaptiveAvgPool2d(x[0], new int[] {3, 2}), f(2, 3, 7, 5)));
        c.add(of("adaptiveAvgPool2d 1", x -> Pool.adaptiveAvgPool2d(x[0], ONE), f(2, 3, 4, 5))
                .withProperty((x, y) -> assertTrue(y.allClose(x[0].mean(new int[] {2, 3}, true), 1e-12, 1e-12))));
        c.add(of("adaptiveAvgPool1d", x -> Pool.adaptiveAvgPool1d(x[0], 3), f(2, 2, 5))
                .withProperty((x, y) -> valuesOf(Pool.adaptiveAvgPool1d(Tensor.of(new double[] {1, 2, 3, 4, 5}, 1, 1, 5)
                        .to(Backends.REF), 3), 1.5, 3, 4.5)));
        c.add(of("avgPool2d exclude pad values", x -> Pool.avgPool2d(x[0], new int[] {2}, new int[] {2}, ONE, false,
                false, null), f(1, 1, 3, 3)).withProperty((x, y) -> valuesOf(Pool.avgPool2d(
                        Tensor.of(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, 1, 1, 3, 3).to(Backends.REF), new int[] {2},
                        new int[] {2}, ONE, false, false, null), 1, 2.5, 5.5, 7)));
    }

    private static void padding(List<OpCase> c) {
        c.add(of("pad constant", x -> Pad.pad(x[0], new int[] {1, 2}, "constant", 0.5), f(2, 3, 4)));
        c.add(of("pad constant 2 dims crop", x -> Pad.pad(x[0], new int[] {-1, 2, 0, 3}, "constant", 0), f(2, 3, 4)));
        c.add(of("pad reflect", x -> Pad.pad(x[0], new int[] {2, 1, 1, 3}, "reflect", 0), f(1, 2, 5, 6)));
        c.add(of("pad replicate", x -> Pad.pad(x[0], new int[] {3, 1, 2, 0}, "replicate", 0), f(1, 2, 3, 4)));
        c.add(of("pad circular", x -> Pad.pad(x[0], new int[] {1, 2}, "circular", 0), f(2, 2, 3))
                .withProperty((x, y) -> valuesOf(Pad.pad(ramp(3), new int[] {1, 2}, "circular", 0), 3, 1, 2, 3, 1, 2)));
        c.add(of("pad reflect values", x -> Pad.pad(x[0], new int[] {2, 2}, "reflect", 0), f(1, 1, 3))
                .withProperty((x, y) -> valuesOf(Pad.pad(ramp(3), new int[] {2, 2}, "reflect", 0), 3, 2, 1, 2, 3, 2, 1)));
    }

    private static void interpolation(List<OpCase> c) {
        c.add(of("interpolate nearest size", x -> Interpolate.interpolate(x[0], new int[] {7, 9}, null, "nearest", null),
                f(1, 2, 4, 5)));
        c.add(of("interpolate nearest scale", x -> Interpolate.interpolate(x[0], null, new double[] {2}, "nearest",
                null), f(2, 1, 3, 2)));
        c.add(of("interpolate nearest 1d", x -> Interpolate.interpolate(x[0], new int[] {5}, null, "nearest", null),
                f(1, 1, 3)).withProperty((x, y) -> valuesOf(Interpolate.interpolate(ramp(3), new int[] {5}, null,
                        "nearest", null), 1, 1, 2, 2, 3)));
        c.add(of("interpolate bilinear", x -> Interpolate.interpolate(x[0], new int[] {7, 3}, null, "bilinear", false),
                f(1, 2, 4, 5)).withProperty((x, y) -> valuesOf(Interpolate.interpolate(
                        Tensor.of(new double[] {1, 2, 3, 4}, 1, 1, 2, 2).to(Backends.REF), new int[] {4}, null, "bilinear",
                        false), 1, 1.25, 1.75, 2, 1.5, 1.75, 2.25, 2.5, 2.5, 2.75, 3.25, 3.5, 3, 3.25, 3.75, 4)));
        c.add(of("interpolate bilinear align corners", x -> Interpolate.interpolate(x[0], new int[] {5, 4}, null,
                "bilinear", true), f(2, 1, 3, 3)).withProperty((x, y) -> valuesOf(Interpolate.interpolate(ramp(3),
                        new int[] {5}, null, "linear", true), 1, 1.5, 2, 2.5, 3)));
        c.add(of("interpolate bilinear scale", x -> Interpolate.interpolate(x[0], null, new double[] {1.5, 0.5},
                "bilinear", null), f(1, 2, 4, 6)));
        c.add(of("interpolate linear", x -> Interpolate.interpolate(x[0], new int[] {6}, null, "linear", false),
                f(2, 2, 4)));
    }

    /** {@code [1, 1, n]} holding 1..n on the reference backend. */
    private static Tensor ramp(int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = i + 1;
        }
        return Tensor.of(v, 1, 1, n).to(Backends.REF);
    }

    private static void valuesOf(Tensor t, double... expected) {
        assertArrayEquals(expected, t.toDoubleArray(), 1e-12);
    }

    /** conv2d with padding 1 against the definition, summed in plain loops. */
    private static void matchesNaiveConv(Tensor[] x, Tensor y) {
        double[] in = x[0].toDoubleArray();
        double[] w = x[1].toDoubleArray();
        double[] b = x[2].toDoubleArray();
        int n = x[0].size(0), ci = x[0].size(1), h = x[0].size(2), wd = x[0].size(3), co = x[1].size(0);
        double[] out = new double[n * co * h * wd];
        for (int s = 0; s < n; s++) {
            for (int o = 0; o < co; o++) {
                for (int i = 0; i < h; i++) {
                    for (int j = 0; j < wd; j++) {
                        double acc = b[o];
                        for (int c = 0; c < ci; c++) {
                            for (int a = 0; a < 3; a++) {
                                for (int e = 0; e < 3; e++) {
                                    int r = i - 1 + a, q = j - 1 + e;
                                    if (r >= 0 && r < h && q >= 0 && q < wd) {
                                        acc += in[((s * ci + c) * h + r) * wd + q] * w[((o * ci + c) * 3 + a) * 3 + e];
                                    }
                                }
                            }
                        }
                        out[((s * co + o) * h + i) * wd + j] = acc;
                    }
                }
            }
        }
        assertArrayEquals(out, y.toDoubleArray(), 1e-12);
    }

    /** {@code <convT(x, w), z> = <x, conv(z, w)>} without bias: the transposed convolution is the adjoint. */
    private static void transposeIsAdjoint(Tensor[] x, Tensor y) {
        Tensor yt = Conv.convTranspose2d(x[0], x[1], null, new int[] {2}, ONE, ONE, 1, ONE).detach();
        Tensor z = Tensor.randn(yt.shape()).to(Backends.REF);
        double left = yt.mul(z).sum().item();
        double right = x[0].detach().mul(Conv.conv2d(z, x[1].detach(), null, new int[] {2}, ONE, ONE, 1)
                .narrow(2, 0, x[0].size(2)).narrow(3, 0, x[0].size(3))).sum().item();
        assertTrue(Math.abs(left - right) < 1e-9 * (1 + Math.abs(left)), left + " vs " + right);
    }
}
