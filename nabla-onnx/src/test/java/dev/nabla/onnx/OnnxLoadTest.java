package dev.nabla.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.io.FormatException;
import dev.nabla.nn.Sequential;
import dev.nabla.nn.layers.LayerNorm;
import dev.nabla.nn.layers.Linear;
import dev.nabla.nn.layers.ReLU;
import dev.nabla.onnx.proto.OnnxProto.ModelProto;
import dev.nabla.onnx.proto.OnnxProto.NodeProto;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Onnx#load} refuses what it cannot run, in one line, before running anything. */
class OnnxLoadTest {
    @TempDir
    Path dir;

    private byte[] valid;

    @BeforeEach
    void export() throws Exception {
        Path f = dir.resolve("mlp.onnx");
        Onnx.export(new Sequential(new Linear(4, 8), new LayerNorm(8), new ReLU(), new Linear(8, 2)), Tensor.zeros(1, 4), f);
        valid = Files.readAllBytes(f);
    }

    private Path write(String name, byte[] bytes) throws Exception {
        Path f = dir.resolve(name);
        Files.write(f, bytes);
        return f;
    }

    @Test
    void unsupportedOpsAreListedWithTheirCounts() throws Exception {
        ModelProto.Builder m = ModelProto.parseFrom(valid).toBuilder();
        var g = m.getGraphBuilder();
        String in = g.getInput(0).getName();
        g.addNode(0, NodeProto.newBuilder().setOpType("LpPool").setName("c1").addInput(in).addOutput("a"));
        g.addNode(1, NodeProto.newBuilder().setOpType("MaxUnpool").setName("p1").addInput("a").addOutput("b"));
        g.addNode(2, NodeProto.newBuilder().setOpType("LpPool").setName("c2").addInput("b").addOutput("c"));
        g.addNode(3, NodeProto.newBuilder().setOpType("TreeEnsembleClassifier").setDomain("ai.onnx.ml").setName("t")
                .addInput("c").addOutput("d"));
        Path f = write("pool.onnx", m.build().toByteArray());
        var e = assertThrows(FormatException.class, () -> Onnx.load(f));
        assertEquals(f + ": the model uses ONNX ops Nabla does not implement: LpPool (2 nodes), MaxUnpool, "
                + "ai.onnx.ml.TreeEnsembleClassifier", e.getMessage());
    }

    @Test
    void oldOpsetsAndDanglingInputsAreRefused() throws Exception {
        ModelProto.Builder m = ModelProto.parseFrom(valid).toBuilder();
        m.getOpsetImportBuilder(0).setVersion(9);
        Path old = write("old.onnx", m.build().toByteArray());
        assertEquals(old + ": ONNX opset 9 is not supported (Nabla reads 13 to 23)",
                assertThrows(FormatException.class, () -> Onnx.load(old)).getMessage());

        ModelProto.Builder d = ModelProto.parseFrom(valid).toBuilder();
        d.getGraphBuilder().getNodeBuilder(1).setInput(0, "nowhere");
        Path dangling = write("dangling.onnx", d.build().toByteArray());
        assertTrue(assertThrows(FormatException.class, () -> Onnx.load(dangling)).getMessage()
                .endsWith("reads 'nowhere', which no earlier node, input or initializer defines"));
    }

    @Test
    void initializerDataMustFitItsDims() throws Exception {
        ModelProto.Builder m = ModelProto.parseFrom(valid).toBuilder();
        m.getGraphBuilder().getInitializerBuilder(0).setDims(0, 1_000_000_000L);
        Path f = write("dims.onnx", m.build().toByteArray());
        String msg = assertThrows(FormatException.class, () -> Onnx.load(f)).getMessage();
        assertTrue(msg.contains("tensor 'linear_weight' has invalid dims") || msg.contains("holds 32 values"), msg);
    }

    @Test
    void emptyGarbageAndTruncatedFilesAreRefused() throws Exception {
        for (byte[] bytes : new byte[][] {new byte[0], "not an onnx file\n".getBytes(),
                java.util.Arrays.copyOf(valid, valid.length / 2)}) {
            Path f = write("bad.onnx", bytes);
            var e = assertThrows(FormatException.class, () -> Onnx.load(f));
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
        }
    }

    /**
     * 1 000 mutants of a valid file (bytes flipped, cut, repeated): each is refused with a
     * one-line FormatException or loads into a module that runs or fails with an
     * IllegalArgumentException naming the node; nothing else escapes.
     */
    @Test
    void fuzzedFilesAreRefusedInOneLineOrRunSafely() throws Exception {
        Random r = new Random(42);
        Tensor x = Tensor.randn(new Generator(1), 3, 4);
        int refused = 0;
        for (int i = 0; i < 1000; i++) {
            byte[] b = mutate(valid, r);
            Path f = write("fuzz.onnx", b);
            try {
                OnnxModule m = Onnx.load(f);
                try {
                    m.forward(x);
                } catch (IllegalArgumentException e) {
                    assertTrue(e.getMessage().startsWith("ONNX "), e.getMessage());
                }
            } catch (FormatException e) {
                refused++;
                assertFalse(e.getMessage().contains("\n"), e.getMessage());
            }
        }
        assertTrue(refused > 250, "only " + refused + " of 1000 mutants refused");
    }

    private static byte[] mutate(byte[] src, Random r) {
        byte[] b = src.clone();
        switch (r.nextInt(3)) {
            case 0 -> {
                for (int k = 1 + r.nextInt(4); k > 0; k--) {
                    b[r.nextInt(b.length)] = (byte) r.nextInt(256);
                }
            }
            case 1 -> b = java.util.Arrays.copyOf(b, r.nextInt(b.length));
            default -> {
                int from = r.nextInt(b.length);
                int len = Math.min(1 + r.nextInt(64), b.length - from);
                byte[] out = new byte[b.length + len];
                System.arraycopy(b, 0, out, 0, from + len);
                System.arraycopy(b, from, out, from + len, b.length - from);
                b = out;
            }
        }
        return b;
    }
}
