package dev.nabla.optim;

import static org.junit.jupiter.api.Assertions.fail;

import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import dev.nabla.testing.OnBackend;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each optimizer's first 20 steps on a fixed quadratic and on a small network, in float64 on
 * the reference backend, against {@link ReferenceOptimizers} with gradients computed by hand:
 * parameters must agree to 1e-5 relative after every step.
 */
@OnBackend("ref")
class OptimizerRulesTest {
    private static final int STEPS = 20;

    record Config(String name, Function<List<Tensor>, Optimizer> nabla, Supplier<ReferenceOptimizers.Rule> reference) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Config> configs() {
        return Stream.of(
                new Config("SGD", p -> new SGD(p, 0.1), () -> ReferenceOptimizers.sgd(0.1, 0, 0, 0, false)),
                new Config("SGD momentum dampening weight decay", p -> new SGD(p, 0.05).momentum(0.9).dampening(0.1)
                        .weightDecay(0.01), () -> ReferenceOptimizers.sgd(0.05, 0.9, 0.1, 0.01, false)),
                new Config("SGD Nesterov", p -> new SGD(p, 0.05).momentum(0.8).nesterov(true).weightDecay(0.02),
                        () -> ReferenceOptimizers.sgd(0.05, 0.8, 0, 0.02, true)),
                new Config("Adam", p -> new Adam(p, 0.05), () -> ReferenceOptimizers.adam(0.05, 0.9, 0.999, 1e-8, 0, false, false)),
                new Config("Adam AMSGrad weight decay", p -> new Adam(p, 0.05).betas(0.8, 0.9).amsgrad(true).weightDecay(0.1),
                        () -> ReferenceOptimizers.adam(0.05, 0.8, 0.9, 1e-8, 0.1, true, false)),
                new Config("AdamW", p -> new AdamW(p, 0.05).weightDecay(0.1),
                        () -> ReferenceOptimizers.adam(0.05, 0.9, 0.999, 1e-8, 0.1, false, true)),
                new Config("AdamW AMSGrad", p -> new AdamW(p, 0.05).betas(0.7, 0.9).amsgrad(true).eps(1e-6),
                        () -> ReferenceOptimizers.adam(0.05, 0.7, 0.9, 1e-6, 0.01, true, true)),
                new Config("RMSprop", p -> new RMSprop(p, 0.01), () -> ReferenceOptimizers.rmsprop(0.01, 0.99, 1e-8, 0, 0, false)),
                new Config("RMSprop centered momentum", p -> new RMSprop(p, 0.01).alpha(0.9).centered(true).momentum(0.5)
                        .weightDecay(0.01), () -> ReferenceOptimizers.rmsprop(0.01, 0.9, 1e-8, 0.01, 0.5, true)),
                new Config("Adagrad", p -> new Adagrad(p, 0.1), () -> ReferenceOptimizers.adagrad(0.1, 0, 0, 0, 1e-10)),
                new Config("Adagrad decay", p -> new Adagrad(p, 0.1).lrDecay(0.05).weightDecay(0.01)
                        .initialAccumulatorValue(0.1), () -> ReferenceOptimizers.adagrad(0.1, 0.05, 0.01, 0.1, 1e-10)),
                new Config("Adamax", p -> new Adamax(p, 0.05), () -> ReferenceOptimizers.adamax(0.05, 0.9, 0.999, 1e-8, 0)),
                new Config("Adamax betas weight decay", p -> new Adamax(p, 0.05).betas(0.8, 0.9).eps(1e-3).weightDecay(0.1),
                        () -> ReferenceOptimizers.adamax(0.05, 0.8, 0.9, 1e-3, 0.1)),
                new Config("NAdam", p -> new NAdam(p, 0.05),
                        () -> ReferenceOptimizers.nadam(0.05, 0.9, 0.999, 1e-8, 0, 4e-3, false)),
                new Config("NAdam momentum decay weight decay", p -> new NAdam(p, 0.05).betas(0.8, 0.95).momentumDecay(0.1)
                        .weightDecay(0.1), () -> ReferenceOptimizers.nadam(0.05, 0.8, 0.95, 1e-8, 0.1, 0.1, false)),
                new Config("NAdam decoupled", p -> new NAdam(p, 0.05).weightDecay(0.1).decoupledWeightDecay(true),
                        () -> ReferenceOptimizers.nadam(0.05, 0.9, 0.999, 1e-8, 0.1, 4e-3, true)),
                // beta2 0.9: rho_t passes 5 at step 6, so both branches of the rectification run
                new Config("RAdam", p -> new RAdam(p, 0.05).betas(0.9, 0.9),
                        () -> ReferenceOptimizers.radam(0.05, 0.9, 0.9, 1e-8, 0, false)),
                new Config("RAdam weight decay", p -> new RAdam(p, 0.05).betas(0.8, 0.8).weightDecay(0.1),
                        () -> ReferenceOptimizers.radam(0.05, 0.8, 0.8, 1e-8, 0.1, false)),
                new Config("RAdam decoupled", p -> new RAdam(p, 0.05).betas(0.9, 0.9).weightDecay(0.1)
                        .decoupledWeightDecay(true), () -> ReferenceOptimizers.radam(0.05, 0.9, 0.9, 1e-8, 0.1, true)),
                new Config("Adadelta", p -> new Adadelta(p), () -> ReferenceOptimizers.adadelta(1.0, 0.9, 1e-6, 0)),
                new Config("Adadelta rho weight decay", p -> new Adadelta(p, 0.5).rho(0.7).eps(1e-4).weightDecay(0.1),
                        () -> ReferenceOptimizers.adadelta(0.5, 0.7, 1e-4, 0.1)));
    }

    static Stream<Arguments> cases() {
        return configs().flatMap(c -> Stream.of(Arguments.of(c, new Quadratic()), Arguments.of(c, new SmallNetwork())));
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("cases")
    void firstStepsMatchThePublishedRule(Config config, Problem problem) {
        double[][] init = problem.initialParams();
        List<Tensor> params = new java.util.ArrayList<>();
        for (int k = 0; k < init.length; k++) {
            params.add(Tensor.of(init[k].clone(), problem.shapes()[k]).requiresGrad(true));
        }
        Optimizer opt = config.nabla().apply(params);
        ReferenceOptimizers.Rule ref = config.reference().get();
        double[][] expected = new double[init.length][];
        for (int k = 0; k < init.length; k++) {
            expected[k] = init[k].clone();
        }
        for (int step = 1; step <= STEPS; step++) {
            opt.zeroGrad();
            problem.loss(params).backward();
            opt.step();
            ref.step(expected, problem.gradients(expected));
            for (int k = 0; k < expected.length; k++) {
                double[] actual = params.get(k).toDoubleArray();
                for (int i = 0; i < actual.length; i++) {
                    if (!(Math.abs(actual[i] - expected[k][i]) <= 1e-5 * Math.abs(expected[k][i]) + 1e-12)) {
                        fail(config + " on " + problem + ", step " + step + ", param " + k + "[" + i + "]: "
                                + actual[i] + " vs reference " + expected[k][i]);
                    }
                }
            }
        }
    }

    /**
     * Values from float64 ports of torch.optim's {@code _single_tensor_*} update functions, on
     * {@code f(p) = sum(w * p^2)}, {@code w = (1, 3)}, from {@code p = (1, -2)}: the parameter
     * after each step.
     */
    static Stream<Arguments> pytorchValues() {
        return Stream.of(
                Arguments.of("Adamax(lr=0.1, weight_decay=0.1)",
                        (Function<List<Tensor>, Optimizer>) p -> new Adamax(p, 0.1).weightDecay(0.1), new double[][] {
                            {0.9000000004761904, -1.9000000000819672}, {0.8051683271236398, -1.802534113220127},
                            {0.7154994733283055, -1.7076482350750488}}),
                Arguments.of("NAdam(lr=0.1, weight_decay=0.1)",
                        (Function<List<Tensor>, Optimizer>) p -> new NAdam(p, 0.1).weightDecay(0.1), new double[][] {
                            {0.8943548226675334, -1.8943548222510556}, {0.8199730705901263, -1.8178975304993013},
                            {0.7527292663217632, -1.7475085008450386}}),
                Arguments.of("RAdam(lr=0.1, betas=(0.9, 0.9), weight_decay=0.1)",
                        (Function<List<Tensor>, Optimizer>) p -> new RAdam(p, 0.1).betas(0.9, 0.9).weightDecay(0.1),
                        new double[][] {
                            {0.79, -0.7799999999999998}, {0.6032105263157894, 0.04831578947368442},
                            {0.43860380656438136, 0.5601044863080212}, {0.29507877345818645, 0.8237244034150448},
                            {0.17146985734058173, 0.9002690834850728}, {0.1491517134571513, 0.8978193076730424},
                            {0.1215785003897444, 0.8892979021271529}}),
                Arguments.of("Adadelta(weight_decay=0.1)",
                        (Function<List<Tensor>, Optimizer>) p -> new Adadelta(p).weightDecay(0.1), new double[][] {
                            {0.9968377259251744, -1.9968377224460623}, {0.9935981733243306, -1.9935957271197995},
                            {0.9903090445069902, -1.9903007496545153}}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pytorchValues")
    void stepsMatchValuesFromPyTorchFormulas(String name, Function<List<Tensor>, Optimizer> make, double[][] expected) {
        Tensor p = Tensor.of(new double[] {1, -2}).requiresGrad(true);
        Tensor w = Tensor.of(new double[] {1, 3});
        Optimizer opt = make.apply(List.of(p));
        for (int step = 0; step < expected.length; step++) {
            opt.zeroGrad();
            p.mul(p).mul(w).sum().backward();
            opt.step();
            double[] actual = p.toDoubleArray();
            for (int i = 0; i < 2; i++) {
                if (!(Math.abs(actual[i] - expected[step][i]) <= 1e-12)) {
                    fail(name + ", step " + (step + 1) + ": " + java.util.Arrays.toString(actual) + " vs "
                            + java.util.Arrays.toString(expected[step]));
                }
            }
        }
    }

    /** A differentiable problem with hand-written gradients. */
    interface Problem {
        int[][] shapes();

        double[][] initialParams();

        Tensor loss(List<Tensor> params);

        double[][] gradients(double[][] params);
    }

    /** {@code f(x) = 0.5 x^T A x - b^T x} with A symmetric positive definite; {@code grad = A x - b}. */
    static final class Quadratic implements Problem {
        static final double[][] A = {{3, 0.5, 0}, {0.5, 2, 0.3}, {0, 0.3, 1}};
        static final double[] B = {1, -2, 0.5};

        @Override
        public int[][] shapes() {
            return new int[][] {{3}};
        }

        @Override
        public double[][] initialParams() {
            return new double[][] {{2, -1, 3}};
        }

        @Override
        public Tensor loss(List<Tensor> params) {
            Tensor x = params.get(0);
            return x.dot(Tensor.of(A).matmul(x)).mul(0.5).sub(x.dot(Tensor.of(B)));
        }

        @Override
        public double[][] gradients(double[][] p) {
            double[] g = new double[3];
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    g[i] += A[i][j] * p[0][j];
                }
                g[i] -= B[i];
            }
            return new double[][] {g};
        }

        @Override
        public String toString() {
            return "quadratic";
        }
    }

    /**
     * {@code mean((W2 tanh(W1 x + b1) + b2 - y)^2)} over a fixed batch of 5, with W1 [4, 3],
     * b1 [4], W2 [1, 4], b2 [1]; gradients by hand-written backpropagation.
     */
    static final class SmallNetwork implements Problem {
        static final int N = 5;
        final double[][] x = new double[N][3];
        final double[] y = new double[N];

        SmallNetwork() {
            Generator g = new Generator(42);
            for (int n = 0; n < N; n++) {
                for (int i = 0; i < 3; i++) {
                    x[n][i] = g.nextGaussian();
                }
                y[n] = g.nextGaussian();
            }
        }

        @Override
        public int[][] shapes() {
            return new int[][] {{4, 3}, {4}, {1, 4}, {1}};
        }

        @Override
        public double[][] initialParams() {
            Generator g = new Generator(7);
            double[][] p = {new double[12], new double[4], new double[4], new double[1]};
            for (double[] a : p) {
                for (int i = 0; i < a.length; i++) {
                    a[i] = 0.5 * g.nextGaussian();
                }
            }
            return p;
        }

        @Override
        public Tensor loss(List<Tensor> p) {
            Tensor h = Tensor.of(x).matmul(p.get(0).t()).add(p.get(1)).tanh();
            Tensor out = h.matmul(p.get(2).t()).add(p.get(3)).reshape(N);
            Tensor d = out.sub(Tensor.of(y));
            return d.mul(d).mean();
        }

        @Override
        public double[][] gradients(double[][] p) {
            double[][] g = {new double[12], new double[4], new double[4], new double[1]};
            for (int n = 0; n < N; n++) {
                double[] h = new double[4];
                double out = p[3][0];
                for (int j = 0; j < 4; j++) {
                    double z = p[1][j];
                    for (int i = 0; i < 3; i++) {
                        z += p[0][j * 3 + i] * x[n][i];
                    }
                    h[j] = Math.tanh(z);
                    out += p[2][j] * h[j];
                }
                double dOut = 2 * (out - y[n]) / N;
                g[3][0] += dOut;
                for (int j = 0; j < 4; j++) {
                    g[2][j] += dOut * h[j];
                    double dz = dOut * p[2][j] * (1 - h[j] * h[j]);
                    g[1][j] += dz;
                    for (int i = 0; i < 3; i++) {
                        g[0][j * 3 + i] += dz * x[n][i];
                    }
                }
            }
            return g;
        }

        @Override
        public String toString() {
            return "small network";
        }
    }
}
