package dev.nabla.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.loss.MSELoss;
import dev.nabla.nn.Module;
import dev.nabla.nn.Sequential;
import dev.nabla.nn.layers.BatchNorm1d;
import dev.nabla.nn.layers.Dropout;
import dev.nabla.nn.layers.Linear;
import dev.nabla.nn.layers.ReLU;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import dev.nabla.nn.Parameter;
import dev.nabla.nn.layers.Tanh;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CompiledStepTest {
    private static Module net() {
        return new Sequential(new Linear(16, 64), new BatchNorm1d(64), new ReLU(), new Dropout(0.2),
                new Linear(64, 64), new ReLU(), new Linear(64, 4));
    }

    /** The step CompiledStep.run stands for, eagerly; returns the loss. */
    private static double eagerStep(Module net, Optimizer opt, MSELoss mse, Tensor x, Tensor y) {
        opt.zeroGrad();
        Tensor loss = mse.forward(net.forward(x), y);
        loss.backward();
        opt.step();
        return loss.item();
    }

    /** Losses of 12 steps and the final weights, buffers and Adam moments, compiled or eager. */
    private static List<double[]> train(boolean compiled) {
        Tensor.manualSeed(7);
        Module net = net();
        Optimizer opt = new AdamW(net.parameters(), 1e-2);
        MSELoss mse = new MSELoss();
        CompiledStep step = CompiledStep.of(net, opt, (x, y) -> mse.forward(net.forward(x), y));
        Generator data = new Generator(3);
        List<double[]> out = new ArrayList<>();
        double[] losses = new double[12];
        for (int i = 0; i < losses.length; i++) {
            Tensor x = Tensor.randn(data, 32, 16);
            Tensor y = Tensor.randn(data, 32, 4);
            losses[i] = compiled ? step.run(x, y) : eagerStep(net, opt, mse, x, y);
            // work between steps takes the recycled arrays and writes into them
            Tensor.randn(data, 32, 64).relu().mul(Tensor.randn(data, 32, 64)).sum().item();
        }
        out.add(losses);
        for (Tensor p : net.parameters()) {
            out.add(p.toDoubleArray());
            out.add(p.grad().toDoubleArray());
            opt.state(p).buffers().values().forEach(t -> out.add(t.toDoubleArray()));
        }
        net.namedBuffers().values().forEach(t -> out.add(t.toDoubleArray()));
        return out;
    }

    @Test
    void equalsTheEagerStepAndKeepsStateIntact() {
        List<double[]> eager = train(false);
        List<double[]> compiled = train(true);
        assertEquals(eager.size(), compiled.size());
        for (int i = 0; i < eager.size(); i++) {
            assertArrayEquals(eager.get(i), compiled.get(i), "array " + i);
        }
    }

    /**
     * Parameters after 8 calls that accumulate two batches' gradients per update (the first call
     * of a pair keeps its gradients for the second), compiled or eager.
     */
    private static List<double[]> accumulate(boolean compiled) {
        Tensor.manualSeed(11);
        Module net = net();
        Optimizer opt = new AdamW(net.parameters(), 1e-2);
        MSELoss mse = new MSELoss();
        CompiledStep step = CompiledStep.of(net, opt, (x, y) -> mse.forward(net.forward(x), y));
        Generator data = new Generator(5);
        for (int i = 0; i < 8; i++) {
            Tensor x = Tensor.randn(data, 32, 16);
            Tensor y = Tensor.randn(data, 32, 4);
            boolean first = i % 2 == 0;
            java.util.function.Supplier<Double> body = () -> {
                if (first) {
                    opt.zeroGrad();
                }
                Tensor loss = mse.forward(net.forward(x), y);
                loss.backward();
                if (!first) {
                    opt.step();
                }
                return loss.item();
            };
            double loss = compiled ? step.call(body) : body.get();
            assertEquals(false, Double.isNaN(loss));
            Tensor.randn(data, 64, 64).relu().mul(Tensor.randn(data, 64, 64)).sum().item();
        }
        List<double[]> out = new ArrayList<>();
        for (Tensor p : net.parameters()) {
            out.add(p.toDoubleArray());
            out.add(p.grad().toDoubleArray());
        }
        return out;
    }

    @Test
    void gradientsAccumulatedOverTwoCallsAreNotRecycledBetweenThem() {
        List<double[]> eager = accumulate(false);
        List<double[]> compiled = accumulate(true);
        for (int i = 0; i < eager.size(); i++) {
            assertArrayEquals(eager.get(i), compiled.get(i), "array " + i);
        }
    }

    private static Module mlp() {
        return new Sequential(new Linear(16, 64), new ReLU(), new Linear(64, 64), new Tanh(), new Linear(64, 4));
    }

    private static Module batchNorm() {
        return new Sequential(new Linear(16, 64), new BatchNorm1d(64), new ReLU(), new Linear(64, 4));
    }

    /**
     * Losses, parameters, gradients, Adam moments and buffers after 14 steps on batches of 32 and
     * 20 rows, eager or compiled; between steps the caller's own work takes recycled arrays, the
     * gradients are dropped once, and once the first layer's weight is given new data (in place
     * for the optimizer, as {@code Module.to} does) and the last one's bias frozen.
     */
    private static List<double[]> trainVarying(Supplier<Module> model, boolean compiled, List<Boolean> replayed) {
        Tensor.manualSeed(13);
        Module net = model.get();
        Optimizer opt = new Adam(net.parameters(), 1e-2);
        MSELoss mse = new MSELoss();
        CompiledStep step = CompiledStep.of(net, opt, (x, y) -> mse.forward(net.forward(x), y));
        Generator data = new Generator(17);
        int[] rows = {32, 32, 20, 32, 32, 20, 32, 20, 32, 32, 32, 20, 32, 32};
        double[] losses = new double[rows.length];
        List<Parameter> params = net.parameters();
        for (int i = 0; i < rows.length; i++) {
            Tensor x = Tensor.randn(data, rows[i], 16);
            Tensor y = Tensor.randn(data, rows[i], 4);
            if (compiled) {
                replayed.add(step.isCaptured(x, y));
            }
            losses[i] = compiled ? step.run(x, y) : eagerStep(net, opt, mse, x, y);
            Tensor.randn(data, 32, 64).relu().mul(Tensor.randn(data, 32, 64)).sum().item();
            if (i == 5) {
                opt.zeroGrad();
            } else if (i == 7) {
                params.get(0).setData(params.get(0).detach().mul(0.5));
            } else if (i == 9) {
                params.get(params.size() - 1).requiresGrad(false);
            }
        }
        List<double[]> out = new ArrayList<>();
        out.add(losses);
        for (Parameter p : params) {
            out.add(p.toDoubleArray());
            out.add(p.grad() == null ? new double[0] : p.grad().toDoubleArray());
            ParamState state = opt.state(p);
            if (state != null) {
                state.buffers().values().forEach(t -> out.add(t.toDoubleArray()));
            }
        }
        net.buffers().forEach(t -> out.add(t.toDoubleArray()));
        return out;
    }

    static Stream<Arguments> replayedModels() {
        return Stream.of(Arguments.of("mlp", (Supplier<Module>) CompiledStepTest::mlp),
                Arguments.of("batchnorm", (Supplier<Module>) CompiledStepTest::batchNorm));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("replayedModels")
    void replaysEqualTheEagerSteps(String name, Supplier<Module> model) {
        List<double[]> eager = trainVarying(model, false, new ArrayList<>());
        List<Boolean> replayed = new ArrayList<>();
        List<double[]> compiled = trainVarying(model, true, replayed);
        assertEquals(eager.size(), compiled.size());
        for (int i = 0; i < eager.size(); i++) {
            assertArrayEquals(eager.get(i), compiled.get(i), "array " + i);
        }
        // 32 rows: eager, captured, replayed...; 20 rows from its second step; step 8 recaptures
        // (new weight data), step 10 too (a frozen bias), and step 11 for 20 rows
        assertEquals(List.of(false, false, false, true, true, false, true, true, false, true, false, false, true, true),
                replayed);
    }

    /** A scale the optimizer trains outside the module, its gradient dropped by the caller after each step. */
    @Test
    void replaysTrainWhatTheOptimizerHoldsOutsideTheModule() {
        List<double[]> scales = new ArrayList<>();
        for (boolean compiled : new boolean[] {false, true}) {
            Tensor.manualSeed(3);
            Module net = mlp();
            Tensor scale = Tensor.ones(1).requiresGrad(true);
            List<Tensor> trained = new ArrayList<>(net.parameters());
            trained.add(scale);
            Optimizer opt = new Adam(trained, 1e-2);
            MSELoss mse = new MSELoss();
            java.util.function.BiFunction<Tensor, Tensor, Tensor> lossFn = (x, y) -> mse.forward(net.forward(x).mul(scale), y);
            CompiledStep step = CompiledStep.of(net, opt, lossFn);
            Generator data = new Generator(4);
            for (int i = 0; i < 6; i++) {
                Tensor x = Tensor.randn(data, 8, 16);
                Tensor y = Tensor.randn(data, 8, 4);
                if (compiled) {
                    step.run(x, y);
                } else {
                    opt.zeroGrad();
                    lossFn.apply(x, y).backward();
                    opt.step();
                }
                opt.zeroGrad();
            }
            scales.add(scale.toDoubleArray());
        }
        assertArrayEquals(scales.get(0), scales.get(1));
        assertTrue(Math.abs(scales.get(1)[0] - 1) > 1e-3, "the scale was trained: " + scales.get(1)[0]);
    }

    @Test
    void stepsThatDrawRandomNumbersRunEagerly() {
        Module net = net();
        Optimizer opt = new Adam(net.parameters(), 1e-2);
        MSELoss mse = new MSELoss();
        CompiledStep step = CompiledStep.of(net, opt, (x, y) -> mse.forward(net.forward(x), y));
        Tensor x = Tensor.randn(32, 16);
        Tensor y = Tensor.randn(32, 4);
        assertRunsEagerly(step, x, y, "random");
        net.eval(); // no dropout: captured
        for (int i = 0; i < 3; i++) {
            step.run(x, y);
        }
        assertTrue(step.isCaptured(x, y));
    }

    @Test
    void stepsThatReadValuesRunEagerly() {
        Module net = mlp();
        Optimizer opt = new Adam(net.parameters(), 1e-2);
        CompiledStep step = CompiledStep.of(net, opt, (x, y) -> {
            Tensor d = net.forward(x).sub(y);
            return d.abs().max().item() > 1 ? d.pow(2).mean() : d.abs().mean();
        });
        assertRunsEagerly(step, Tensor.randn(8, 16), Tensor.randn(8, 4), "reads a value");
    }

    /** Three steps on one batch (eager, then the attempted capture, then eager again), with the reason given. */
    private static void assertRunsEagerly(CompiledStep step, Tensor x, Tensor y, String reason) {
        for (int i = 0; i < 3; i++) {
            step.run(x, y);
        }
        assertFalse(step.isCaptured(x, y));
        assertTrue(step.notCapturedReason(x, y).contains(reason), step.notCapturedReason(x, y));
    }

    @Test
    void refusesLbfgs() {
        Module net = net();
        assertThrows(IllegalArgumentException.class,
                () -> CompiledStep.of(net, new LBFGS(net.parameters()), (x, y) -> x.sum()));
    }
}
