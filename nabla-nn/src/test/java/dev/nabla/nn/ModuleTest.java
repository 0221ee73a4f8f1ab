package dev.nabla.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.nn.layers.BatchNorm1d;
import dev.nabla.nn.layers.Bilinear;
import dev.nabla.nn.layers.CosineSimilarity;
import dev.nabla.nn.layers.Dropout;
import dev.nabla.nn.layers.EmbeddingBag;
import dev.nabla.nn.layers.Linear;
import dev.nabla.nn.layers.PairwiseDistance;
import dev.nabla.nn.layers.ReLU;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModuleTest {

    /** A user-defined module: a small subclass with a forward. */
    static final class Net extends Module {
        final Linear fc1;
        final Sequential layers;

        Net(Generator g) {
            fc1 = registerModule("fc1", new Linear(3, 4, true, g));
            layers = registerModule("layers", new Sequential(new ReLU(), new Linear(4, 2, true, g), new Dropout(0.5, g)));
        }

        @Override
        public Tensor forward(Tensor x) {
            return layers.forward(fc1.forward(x));
        }
    }

    @Test
    void hierarchicalNamesInRegistrationOrder() {
        Net net = new Net(new Generator(0));
        assertEquals(List.of("fc1.weight", "fc1.bias", "layers.1.weight", "layers.1.bias"),
                List.copyOf(net.namedParameters().keySet()));
        assertEquals(4, net.parameters().size());
        assertSame(net.fc1.weight, net.namedParameters().get("fc1.weight"));
        assertEquals(List.of("fc1", "layers"), List.copyOf(net.namedChildren().keySet()));
        assertEquals(2, net.children().size());
        assertEquals(List.of("", "fc1", "layers", "layers.0", "layers.1", "layers.2"),
                List.copyOf(net.namedModules().keySet()));
    }

    @Test
    void buffersAreNamedBuffersWithoutNamesOrNulls() {
        BatchNorm1d shared = new BatchNorm1d(2);
        Sequential net = new Sequential(new Linear(3, 2), shared, new BatchNorm1d(2, 1e-5, 0.1, true, false), shared);
        List<Tensor> named = new ArrayList<>(net.namedBuffers().values());
        named.removeIf(t -> t == null);
        List<Tensor> buffers = net.buffers();
        assertEquals(3, buffers.size(), "the shared layer's buffers once; the untracked layer has none");
        assertEquals(named.size(), buffers.size());
        for (int i = 0; i < buffers.size(); i++) {
            assertSame(named.get(i), buffers.get(i));
        }
    }

    @Test
    void parameterCountsAndFreezing() {
        Net net = new Net(new Generator(0));
        assertEquals(3 * 4 + 4 + 4 * 2 + 2, net.numParameters());
        assertEquals(26, net.numTrainableParameters());
        net.fc1.freeze();
        assertEquals(10, net.numTrainableParameters());
        assertEquals(16, net.numFrozenParameters());
        assertFalse(net.fc1.weight.requiresGrad());
        net.forward(Tensor.ones(2, 3)).sum().backward();
        assertNull(net.fc1.weight.grad(), "a frozen parameter gets no gradient");
        assertTrue(net.layers.get(1).parameters().get(0).grad() != null);
        net.unfreeze();
        assertEquals(26, net.numTrainableParameters());
    }

    @Test
    void zeroGradClearsAllGradients() {
        Net net = new Net(new Generator(0));
        net.forward(Tensor.ones(2, 3)).sum().backward();
        assertTrue(net.parameters().stream().allMatch(p -> p.grad() != null));
        net.zeroGrad();
        assertTrue(net.parameters().stream().allMatch(p -> p.grad() == null));
    }

    @Test
    void trainAndEvalPropagateToDescendants() {
        Net net = new Net(new Generator(0));
        net.eval();
        assertTrue(net.modules().stream().noneMatch(Module::isTraining));
        net.train();
        assertTrue(net.modules().stream().allMatch(Module::isTraining));
    }

    @Test
    void sharedParametersAppearOnce() {
        Linear shared = new Linear(2, 2);
        Sequential s = new Sequential(shared, new ReLU(), shared);
        assertEquals(2, s.parameters().size());
        assertEquals(List.of("0.weight", "0.bias"), List.copyOf(s.stateDict().keySet()));
    }

    @Test
    void stateDictIncludesBuffersAndLoadsValues() {
        Sequential a = new Sequential(new Linear(3, 2), new BatchNorm1d(2));
        assertEquals(List.of("0.weight", "0.bias", "1.weight", "1.bias", "1.running_mean", "1.running_var",
                "1.num_batches_tracked"), List.copyOf(a.stateDict().keySet()));
        a.forward(Tensor.randn(new Generator(1), 5, 3));
        Sequential b = new Sequential(new Linear(3, 2), new BatchNorm1d(2));
        b.loadStateDict(a.stateDict());
        a.stateDict().forEach((k, v) -> assertTrue(v.allClose(b.stateDict().get(k), 0, 0), k));
        assertEquals(1.0, b.stateDict().get("1.num_batches_tracked").item());
    }

    @Test
    void loadStateDictNamesMissingUnexpectedAndMisshapenKeys() {
        Sequential m = new Sequential(new Linear(3, 2), new Linear(2, 1));
        Map<String, Tensor> state = new LinkedHashMap<>(m.stateDict());
        state.remove("1.bias");
        state.put("extra.weight", Tensor.zeros(1));
        state.put("0.weight", Tensor.zeros(3, 2));
        Tensor before = m.stateDict().get("0.bias").clone();
        state.put("0.bias", Tensor.full(7, 2));
        var e = assertThrows(IllegalArgumentException.class, () -> m.loadStateDict(state));
        assertTrue(e.getMessage().contains("Missing key(s): 1.bias"), e.getMessage());
        assertTrue(e.getMessage().contains("Unexpected key(s): extra.weight"), e.getMessage());
        assertTrue(e.getMessage().contains("Size mismatch for 0.weight: shape [3, 2] in the state dict, [2, 3] in the module"),
                e.getMessage());
        assertTrue(m.stateDict().get("0.bias").allClose(before, 0, 0), "nothing is loaded when there is an error");
    }

    @Test
    void nonStrictLoadReportsKeys() {
        Sequential m = new Sequential(new Linear(3, 2));
        var result = m.loadStateDict(Map.of("0.weight", Tensor.ones(2, 3), "other", Tensor.zeros(1)), false);
        assertEquals(List.of("0.bias"), result.missingKeys());
        assertEquals(List.of("other"), result.unexpectedKeys());
        assertTrue(m.stateDict().get("0.weight").allClose(Tensor.ones(2, 3)));
    }

    @Test
    void applyVisitsChildrenFirstThenSelf() {
        Net net = new Net(new Generator(0));
        List<String> seen = new ArrayList<>();
        net.apply(m -> seen.add(m.getClass().getSimpleName()));
        assertEquals(List.of("Linear", "ReLU", "Linear", "Dropout", "Sequential", "Net"), seen);
        net.apply(m -> {
            if (m instanceof Linear l) {
                Init.zeros(l.bias);
            }
        });
        assertEquals(0.0, net.fc1.bias.abs().sum().item());
    }

    @Test
    void toStringPrintsTheTreeLikePyTorch() {
        Net net = new Net(new Generator(0));
        assertEquals("""
                Net(
                  (fc1): Linear(in_features=3, out_features=4, bias=True)
                  (layers): Sequential(
                    (0): ReLU()
                    (1): Linear(in_features=4, out_features=2, bias=True)
                    (2): Dropout(p=0.5)
                  )
                )""", net.toString());
    }

    @Test
    void registrationRejectsBadOrDuplicateNames() {
        class Bad extends Module {
            Bad(String first, String second) {
                registerParameter(first, Tensor.zeros(1));
                registerModule(second, new ReLU());
            }

            @Override
            public Tensor forward(Tensor x) {
                return x;
            }
        }
        assertThrows(IllegalArgumentException.class, () -> new Bad("w", "w"));
        assertThrows(IllegalArgumentException.class, () -> new Bad("a.b", "c"));
        assertThrows(IllegalArgumentException.class, () -> new Bad("", "c"));
    }

    @Test
    void parameterSharesStorageAndRequiresGrad() {
        Tensor t = Tensor.zeros(2);
        Parameter p = new Parameter(t);
        assertTrue(p.requiresGrad());
        assertTrue(p.isLeaf());
        t.fill(3);
        assertEquals(6.0, p.sum().item());
        assertThrows(IllegalArgumentException.class, () -> new Parameter(Tensor.arange(3)));
    }

    @Test
    void sequentialChainsAndIndexes() {
        Linear l = new Linear(2, 2);
        Sequential s = new Sequential(l, new ReLU());
        assertSame(l, s.get(0));
        assertEquals(ReLU.class, s.get(-1).getClass());
        Tensor x = Tensor.randn(new Generator(3), 4, 2);
        assertTrue(s.forward(x).allClose(l.forward(x).relu(), 0, 0));
        s.add(new Linear(2, 1));
        assertEquals(3, s.size());
        Map<String, Module> named = new LinkedHashMap<>();
        named.put("hidden", new Linear(2, 3));
        named.put("act", new ReLU());
        assertEquals(List.of("hidden.weight", "hidden.bias"), List.copyOf(new Sequential(named).namedParameters().keySet()));
    }

    /** A model of two blocks in a ModuleList and two heads in a ModuleDict, named as PyTorch names them. */
    static final class Blocks extends Module {
        final ModuleList blocks = registerModule("blocks", new ModuleList(new Linear(3, 3), new Linear(3, 3)));
        final ModuleDict heads = registerModule("heads", new ModuleDict().put("price", new Linear(3, 1)).put("kind", new Linear(3, 2)));

        @Override
        public Tensor forward(Tensor x) {
            for (Module block : blocks) {
                x = block.forward(x).relu();
            }
            return heads.get("price").forward(x).add(heads.get("kind").forward(x).sum(1, true));
        }
    }

    @Test
    void moduleListAndDictRegisterTheirModulesUnderPyTorchsNames() {
        Blocks m = new Blocks();
        assertEquals(List.of("blocks.0.weight", "blocks.0.bias", "blocks.1.weight", "blocks.1.bias", "heads.price.weight",
                "heads.price.bias", "heads.kind.weight", "heads.kind.bias"), List.copyOf(m.namedParameters().keySet()));
        assertEquals(2, m.blocks.size());
        assertSame(m.blocks.get(1), m.blocks.get(-1));
        assertEquals(List.of("price", "kind"), List.copyOf(m.heads.keys()));
        Tensor y = m.forward(Tensor.ones(4, 3));
        y.sum().backward();
        assertTrue(m.parameters().stream().allMatch(p -> p.grad() != null), "every parameter gets a gradient");
        assertEquals("ModuleList has no forward: call its modules from your model's forward",
                assertThrows(UnsupportedOperationException.class, () -> m.blocks.forward(y)).getMessage());
        assertEquals("ModuleDict: no module 'size'; the keys are [price, kind]",
                assertThrows(IllegalArgumentException.class, () -> m.heads.get("size")).getMessage());
        assertEquals("ModuleList: index 2 is out of range for 2 modules",
                assertThrows(IndexOutOfBoundsException.class, () -> m.blocks.get(2)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> m.heads.put("price", new ReLU()), "a key is added once");
    }

    @Test
    void bilinearTakesTwoInputsAndItsWeightsArePyTorchsShapes() {
        Bilinear b = new Bilinear(new Bilinear.Config(3, 2, 4, true), new Generator(5));
        assertEquals(List.of("weight", "bias"), List.copyOf(b.namedParameters().keySet()));
        assertEquals(List.of(4, 3, 2), java.util.Arrays.stream(b.weight.shape()).boxed().toList());
        double bound = 1 / Math.sqrt(3);
        assertTrue(java.util.Arrays.stream(b.weight.toDoubleArray()).allMatch(v -> Math.abs(v) <= bound), "U(-1/sqrt(in1), 1/sqrt(in1))");
        Tensor y = b.forward(Tensor.ones(5, 3), Tensor.ones(5, 2));
        assertEquals(List.of(5, 4), java.util.Arrays.stream(y.shape()).boxed().toList());
        assertEquals(b.weight.sum(new int[] {1, 2}, false).add(b.bias).toDoubleArray()[0], y.toDoubleArray()[0], 1e-6,
                "with ones in, each output is its weights' sum plus its bias");
        assertEquals("Bilinear takes two inputs: call forward(x1, x2)",
                assertThrows(UnsupportedOperationException.class, () -> b.forward(Tensor.ones(2, 3))).getMessage());
        Tensor u = Tensor.of(new float[] {3, 4, 0, 2}, 2, 2);
        Tensor w = Tensor.of(new float[] {3, 4, 1, 0}, 2, 2);
        assertEquals(List.of(1.0, 0.0), java.util.Arrays.stream(new CosineSimilarity().forward(u, w).toDoubleArray()).boxed()
                .map(v -> Math.round(v * 1e6) / 1e6).toList());
        double[] d = new PairwiseDistance().forward(u, w).toDoubleArray(); // ||u - w + 1e-6||
        assertEquals(1e-6 * Math.sqrt(2), d[0], 1e-9);
        assertEquals(Math.sqrt(0.999999 * 0.999999 + 2.000001 * 2.000001), d[1], 1e-5);
    }

    @Test
    void embeddingBagRefusesBadIndicesAndOffsetsByName() {
        EmbeddingBag bag = new EmbeddingBag(4, 2);
        assertEquals("embeddingBag: index 7 is out of range for 4 embeddings", assertThrows(IndexOutOfBoundsException.class,
                () -> bag.forward(Tensor.of(new long[] {1, 7}, 1, 2))).getMessage());
        assertEquals("embeddingBag: offsets must be a 1-D int64 tensor, got float32 [1]", assertThrows(
                IllegalArgumentException.class, () -> bag.forward(Tensor.of(new long[] {1, 2}), Tensor.zeros(1))).getMessage());
        assertEquals(List.of(1, 2), java.util.Arrays.stream(bag.forward(Tensor.of(new long[] {1, 2}), Tensor.of(new long[] {0}))
                .shape()).boxed().toList());
    }
}
