package dev.nabla.train.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.nabla.backend.Backend;
import dev.nabla.backend.Backends;
import dev.nabla.io.Safetensors;
import dev.nabla.nn.Module;
import dev.nabla.nn.Parameter;
import dev.nabla.nn.Sequential;
import dev.nabla.nn.layers.AdaptiveAvgPool1d;
import dev.nabla.nn.layers.AdaptiveAvgPool2d;
import dev.nabla.nn.layers.AdaptiveMaxPool1d;
import dev.nabla.nn.layers.AdaptiveMaxPool2d;
import dev.nabla.nn.layers.AvgPool1d;
import dev.nabla.nn.layers.AvgPool2d;
import dev.nabla.nn.layers.BatchNorm2d;
import dev.nabla.nn.layers.ChannelShuffle;
import dev.nabla.nn.layers.Conv1d;
import dev.nabla.nn.layers.Conv2d;
import dev.nabla.nn.layers.ConvTranspose1d;
import dev.nabla.nn.layers.ConvTranspose2d;
import dev.nabla.nn.layers.Dropout2d;
import dev.nabla.nn.layers.Flatten;
import dev.nabla.nn.layers.Fold;
import dev.nabla.nn.layers.GroupNorm;
import dev.nabla.nn.layers.InstanceNorm1d;
import dev.nabla.nn.layers.InstanceNorm2d;
import dev.nabla.nn.layers.LPPool1d;
import dev.nabla.nn.layers.LPPool2d;
import dev.nabla.nn.layers.LPPool;
import dev.nabla.nn.layers.Linear;
import dev.nabla.nn.layers.LocalResponseNorm;
import dev.nabla.nn.layers.MaxPool1d;
import dev.nabla.nn.layers.MaxPool2d;
import dev.nabla.nn.layers.RMSNorm;
import dev.nabla.nn.layers.RReLU;
import dev.nabla.nn.layers.ReLU;
import dev.nabla.nn.layers.Softmax2d;
import dev.nabla.nn.layers.Tanh;
import dev.nabla.nn.layers.Unflatten;
import dev.nabla.nn.layers.Unfold;
import dev.nabla.nn.layers.Upsample;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import dev.nabla.testing.Parity;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Convolutional networks holding every image layer, loaded from PyTorch 1.13 {@code state_dict}s
 * by name ({@code src/test/python/make_torch_cnn_fixture.py}, which documents the models): on
 * every backend, in eval mode (training mode for bntrain, whose running statistics after the
 * forward pass are compared too), the output and the gradients of {@code sum(y * w)} with respect
 * to the input and to every parameter match PyTorch's within {@code 1e-5} relative (plus
 * {@code 1e-5} absolute on the float32 {@code cpu} backend, {@code 1e-6} on {@code ref}).
 */
class TorchCnnTest {
    private static int[] a(int... v) {
        return v;
    }

    /** The twin of make_torch_cnn_fixture.py's cnn2d (Sequential indices are the state-dict names). */
    static Module cnn2d(Generator g) {
        return new Sequential(
                new Conv2d(3, 8, a(3, 3), a(1, 1), a(1, 1), a(1, 1), 1, true, "reflect", g),
                new BatchNorm2d(8),
                new ReLU(),
                new Conv2d(8, 8, a(3, 3), a(1, 1), "same", a(2, 2), 2, false, "zeros", g),
                new GroupNorm(4, 8),
                new Conv2d(8, 16, a(3, 3), a(2, 2), a(1, 1), a(1, 1), 8, true, "zeros", g),
                new MaxPool2d(2),
                new ConvTranspose2d(16, 6, a(3, 3), a(2, 2), a(1, 1), a(1, 1), 1, true, a(1, 1), g),
                new RMSNorm(a(6, 6), 1e-6, true),
                new Dropout2d(0.5),
                new Upsample(null, new double[] {2}, "bilinear", false),
                new AvgPool2d(3, 2, 1),
                new Upsample(a(9, 9), null, "nearest", null),
                new AdaptiveAvgPool2d(4, 3),
                new Flatten(),
                new Linear(72, 10, true, g),
                new Unflatten(1, 2, 5));
    }

    /** The twin of make_torch_cnn_fixture.py's cnn1d. */
    static Module cnn1d(Generator g) {
        return new Sequential(
                new Conv1d(4, 6, 3, 2, 1, 1, 1, true, "zeros", g),
                new Tanh(),
                new Conv1d(6, 6, 3, 1, "same", 2, 3, true, "zeros", g),
                new Conv1d(6, 4, 3, 1, 1, 1, 1, true, "circular", g),
                new GroupNorm(2, 4),
                new Upsample(null, new double[] {2}, "linear", null),
                new Flatten(),
                new Linear(64, 3, true, g));
    }

    /** The twin of make_torch_cnn_fixture.py's bntrain, run in training mode. */
    static Module bntrain(Generator g) {
        return new Sequential(
                new Conv2d(2, 4, a(3, 3), a(1, 1), a(1, 1), a(1, 1), 1, true, "zeros", g),
                new BatchNorm2d(4, 1e-3, 0.3, true, true),
                new BatchNorm2d(4, 1e-5, 0.1, false, false));
    }

    /** The twin of make_torch_cnn_fixture.py's pool1d. */
    static Module pool1d(Generator g) {
        return new Sequential(
                new Conv1d(3, 4, 3, 1, 1, 1, 1, true, "zeros", g),
                new ConvTranspose1d(4, 4, 3, 2, 1, 1, 2, true, 2, g),
                new InstanceNorm1d(4, 1e-5, 0.1, true, false),
                new MaxPool1d(3, 2, 1),
                new AvgPool1d(new AvgPool1d.Config(3, 1, 1, false, false)),
                new AdaptiveMaxPool1d(7),
                new AdaptiveAvgPool1d(5),
                new Flatten(),
                new Linear(20, 3, true, g));
    }

    /** The twin of make_torch_cnn_fixture.py's pool2d. */
    static Module pool2d(Generator g) {
        return new Sequential(
                new Conv2d(3, 4, a(3, 3), a(1, 1), a(1, 1), a(1, 1), 1, true, "zeros", g),
                new InstanceNorm2d(4, 1e-5, 0.1, true, true),
                new ReLU(),
                new AdaptiveMaxPool2d(4, 3),
                new InstanceNorm2d(4),
                new Flatten(),
                new Linear(48, 5, true, g));
    }

    /** The twin of make_torch_cnn_fixture.py's intrain, run in training mode. */
    static Module intrain(Generator g) {
        return new Sequential(
                new Conv2d(2, 4, a(3, 3), a(1, 1), a(1, 1), a(1, 1), 1, true, "zeros", g),
                new InstanceNorm2d(4, 1e-3, 0.3, true, true));
    }

    /** The twin of make_torch_cnn_fixture.py's extras. */
    static Module extras(Generator g) {
        return new Sequential(
                new Conv2d(4, 6, a(3, 3), a(1, 1), a(1, 1), a(1, 1), 1, true, "zeros", g),
                new LocalResponseNorm(new LocalResponseNorm.Config(3, 0.2, 0.75, 2.0)),
                new ChannelShuffle(3),
                new Softmax2d(),
                new Unfold(new Unfold.Config(a(2, 3), a(1, 1), a(1, 1), a(2, 1))),
                new Fold(new Fold.Config(a(6, 6), a(2, 3), a(1, 1), a(1, 1), a(2, 1))),
                new Flatten(),
                new Linear(216, 5, true, g));
    }

    /** The twin of make_torch_cnn_fixture.py's lppool. */
    static Module lppool(Generator g) {
        return new Sequential(
                new Conv2d(2, 3, a(3, 3), a(1, 1), a(1, 1), a(1, 1), 1, true, "zeros", g),
                new RReLU(new RReLU.Config(0.1, 0.3), g),
                new LPPool2d(new LPPool.Config(2, a(2, 3), a(2, 1), false)),
                new Flatten(2, -1),
                new LPPool1d(3, 2),
                new Flatten(),
                new Linear(9, 2, true, g));
    }

    private static Path fixture(String name) throws Exception {
        return Path.of(TorchCnnTest.class.getResource(name).toURI());
    }

    @ParameterizedTest(name = "{0} on {1}")
    @CsvSource({"cnn2d, ref", "cnn2d, cpu", "cnn1d, ref", "cnn1d, cpu", "bntrain, ref", "bntrain, cpu", "pool1d, ref",
        "pool1d, cpu", "pool2d, ref", "pool2d, cpu", "intrain, ref", "intrain, cpu", "extras, ref", "extras, cpu",
        "lppool, ref", "lppool, cpu"})
    void pytorchStateDictGivesPyTorchsOutputsAndGradients(String model, String backendName) throws Exception {
        Backend b = Backends.byName(backendName);
        double atol = b == Backends.REF ? 1e-6 : 1e-5;
        Map<String, Tensor> state = Safetensors.load(fixture("torch_" + model + "_model.safetensors"));
        Safetensors.Contents contents = Safetensors.read(fixture("torch_" + model + "_io.safetensors"));
        Map<String, Tensor> io = contents.tensors();
        boolean train = contents.metadata().get("mode").equals("train");
        Parity.onBackend(b, () -> {
            Generator g = new Generator(0);
            Module m = switch (model) {
                case "cnn2d" -> cnn2d(g);
                case "cnn1d" -> cnn1d(g);
                case "pool1d" -> pool1d(g);
                case "pool2d" -> pool2d(g);
                case "intrain" -> intrain(g);
                case "extras" -> extras(g);
                case "lppool" -> lppool(g);
                default -> bntrain(g);
            };
            m.loadStateDict(state);
            m.train(train);
            Tensor x = io.get("x").to(b).to(b.floatType()).requiresGrad(true);
            Tensor y = m.forward(x);
            String what = model + " on " + backendName;
            Parity.assertClose(what + ": output", io.get("y"), y, atol, 1e-5);
            if (train) {
                m.stateDict().forEach((name, t) -> Parity.assertClose(what + ": " + name + " after the forward pass",
                        io.get("state." + name), t, atol, 1e-5));
            }
            y.mul(io.get("w").to(b).to(y.dtype())).sum().backward();
            Parity.assertClose(what + ": gradient of the input", io.get("grad.x"), x.grad(), atol, 1e-5);
            Map<String, Parameter> params = m.namedParameters();
            assertEquals(io.keySet().stream().filter(k -> k.startsWith("grad.") && !k.equals("grad.x")).count(),
                    params.size(), what + ": number of parameters");
            params.forEach((name, p) -> {
                assertNotNull(p.grad(), what + ": no gradient reached " + name);
                Parity.assertClose(what + ": gradient of " + name, io.get("grad." + name), p.grad(), atol, 1e-5);
            });
            return null;
        });
    }
}
