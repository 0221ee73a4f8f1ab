package dev.nabla.train.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nabla.backend.Backend;
import dev.nabla.backend.Backends;
import dev.nabla.io.Safetensors;
import dev.nabla.tensor.Tensor;
import dev.nabla.testing.Parity;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Random chains of ops against PyTorch 1.13: {@code src/test/python/make_random_programs_fixture.py}
 * wrote 360 seeded programs (elementwise ops, broadcast binary ops with either operand order, ops
 * along a dim), their float32 inputs and PyTorch's results and gradients of {@code sum(y * w)}
 * in float64. Each runs on both backends: within 1e-9 (relative plus absolute) on {@code ref},
 * which computes in float64 from the same inputs, and 1e-3 on {@code cpu} (float32 all along).
 * The op names are the script's; {@code pos(x) = |x| + 0.5} keeps arguments in their domains.
 * 80 more programs also update the value, or a view of it, in place ({@code add_}, {@code mul_},
 * {@code copy_}, ...) and keep multiples of earlier values aside, which must keep the values and
 * histories they read; 30 more may also copy half of the value into a buffer of zeros that does
 * not require grad, through a view, and go on with the buffer.
 */
class RandomProgramsTest {
    private static final Map<String, UnaryOperator<Tensor>> ELEMENTWISE = Map.ofEntries(
            Map.entry("abs", Tensor::abs), Map.entry("neg", Tensor::neg), Map.entry("exp", Tensor::exp),
            Map.entry("sin", Tensor::sin), Map.entry("cos", Tensor::cos), Map.entry("tanh", Tensor::tanh),
            Map.entry("sigmoid", Tensor::sigmoid), Map.entry("relu", Tensor::relu), Map.entry("gelu", x -> x.gelu()),
            Map.entry("gelu_tanh", x -> x.gelu(true)), Map.entry("silu", Tensor::silu), Map.entry("softplus", x -> x.softplus()),
            Map.entry("softplus_b2_t1", x -> x.softplus(2, 1)), Map.entry("elu", x -> x.elu()),
            Map.entry("elu_half", x -> x.elu(0.5)), Map.entry("leaky_relu", x -> x.leakyRelu(0.2)),
            Map.entry("hardtanh", x -> x.hardtanh()), Map.entry("hardtanh_range", x -> x.hardtanh(-0.3, 0.8)),
            Map.entry("hardswish", Tensor::hardswish), Map.entry("mish", Tensor::mish), Map.entry("logsigmoid", Tensor::logSigmoid),
            Map.entry("erf", Tensor::erf), Map.entry("sqrt_pos", x -> pos(x).sqrt()), Map.entry("log_pos", x -> pos(x).log()),
            Map.entry("rsqrt_pos", x -> pos(x).rsqrt()), Map.entry("reciprocal_pos", x -> pos(x).reciprocal()),
            Map.entry("clamp", x -> x.clamp(-0.5, 0.7)), Map.entry("clamp_min", x -> x.clampMin(0.1)),
            Map.entry("clamp_max", x -> x.clampMax(-0.1)), Map.entry("square", x -> x.pow(2)), Map.entry("cube", x -> x.pow(3)),
            Map.entry("pow_pos", x -> pos(x).pow(1.5)), Map.entry("add_scalar", x -> x.add(1.5)),
            Map.entry("mul_scalar", x -> x.mul(-2.0)), Map.entry("div_scalar", x -> x.div(3.0)),
            Map.entry("rsub_scalar", x -> x.rsub(2.0)), Map.entry("sign", Tensor::sign), Map.entry("floor", Tensor::floor),
            Map.entry("ceil", Tensor::ceil), Map.entry("round", x -> x.round()), Map.entry("trunc", Tensor::trunc),
            Map.entry("round_1", x -> x.round(1)), Map.entry("square_fn", Tensor::square),
            Map.entry("exp2", x -> x.clamp(-30, 30).exp2()), Map.entry("expm1", x -> x.clamp(-30, 30).expm1()),
            Map.entry("log2_pos", x -> pos(x).log2()), Map.entry("log10_pos", x -> pos(x).log10()),
            Map.entry("sinh", x -> x.clamp(-30, 30).sinh()), Map.entry("cosh", x -> x.clamp(-30, 30).cosh()),
            Map.entry("tan_half", x -> x.tanh().tan()), Map.entry("atan", Tensor::atan),
            Map.entry("asin_tanh", x -> x.tanh().mul(0.99).asin()), Map.entry("acos_tanh", x -> x.tanh().mul(0.99).acos()),
            Map.entry("nan_to_num_log", x -> x.log().nanToNum()));
    private static final Map<String, BinaryOperator<Tensor>> BINARY = Map.of(
            "add", Tensor::add, "sub", Tensor::sub, "mul", Tensor::mul, "div_pos", (a, b) -> a.div(pos(b)),
            "maximum", Tensor::maximum, "minimum", Tensor::minimum, "pow_pos", (a, b) -> pos(a).pow(b),
            "fmod_pos", (a, b) -> a.fmod(pos(b)), "remainder_pos", (a, b) -> a.remainder(pos(b)));

    /** In-place updates of the value {@code t} by an input {@code o} (null for those without one). */
    private static final Map<String, BinaryOperator<Tensor>> IN_PLACE = Map.ofEntries(
            Map.entry("add_", Tensor::add_), Map.entry("sub_", Tensor::sub_), Map.entry("mul_", Tensor::mul_),
            Map.entry("div_pos_", (t, o) -> t.div_(pos(o))), Map.entry("copy_", Tensor::copy_),
            Map.entry("add_scalar_", (t, o) -> t.add_(0.75)), Map.entry("mul_scalar_", (t, o) -> t.mul_(-1.5)),
            Map.entry("square_", (t, o) -> t.pow_(2)), Map.entry("clamp_", (t, o) -> t.clamp_(-0.5, 0.7)),
            Map.entry("neg_", (t, o) -> t.neg_()), Map.entry("relu_", (t, o) -> t.relu_()),
            Map.entry("zero_", (t, o) -> t.zero_()), Map.entry("fill_", (t, o) -> t.fill_(0.25)),
            Map.entry("abs_", (t, o) -> t.abs_()), Map.entry("sigmoid_", (t, o) -> t.sigmoid_()),
            Map.entry("tanh_", (t, o) -> t.tanh_()), Map.entry("clamp_min_", (t, o) -> t.clampMin_(0.1)),
            Map.entry("addcmul_", (t, o) -> t.addcmul_(o, o, 0.5)), Map.entry("addcdiv_pos_", (t, o) -> t.addcdiv_(o, pos(o), -0.5)),
            Map.entry("lerp_", (t, o) -> t.lerp_(o, 0.3)), Map.entry("masked_fill_", (t, o) -> t.maskedFill_(o.gt(0), -0.5)));

    private static Map<String, Tensor> fixture;
    private static List<String> programs;

    private static Tensor pos(Tensor x) {
        return x.abs().add(0.5);
    }

    private static Tensor along(String name, Tensor x, int dim, boolean keep) {
        int[] dims = {dim};
        return switch (name) {
            case "sum" -> x.sum(dim, keep);
            case "mean" -> x.mean(dim, keep);
            case "amax" -> x.amax(dims, keep);
            case "amin" -> x.amin(dims, keep);
            case "var" -> x.var(dims, true, keep);
            case "var_biased" -> x.var(dims, false, keep);
            case "std" -> x.std(dims, true, keep);
            case "logsumexp" -> x.logSumExp(dim, keep);
            case "prod" -> x.prod(dim, keep);
            case "norm2" -> x.norm(2, dims, keep);
            case "norm1" -> x.norm(1, dims, keep);
            case "max" -> x.max(dim, keep).values();
            case "min" -> x.min(dim, keep).values();
            case "softmax" -> x.softmax(dim);
            case "log_softmax" -> x.logSoftmax(dim);
            case "cumsum" -> x.cumsum(dim);
            case "cumprod" -> x.cumprod(dim);
            case "sort" -> x.sort(dim, keep).values();
            case "flip" -> x.flip(dim);
            case "roll" -> x.roll(new int[] {keep ? 1 : -2}, dims);
            default -> throw new IllegalArgumentException("unknown op along a dim: " + name);
        };
    }

    /**
     * One step of a program line ({@code u:NAME}, {@code b:NAME:INPUT:SWAP}, {@code r:NAME:DIM:KEEP},
     * {@code i:NAME[:INPUT]} in place, {@code j:NAME:DIM} in place on the first half along DIM, {@code k:C} keeping
     * {@code C * t} in {@code kept}, {@code z:DIM} the first half along DIM copied into zeros) applied to {@code t}.
     */
    private static Tensor apply(String step, Tensor t, List<Tensor> xs, List<Tensor> kept) {
        String[] f = step.split(":");
        return switch (f[0]) {
            case "i" -> known(IN_PLACE.get(f[1]), f[1]).apply(t, f.length > 2 ? xs.get(Integer.parseInt(f[2])) : null);
            case "j" -> {
                int d = Integer.parseInt(f[2]);
                known(IN_PLACE.get(f[1]), f[1]).apply(t.narrow(d, 0, (t.size(d) + 1) / 2), null);
                yield t;
            }
            case "k" -> {
                kept.add(t.mul(Double.parseDouble(f[1])));
                yield t;
            }
            case "z" -> {
                int d = Integer.parseInt(f[1]);
                int half = (t.size(d) + 1) / 2;
                Tensor buffer = Tensor.zeros(t.dtype(), t.shape()).to(t.backend());
                buffer.narrow(d, 0, half).copy_(t.narrow(d, 0, half));
                yield buffer;
            }
            case "u" -> known(ELEMENTWISE.get(f[1]), f[1]).apply(t);
            case "b" -> {
                BinaryOperator<Tensor> op = known(BINARY.get(f[1]), f[1]);
                Tensor other = xs.get(Integer.parseInt(f[2]));
                yield f[3].equals("1") ? op.apply(other, t) : op.apply(t, other);
            }
            case "r" -> along(f[1], t, Integer.parseInt(f[2]), f[3].equals("1"));
            default -> throw new IllegalArgumentException("unknown step " + step);
        };
    }

    private static <T> T known(T op, String name) {
        if (op == null) {
            throw new IllegalArgumentException("unknown op " + name);
        }
        return op;
    }

    private static synchronized Map<String, Tensor> fixture() throws Exception {
        if (fixture == null) {
            Safetensors.Contents contents = Safetensors.read(
                    Path.of(RandomProgramsTest.class.getResource("random_programs.safetensors").toURI()));
            fixture = contents.tensors();
            programs = List.of(contents.metadata().get("programs").split("\n"));
        }
        return fixture;
    }

    static Stream<Arguments> programs() throws Exception {
        fixture();
        assertEquals(360, programs.size(), "programs in the fixture");
        return IntStream.range(0, programs.size()).boxed()
                .flatMap(i -> Stream.of(Arguments.of(i, programs.get(i), "ref"), Arguments.of(i, programs.get(i), "cpu")));
    }

    @ParameterizedTest(name = "{0} on {2}: {1}")
    @MethodSource("programs")
    void matchesPyTorch(int index, String program, String backendName) throws Exception {
        Backend b = Backends.byName(backendName);
        double tol = b == Backends.REF ? 1e-9 : 1e-3;
        Map<String, Tensor> f = fixture();
        String p = "p" + index;
        List<Tensor> xs = new ArrayList<>();
        for (int j = 0; f.containsKey(p + ".x" + j); j++) {
            xs.add(f.get(p + ".x" + j).to(b).to(b.floatType()).requiresGrad(true));
        }
        Tensor y = Parity.onBackend(b, () -> {
            Tensor t = xs.get(0);
            List<Tensor> kept = new ArrayList<>();
            for (String step : program.split(" ")) {
                t = apply(step, t, xs, kept);
            }
            for (Tensor c : kept) {
                t = t.add(c.sum());
            }
            return t;
        });
        String what = p + " (" + program + ") on " + backendName;
        Parity.assertClose(what + ", result", f.get(p + ".y"), y, tol, tol);
        if (!y.requiresGrad()) { // only ops without gradients (floor, sign, ...): PyTorch's are zeros
            for (int j = 0; j < xs.size(); j++) {
                Parity.assertClose(what + ", gradient of x" + j, f.get(p + ".g" + j), Tensor.zerosLike(xs.get(j)), 0, 0);
            }
            return;
        }
        Parity.onBackend(b, () -> {
            y.mul(f.get(p + ".w").to(b).to(y.dtype())).sum().backward();
            return null;
        });
        for (int j = 0; j < xs.size(); j++) {
            Tensor g = xs.get(j).grad() != null ? xs.get(j).grad() : Tensor.zerosLike(xs.get(j));
            Parity.assertClose(what + ", gradient of x" + j, f.get(p + ".g" + j), g, tol, tol);
        }
    }
}
