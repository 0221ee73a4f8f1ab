package dev.nabla.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.nabla.loss.MSELoss;
import dev.nabla.nn.Module;
import dev.nabla.nn.Sequential;
import dev.nabla.nn.layers.BatchNorm1d;
import dev.nabla.nn.layers.Dropout;
import dev.nabla.nn.layers.Linear;
import dev.nabla.nn.layers.ReLU;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CompiledStepTest {
    private static Module net() {
        return new Sequential(new Linear(16, 64), new BatchNorm1d(64), new ReLU(), new Dropout(0.2),
                new Linear(64, 64), new ReLU(), new Linear(64, 4));
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
            if (compiled) {
                losses[i] = step.run(x, y);
            } else {
                opt.zeroGrad();
                Tensor loss = mse.forward(net.forward(x), y);
                loss.backward();
                opt.step();
                losses[i] = loss.item();
            }
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

    @Test
    void refusesLbfgs() {
        Module net = net();
        assertThrows(IllegalArgumentException.class,
                () -> CompiledStep.of(net, new LBFGS(net.parameters()), (x, y) -> x.sum()));
    }
}
