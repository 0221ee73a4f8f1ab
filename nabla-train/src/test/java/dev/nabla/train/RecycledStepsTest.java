package dev.nabla.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.backend.ArrayPool;
import dev.nabla.backend.DType;
import dev.nabla.data.Batch;
import dev.nabla.loss.MSELoss;
import dev.nabla.nn.Module;
import dev.nabla.nn.Parameter;
import dev.nabla.nn.attention.SinusoidalPositionalEncoding;
import dev.nabla.nn.layers.Embedding;
import dev.nabla.nn.layers.Linear;
import dev.nabla.nn.rnn.LSTM;
import dev.nabla.optim.Adam;
import dev.nabla.optim.LBFGS;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code fit}'s eager steps give the arrays they made back to the pool when every class that runs
 * in them is Nabla's own, and only then: training is unchanged, a layer's cache survives, a
 * user's layer that keeps a tensor keeps it intact, and the recycled steps allocate far less.
 */
class RecycledStepsTest {
    private static final int VOCAB = 20;
    private static final int LENGTH = 32;
    private static final int BATCH = 32;

    /** Random token windows {@code [BATCH, LENGTH]} and targets {@code [BATCH, LENGTH, 1]}. */
    private static List<Batch> batches(int count) {
        Generator g = new Generator(4);
        List<Batch> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Tensor x = Tensor.randint(g, 0, VOCAB, BATCH, LENGTH);
            out.add(new Batch(x, x.to(DType.FLOAT32).div(VOCAB).reshape(BATCH, LENGTH, 1)));
        }
        return out;
    }

    /** Embedding, sinusoidal positions (a cache of 512 elements filled on first use), LSTM, and {@code extra}. */
    private static List<Module> layers(long seed, Module... extra) {
        Generator g = new Generator(seed);
        List<Module> layers = new ArrayList<>(List.of(new Embedding(VOCAB, 16, null, g),
                new SinusoidalPositionalEncoding(16, LENGTH), new LSTM(16, 16, 1, true, true, 0, false, g),
                new Linear(16, 16, true, g)));
        layers.addAll(List.of(extra));
        layers.add(new Linear(16, 1, true, g));
        return layers;
    }

    /** Trains with {@code fit} on {@code data}; returns the model's parameters. */
    private static List<Parameter> fit(List<Module> layers, List<Batch> data, int epochs) {
        Sequential model = new Sequential(layers.toArray(Module[]::new));
        model.compile(new Adam(model.parameters(), 0.01), new MSELoss());
        model.fit(data, new FitOptions().epochs(epochs).verbose(0));
        return model.parameters();
    }

    /** Trains with the hand-written loop (nothing recycled but each backward pass's arrays). */
    private static List<Parameter> loop(List<Module> layers, List<Batch> data, int epochs) {
        dev.nabla.nn.Sequential net = new dev.nabla.nn.Sequential(layers.toArray(Module[]::new));
        Adam opt = new Adam(net.parameters(), 0.01);
        MSELoss loss = new MSELoss();
        for (int e = 0; e < epochs; e++) {
            for (Batch b : data) {
                opt.zeroGrad();
                loss.forward(net.forward(b.x()), b.y()).backward();
                opt.step();
            }
        }
        return net.parameters();
    }

    private static void assertSameParameters(List<Parameter> expected, List<Parameter> actual) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(expected.get(i).toDoubleArray(), actual.get(i).toDoubleArray(), "parameter " + i);
        }
    }

    @Test
    void recycledStepsTrainAsTheHandWrittenLoopAndKeepTheLayersCaches() {
        List<Batch> data = batches(6);
        List<Module> fitted = layers(1);
        assertSameParameters(loop(layers(1), data, 3), fit(fitted, data, 3));
        SinusoidalPositionalEncoding pe = (SinusoidalPositionalEncoding) fitted.get(1);
        List<Tensor> drawn = new ArrayList<>(); // overwrites every array of the code's size the pool holds
        for (int i = 0; i < 1000; i++) {
            drawn.add(Tensor.randn(new Generator(i), LENGTH, 16));
        }
        assertArrayEquals(new SinusoidalPositionalEncoding(16, LENGTH).table().toDoubleArray(),
                pe.forward(Tensor.zeros(1, LENGTH, 16)).toDoubleArray(), "the cached position code");
    }

    @Test
    void recycledStepsAllocateAFractionOfWhatTheLoopDoes() {
        List<Batch> data = batches(4);
        fit(layers(2), data, 3); // warm-up
        loop(layers(2), data, 3);
        long loopBytes = allocated(() -> loop(layers(2), data, 10));
        long fitBytes = allocated(() -> fit(layers(2), data, 10));
        assertTrue(fitBytes < loopBytes / 10, "fit allocated " + fitBytes + " bytes of arrays, the loop " + loopBytes);
    }

    /** A user's layer that keeps its outputs (as one keeps attention maps for a plot) and checks them. */
    private static final class KeepsOutputs extends Module {
        private final List<Tensor> kept = new ArrayList<>();
        private final List<double[]> copies = new ArrayList<>();
        private int damaged;

        @Override
        public Tensor forward(Tensor x) {
            for (int i = 0; i < kept.size(); i++) {
                if (!java.util.Arrays.equals(copies.get(i), kept.get(i).toDoubleArray())) {
                    damaged++;
                }
            }
            Tensor y = x.relu();
            kept.add(y.detach());
            copies.add(y.toDoubleArray());
            return y;
        }
    }

    @Test
    void aUsersLayerKeepsWhatItMade() {
        List<Batch> data = batches(6);
        KeepsOutputs keeper = new KeepsOutputs();
        List<Parameter> fitted = fit(layers(3, keeper), data, 3);
        assertEquals(0, keeper.damaged, "kept outputs found changed");
        assertSameParameters(loop(layers(3, new KeepsOutputs()), data, 3), fitted);
    }

    @Test
    void onlyNablasOwnClassesRecycle() {
        Sequential own = new Sequential(layers(5).toArray(Module[]::new));
        own.compile(new Adam(own.parameters(), 0.01), new MSELoss());
        assertTrue(own.recyclesSteps());
        own.compile(new LBFGS(own.parameters(), 0.1), new MSELoss()); // keeps a history outside the state
        assertFalse(own.recyclesSteps());
        Sequential users = new Sequential(layers(5, new KeepsOutputs()).toArray(Module[]::new));
        users.compile(new Adam(users.parameters(), 0.01), new MSELoss());
        assertFalse(users.recyclesSteps());
        Model ownStep = new Model(new dev.nabla.nn.Sequential(layers(5).toArray(Module[]::new))) {
            @Override
            protected StepResult trainStep(Batch batch) {
                return super.trainStep(batch);
            }
        };
        ownStep.compile(new Adam(ownStep.parameters(), 0.01), new MSELoss());
        assertFalse(ownStep.recyclesSteps());
    }

    /** Bytes of arrays the calling thread took from the heap, not the pool, while running {@code body}. */
    private static long allocated(Runnable body) {
        long before = ArrayPool.freshBytes();
        body.run();
        return ArrayPool.freshBytes() - before;
    }
}
