package dev.nabla.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nabla.ops.Conv;
import dev.nabla.ops.LstmCell;
import dev.nabla.ops.ScaledDotProductAttention;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The CPU kernels give the same bits interpreted ({@code -Xint}, in a child JVM) as JIT-compiled
 * after warm-up here: no result may depend on whether C2 has compiled a kernel (determinism).
 * Vector API math such as {@code lanewise(EXP)} fails this; {@link VectorMath} passes.
 */
class KernelTiersTest {
    private static final int WARM_UP = 3000;

    /** Each op's result bits, hashed; shapes of 3 rows of 37 give vector loops and scalar tails. */
    static Map<String, Integer> results(int repeat) {
        Generator g = new Generator(11);
        Tensor x = Tensor.randn(g, 3, 37).mul(3);
        Map<String, Supplier<List<Tensor>>> ops = new LinkedHashMap<>();
        ops.put("exp", () -> List.of(x.exp()));
        ops.put("log", () -> List.of(x.abs().log()));
        ops.put("log1p", () -> List.of(x.abs().log1p()));
        ops.put("tanh", () -> gradOf(x, Tensor::tanh));
        ops.put("sigmoid", () -> gradOf(x, Tensor::sigmoid));
        ops.put("gelu", () -> gradOf(x, Tensor::gelu));
        ops.put("erf", () -> gradOf(x, Tensor::erf));
        ops.put("softmax", () -> gradOf(x, t -> t.softmax(1).mul(t)));
        ops.put("logSoftmax", () -> gradOf(x, t -> t.logSoftmax(1).mul(t)));
        ops.put("pow", () -> List.of(x.pow(3), x.abs().pow(x), x.pow(2)));
        ops.put("sin", () -> List.of(x.sin(), x.cos(), x.atan2(x.mul(0.7))));
        Tensor gates = Tensor.randn(g, 3, 4 * 37);
        Tensor cell = Tensor.randn(g, 3, 37);
        ops.put("lstmCell", () -> gradOf(gates, t -> LstmCell.apply(t, t.mul(0.5), cell)));
        Tensor q = Tensor.randn(g, 1, 2, 19, 8);
        ops.put("attention", () -> gradOf(q, t -> ScaledDotProductAttention.apply(t, t.mul(-1), t, true, 0.35)));
        Tensor image = Tensor.randn(g, 2, 1, 23, 23);
        Tensor kernel = Tensor.randn(g, 4, 1, 3, 3);
        Tensor bias = Tensor.randn(g, 4);
        int[] one = {1, 1};
        ops.put("conv2d weight", () -> gradOf(kernel, k -> Conv.conv2d(image, k, bias, one, one, one, 1)));
        ops.put("conv2d bias", () -> gradOf(bias, b -> Conv.conv2d(image, kernel, b, one, one, one, 1)));
        Map<String, Integer> out = new LinkedHashMap<>();
        for (Map.Entry<String, Supplier<List<Tensor>>> op : ops.entrySet()) {
            for (int i = 0; i < repeat; i++) {
                op.getValue().get();
            }
            List<Integer> hashes = new ArrayList<>();
            for (Tensor t : op.getValue().get()) {
                hashes.add(Arrays.hashCode(t.toFloatArray()));
            }
            out.put(op.getKey(), hashes.hashCode());
        }
        return out;
    }

    /** {@code f(x)} and the gradient of {@code sum(f(x) * w)} for a fixed w. */
    private static List<Tensor> gradOf(Tensor x, java.util.function.UnaryOperator<Tensor> f) {
        Tensor leaf = x.detach().requiresGrad(true);
        Tensor y = f.apply(leaf);
        y.mul(Tensor.randn(new Generator(3), y.shape())).sum().backward();
        return List.of(y.detach(), leaf.grad());
    }

    @Test
    void interpretedAndCompiledKernelsAgree() throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process child = new ProcessBuilder(java, "-Xint", "--add-modules", "jdk.incubator.vector",
                "-Dnabla.cpu.vectorBits=" + Vectors.FLOAT.vectorBitSize(), // where scalar tails start
                "-cp", System.getProperty("java.class.path"), Interpreted.class.getName())
                .redirectErrorStream(true).start();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, child.waitFor(), out);
        String interpreted = out.lines().filter(l -> l.startsWith("{")).findFirst().orElseThrow(() -> new AssertionError(out));
        assertEquals(interpreted, results(WARM_UP).toString());
    }

    /** The child of the test above: prints each op's hash, computed once, interpreted. */
    public static final class Interpreted {
        public static void main(String[] args) {
            System.out.println(results(0));
        }
    }
}
