package dev.nabla.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.nabla.backend.Backend;
import dev.nabla.backend.Backends;
import dev.nabla.loss.Losses;
import dev.nabla.nn.layers.BatchNorm1d;
import dev.nabla.nn.layers.Linear;
import dev.nabla.optim.Adam;
import dev.nabla.optim.Optimizer;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import dev.nabla.testing.OnBackend;
import dev.nabla.testing.Parity;
import dev.nabla.testing.backend.TestDevice;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code Module.to(device)}: parameters, buffers and gradients move in place; optimizer state follows. */
@OnBackend("ref")
class ModuleDeviceTest {
    private static final Backend DEV = TestDevice.get();

    private static Sequential model() {
        Tensor.manualSeed(3);
        return new Sequential(new Linear(3, 4), new BatchNorm1d(4), new Linear(4, 1));
    }

    /** Three Adam steps on a regression batch; the device is switched after {@code moveAfter} steps. */
    private static List<Tensor> train(Sequential m, Backend target, int moveAfter) {
        Generator g = new Generator(5);
        Tensor x = Tensor.randn(g, 8, 3);
        Tensor y = Tensor.randn(g, 8, 1);
        Optimizer opt = new Adam(m.parameters(), 0.1);
        for (int step = 0; step < 3; step++) {
            if (step == moveAfter) {
                m.to(target);
            }
            opt.zeroGrad();
            Losses.mse(m.forward(x.to(m.parameters().get(0).backend())), y.to(m.parameters().get(0).backend())).backward();
            opt.step();
        }
        return List.copyOf(m.stateDict().values());
    }

    /** Adam's fused step on ref and its composed default on the device round differently: 1e-6, not bit-equal. */
    @Test
    void trainingOnTheDeviceMatchesTheHost() {
        List<Tensor> host = train(model(), Backends.REF, 0);
        for (int moveAfter : new int[] {0, 1}) {
            Sequential m = model();
            List<Tensor> dev = train(m, DEV, moveAfter);
            for (int i = 0; i < host.size(); i++) {
                assertSame(DEV, dev.get(i).backend());
                Parity.assertClose("state " + i + " moved after " + moveAfter + " steps", host.get(i), dev.get(i), 1e-7, 1e-6);
            }
        }
    }

    @Test
    void parametersKeepTheirIdentityAndGradient() {
        Sequential m = model();
        Parameter w = m.parameters().get(0);
        m.forward(Tensor.ones(2, 3)).sum().backward();
        double[] grad = w.grad().toDoubleArray();
        m.to("test:0");
        assertSame(w, m.parameters().get(0));
        assertEquals("test:0", w.device().toString());
        assertEquals("test:0", w.grad().device().toString());
        Parity.assertClose("gradient", Tensor.of(grad, grad.length), w.grad().reshape(grad.length).to(Backends.REF), 0, 0);
        m.namedBuffers().values().forEach(b -> assertSame(DEV, b.backend()));
        m.to(Backends.REF);
        assertSame(Backends.REF, w.backend());
    }
}
