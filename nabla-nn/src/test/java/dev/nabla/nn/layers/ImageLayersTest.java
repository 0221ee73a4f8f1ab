package dev.nabla.nn.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The image layers' defaults and formulas beyond what the shared harness checks. */
class ImageLayersTest {

    @Test
    void conv2dHasPyTorchShapesAndInitBounds() {
        Conv2d conv = new Conv2d(6, 8, new int[] {3, 5}, new int[] {1, 1}, new int[] {0, 0}, new int[] {1, 1}, 2, true,
                "zeros", new Generator(1));
        assertArrayEquals(new int[] {8, 3, 3, 5}, conv.weight.shape());
        double bound = 1 / Math.sqrt(3 * 3 * 5);
        for (Tensor p : new Tensor[] {conv.weight, conv.bias}) {
            assertTrue(p.abs().max().item() <= bound, "within U(-1/sqrt(fanIn), 1/sqrt(fanIn))");
            assertTrue(p.abs().max().item() > bound * 0.5, "spread over the range");
        }
        assertArrayEquals(new int[] {6, 4, 4, 4}, new ConvTranspose2d(6, 4, 4).weight.shape());
        assertEquals("Conv2d(in_channels=6, out_channels=8, kernel_size=(3, 5), stride=(1, 1), padding=(0, 0), dilation=(1, 1), groups=2, "
                + "bias=True, padding_mode='zeros')", conv.toString());
    }

    @Test
    void badInputNamesTheLayerAndShape() {
        var e = assertThrows(IllegalArgumentException.class, () -> new Conv2d(3, 4, 3).forward(Tensor.zeros(1, 2, 5, 5)));
        assertEquals("Conv2d: expected input [N, 3, H, W], got [1, 2, 5, 5]", e.getMessage());
        var g = assertThrows(IllegalArgumentException.class, () -> new Conv2d(3, 4, 3, 2, 0, 1, 1, true)
                .forward(Tensor.zeros(1, 3, 2, 2)));
        assertTrue(g.getMessage().startsWith("conv2d: input 2x2"), g.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Conv2d(4, 4, new int[] {3, 3}, new int[] {2, 2}, "same",
                new int[] {1, 1}, 1, true, "zeros", new Generator(0)));
    }

    @Test
    void adaptiveAvgPool2dWithANullSizeKeepsTheInputsSizeThere() {
        Tensor x = Tensor.arange(2 * 3 * 4 * 5).reshape(2, 3, 4, 5).to(dev.nabla.backend.DType.FLOAT64);
        // nn.AdaptiveAvgPool2d((None, 2))(x): shape [2, 3, 4, 2], y[0, 0] = [[1, 3], [6, 8], [11, 13], [16, 18]]
        AdaptiveAvgPool2d columns = new AdaptiveAvgPool2d(null, 2);
        Tensor y = columns.forward(x);
        assertArrayEquals(new int[] {2, 3, 4, 2}, y.shape());
        assertArrayEquals(new double[] {1, 3, 6, 8, 11, 13, 16, 18}, y.select(0, 0).select(0, 0).toDoubleArray(), 1e-12);
        assertEquals("AdaptiveAvgPool2d(output_size=(None, 2))", columns.toString());
        // (3, None) on the unbatched x[0]: shape [3, 3, 5], y[0, 0] = [2.5, 3.5, 4.5, 5.5, 6.5]
        Tensor rows = new AdaptiveAvgPool2d(3, null).forward(x.select(0, 0));
        assertArrayEquals(new int[] {3, 3, 5}, rows.shape());
        assertArrayEquals(new double[] {2.5, 3.5, 4.5, 5.5, 6.5}, rows.select(0, 0).select(0, 0).toDoubleArray(), 1e-12);
        // (None, None) is the identity's shape; the config keeps the nulls
        assertArrayEquals(new int[] {2, 3, 4, 5}, new AdaptiveAvgPool2d(null, null).forward(x).shape());
        assertArrayEquals(new Integer[] {null, 2}, new AdaptiveAvgPool2d(columns.config()).outputSize());
        assertArrayEquals(new int[] {7, 2}, columns.outputSizeFor(7, 9));
        assertEquals("AdaptiveAvgPool2d: expected input [N, C, H, W] or [C, H, W], got shape [4, 5]",
                assertThrows(IllegalArgumentException.class, () -> columns.forward(x.select(0, 0).select(0, 0))).getMessage());
        // (None, 0) is empty, as in torch; a negative size raises
        assertArrayEquals(new int[] {2, 3, 4, 0}, new AdaptiveAvgPool2d(null, 0).forward(x).shape());
        assertEquals("AdaptiveAvgPool2d: output size must not be negative, got (None, -1)",
                assertThrows(IllegalArgumentException.class, () -> new AdaptiveAvgPool2d(null, -1)).getMessage());
    }

    @Test
    void batchNorm2dNormalizesEachChannelOverBatchAndSpace() {
        Tensor x = Tensor.randn(new Generator(3), 4, 3, 5, 5).mul(3).add(2);
        Tensor y = new BatchNorm2d(3).forward(x);
        Tensor mean = y.mean(new int[] {0, 2, 3}, false);
        Tensor var = y.var(new int[] {0, 2, 3}, false, false);
        assertTrue(mean.allClose(Tensor.zeros(3), 0, 1e-5), mean.toString());
        assertTrue(var.allClose(Tensor.ones(3), 1e-3, 0), var.toString());
    }

    @Test
    void groupNormWithOneGroupIsLayerNormOverAllButTheBatch() {
        Tensor x = Tensor.randn(new Generator(4), 2, 4, 3);
        Tensor y = new GroupNorm(1, 4).forward(x);
        assertTrue(y.allClose(x.layerNorm(new int[] {4, 3}, null, null, 1e-5), 1e-5, 1e-5));
    }

    @Test
    void rmsNormDividesByTheRootMeanSquare() {
        Tensor x = Tensor.of(new float[] {3, 4}, 1, 2);
        Tensor y = new RMSNorm(new int[] {2}, 0.0, false).forward(x);
        double rms = Math.sqrt(12.5);
        assertArrayEquals(new double[] {3 / rms, 4 / rms}, y.toDoubleArray(), 1e-6);
    }

    @Test
    void dropout2dZeroesWholeChannels() {
        Tensor y = new Dropout2d(0.5, new Generator(5)).forward(Tensor.ones(8, 16, 3, 3));
        double[] v = y.toDoubleArray();
        int zeroed = 0;
        for (int ch = 0; ch < 8 * 16; ch++) {
            double first = v[ch * 9];
            assertTrue(first == 0 || first == 2, "kept channels are scaled by 1 / (1 - p)");
            for (int i = 1; i < 9; i++) {
                assertEquals(first, v[ch * 9 + i], "one mask value per channel");
            }
            zeroed += first == 0 ? 1 : 0;
        }
        assertTrue(zeroed > 40 && zeroed < 88, "about half the channels dropped: " + zeroed);
    }
}
