package dev.nabla.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.nabla.nn.layers.AvgPool2d;
import dev.nabla.nn.layers.Conv1d;
import dev.nabla.nn.layers.Conv2d;
import dev.nabla.nn.layers.ConvNd;
import dev.nabla.nn.layers.Embedding;
import dev.nabla.nn.layers.LayerNorm;
import dev.nabla.nn.layers.RMSNorm;
import dev.nabla.nn.layers.ReLU;
import dev.nabla.nn.layers.Upsample;
import dev.nabla.tensor.Generator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A layer prints its config record, with Python's spelling of values, as PyTorch prints its options. */
class ConfigReprTest {

    @Test
    void layersPrintTheirConfigRecordWithPythonValues() {
        assertEquals("LayerNorm(normalized_shape=(4,), eps=1e-05, elementwise_affine=True)", new LayerNorm(4).toString());
        assertEquals("RMSNorm(normalized_shape=(2, 3), eps=None, elementwise_affine=False)",
                new RMSNorm(new int[] {2, 3}, null, false).toString());
        assertEquals("Upsample(size=None, scale_factor=(2.0, 1.5), mode='bilinear', align_corners=True)",
                new Upsample(null, new double[] {2, 1.5}, "bilinear", true).toString());
        assertEquals("Conv1d(in_channels=2, out_channels=4, kernel_size=(3,), stride=(1,), padding='same', "
                + "dilation=(1,), groups=1, bias=False, padding_mode='zeros')",
                new Conv1d(2, 4, 3, 1, "same", 1, 1, false, "zeros", new Generator(1)).toString());
        assertEquals("AvgPool2d(kernel_size=(2, 2), stride=(2, 2), padding=(0, 0), ceil_mode=False, "
                + "count_include_pad=True, divisor_override=None)", new AvgPool2d(2, 2, 0).toString());
        assertEquals("Embedding(num_embeddings=5, embedding_dim=2, padding_idx=None)",
                new Embedding(5, 2, null, new Generator(1)).toString());
        assertEquals("ReLU()", new ReLU().toString());
    }

    @Test
    void convolutionPaddingIsSizesOneIntOrAString() {
        Generator g = new Generator(2);
        Conv2d one = new Conv2d(new ConvNd.Config(2, 4, new int[] {3, 3}, new int[] {1, 1}, 1, new int[] {1, 1}, 1, true,
                "zeros"), g);
        assertArrayEquals(new int[] {1, 1}, one.padding());
        assertArrayEquals(new int[] {1, 1}, (int[]) one.config().padding());
        Conv2d same = new Conv2d(new ConvNd.Config(2, 4, new int[] {3, 3}, new int[] {1, 1}, "same", new int[] {1, 1}, 1,
                true, "zeros"), g);
        assertEquals("same", same.config().padding());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Conv2d(new ConvNd.Config(2, 4,
                new int[] {3}, new int[] {1}, 0, new int[] {1}, 1, true, "zeros"), g));
        assertEquals("Conv2d: kernel_size must hold 2 sizes, got [3]", e.getMessage());
    }

    @Test
    void floatsAreSpelledAsPythonsRepr() {
        Map<Double, String> cases = Map.of(1e-5, "1e-05", 1e-4, "0.0001", 0.1, "0.1", 2.0, "2.0", -1.5e-7, "-1.5e-07",
                1e16, "1e+16", 123456789.0, "123456789.0", 0.0, "0.0", Double.NaN, "nan");
        cases.forEach((x, python) -> assertEquals(python, ConfigRecord.pythonFloat(x), "repr(" + x + ")"));
    }

    @Test
    void configRecordsAreSnakeCaseMaps() {
        Map<String, Object> m = ConfigRecord.toMap(new Upsample.Config(new int[] {4, 6}, null, "nearest", null));
        assertEquals(List.of("size", "scale_factor", "mode", "align_corners"), List.copyOf(m.keySet()));
        assertEquals(List.of(4, 6), m.get("size"));
        assertEquals("tanh_approximation", ConfigRecord.snakeCase("tanhApproximation"));
    }
}
