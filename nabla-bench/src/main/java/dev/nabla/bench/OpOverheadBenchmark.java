package dev.nabla.bench;

import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Framework overhead of small ops with autograd recording (the target: adding two 32×64
 * tensors that require grad costs at most 2 µs). Run with
 * {@code java -cp ... org.openjdk.jmh.Main OpOverheadBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class OpOverheadBenchmark {
    private Tensor a;
    private Tensor b;
    private Tensor w;

    @Setup
    public void setup() {
        Generator g = new Generator(0);
        a = Tensor.randn(g, 32, 64).requiresGrad(true);
        b = Tensor.randn(g, 32, 64).requiresGrad(true);
        w = Tensor.randn(g, 64, 64).requiresGrad(true);
    }

    /** Elementwise add of two 32×64 tensors, recording the graph. */
    @Benchmark
    public Tensor add32x64() {
        return a.add(b);
    }

    /** A 32×64 @ 64×64 product, recording the graph. */
    @Benchmark
    public Tensor matmul32x64x64() {
        return a.matmul(w);
    }

    /** Forward and backward of {@code relu(a @ w + b).sum()}. */
    @Benchmark
    public Tensor linearReluBackward() {
        Tensor loss = a.matmul(w).add(b).relu().sum();
        loss.backward();
        a.zeroGrad();
        b.zeroGrad();
        w.zeroGrad();
        return loss;
    }
}
