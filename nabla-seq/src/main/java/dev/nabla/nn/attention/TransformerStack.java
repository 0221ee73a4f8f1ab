package dev.nabla.nn.attention;

import dev.nabla.nn.Module;
import dev.nabla.nn.Sequential;
import dev.nabla.nn.layers.LayerNorm;
import dev.nabla.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Stacks of Transformer layers, as {@code torch.nn.TransformerEncoder} and {@code TransformerDecoder}:
 * {@code layers.0}, {@code layers.1}, ... applied in turn, then an optional final LayerNorm
 * ({@code norm}, used with pre-norm layers). Shapes as the layers'. The layers and the norm are
 * the stacks' configuration: a stack has no config record of its own, and model files rebuild it
 * from its children, as {@link Sequential}.
 */
public final class TransformerStack {
    private TransformerStack() {
    }

    /** An encoder of {@code n} layers made by {@code layer(i)}, with a final norm of size {@code finalNorm} (0 for none). */
    public static Encoder encoder(int n, IntFunction<TransformerEncoderLayer> layer, int finalNorm) {
        return new Encoder(layers(n, layer), finalNorm > 0 ? new LayerNorm(finalNorm) : null);
    }

    /** An encoder of {@code layers} in turn, then {@code norm} (null for none). */
    public static Encoder encoder(List<TransformerEncoderLayer> layers, LayerNorm norm) {
        return new Encoder(layers, norm);
    }

    /** A decoder of {@code n} layers made by {@code layer(i)}, with a final norm of size {@code finalNorm} (0 for none). */
    public static Decoder decoder(int n, IntFunction<TransformerDecoderLayer> layer, int finalNorm) {
        return new Decoder(layers(n, layer), finalNorm > 0 ? new LayerNorm(finalNorm) : null);
    }

    /** A decoder of {@code layers} in turn, then {@code norm} (null for none). */
    public static Decoder decoder(List<TransformerDecoderLayer> layers, LayerNorm norm) {
        return new Decoder(layers, norm);
    }

    private static <L> List<L> layers(int n, IntFunction<L> layer) {
        List<L> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(layer.apply(i));
        }
        return out;
    }

    /** A stack of encoder layers. */
    public static final class Encoder extends Module {
        private final List<TransformerEncoderLayer> layers;
        private final LayerNorm norm;

        Encoder(List<TransformerEncoderLayer> layers, LayerNorm norm) {
            this.layers = List.copyOf(layers);
            this.layers.forEach(registerModule("layers", new Sequential())::add);
            this.norm = norm == null ? null : registerModule("norm", norm);
        }

        @Override
        public Tensor forward(Tensor x) {
            return forward(x, null);
        }

        /** The stack with a key-padding mask ({@code [B, L]}, true = padding; null for none). */
        public Tensor forward(Tensor x, Tensor keyPaddingMask) {
            return forward(x, null, keyPaddingMask, false);
        }

        /** As PyTorch's {@code forward(src, mask, src_key_padding_mask, is_causal)}; see {@link TransformerEncoderLayer}. */
        public Tensor forward(Tensor x, Tensor mask, Tensor keyPaddingMask, boolean causal) {
            for (TransformerEncoderLayer l : layers) {
                x = l.forward(x, mask, keyPaddingMask, causal);
            }
            return norm == null ? x : norm.forward(x);
        }
    }

    /** A stack of decoder layers. */
    public static final class Decoder extends Module {
        private final List<TransformerDecoderLayer> layers;
        private final LayerNorm norm;

        Decoder(List<TransformerDecoderLayer> layers, LayerNorm norm) {
            this.layers = List.copyOf(layers);
            this.layers.forEach(registerModule("layers", new Sequential())::add);
            this.norm = norm == null ? null : registerModule("norm", norm);
        }

        /** A decoder needs the memory: always throws; call {@link #forward(Tensor, Tensor, Tensor)}. */
        @Override
        public Tensor forward(Tensor target) {
            throw new UnsupportedOperationException("a Transformer decoder needs the encoder's memory: "
                    + "call forward(target, memory, memoryKeyPaddingMask)");
        }

        /**
         * The stack over {@code target} attending to {@code memory}; the self-attention is not
         * causal, as in PyTorch (use the full {@code forward} with {@code causal} true).
         */
        public Tensor forward(Tensor target, Tensor memory, Tensor memoryKeyPaddingMask) {
            return forward(target, memory, null, null, null, memoryKeyPaddingMask, false);
        }

        /** As PyTorch's {@code TransformerDecoder.forward}; see {@link TransformerDecoderLayer}. */
        public Tensor forward(Tensor target, Tensor memory, Tensor tgtMask, Tensor memoryMask, Tensor tgtKeyPaddingMask,
                              Tensor memoryKeyPaddingMask, boolean causal) {
            Tensor x = target;
            for (TransformerDecoderLayer l : layers) {
                x = l.forward(x, memory, tgtMask, memoryMask, tgtKeyPaddingMask, memoryKeyPaddingMask, causal);
            }
            return norm == null ? x : norm.forward(x);
        }
    }
}
