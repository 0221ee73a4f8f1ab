package dev.nabla.nn;

import static org.junit.jupiter.api.Assertions.assertSame;

import dev.nabla.backend.Backend;
import dev.nabla.backend.Backends;
import dev.nabla.nn.attention.MultiheadAttention;
import dev.nabla.nn.rnn.GRU;
import dev.nabla.nn.rnn.LSTM;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import dev.nabla.testing.OnBackend;
import dev.nabla.testing.Parity;
import dev.nabla.testing.backend.TestDevice;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Recurrent and attention layers moved to a device whose memory the host cannot read
 * ({@code test:0}): outputs and parameter gradients equal those on {@code ref}, masks and
 * packed lengths included.
 */
@OnBackend("ref")
class SeqDeviceTest {
    private static final Backend DEV = TestDevice.get();

    /** {@code run(module, device)} on ref and, with the module moved, on the device; results compared. */
    private static void check(String what, Supplier<Module> make, BiFunction<Module, Backend, Tensor> run) {
        List<Tensor> ref = results(make.get(), Backends.REF, run);
        List<Tensor> dev = results(make.get().to(DEV), DEV, run);
        for (int i = 0; i < ref.size(); i++) {
            assertSame(DEV, dev.get(i).backend(), what + ": result " + i + " on the device");
            Parity.assertClose(what + " on test:0, result " + i, ref.get(i), dev.get(i), 1e-9, 1e-9);
        }
    }

    private static List<Tensor> results(Module m, Backend b, BiFunction<Module, Backend, Tensor> run) {
        Tensor y = run.apply(m, b);
        y.mul(y).sum().backward();
        List<Tensor> out = new ArrayList<>(List.of(y.detach()));
        m.parameters().forEach(p -> out.add(p.grad()));
        return out;
    }

    private static Tensor x(Backend b, int... shape) {
        return Tensor.randn(new Generator(9), shape).to(b);
    }

    @Test
    void bidirectionalLstmWithLengths() {
        check("LSTM", () -> new LSTM(2, 3, 2, true, true, 0, true, new Generator(1)),
                (m, b) -> ((LSTM) m).forward(x(b, 2, 4, 2), null, null, new int[] {4, 2}).output());
    }

    @Test
    void gruWithAMask() {
        check("GRU", () -> new GRU(2, 3, 1, true, true, 0, false, new Generator(2)),
                (m, b) -> ((GRU) m).forwardMasked(x(b, 2, 3, 2),
                        Tensor.of(new boolean[] {true, true, false, true, false, false}, 2, 3).to(b), null, null).output());
    }

    @Test
    void attentionWithPaddingAndCausalMasks() {
        check("MultiheadAttention", () -> new MultiheadAttention(MultiheadAttention.Config.of(4, 2), new Generator(3)),
                (m, b) -> {
                    Tensor q = x(b, 2, 3, 4);
                    Tensor pad = Tensor.of(new boolean[] {false, false, true, false, false, false}, 2, 3).to(b);
                    return ((MultiheadAttention) m).forward(q, q, q, pad, null, true).output();
                });
    }
}
