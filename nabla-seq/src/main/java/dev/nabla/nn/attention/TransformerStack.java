package dev.nabla.nn.attention;

import dev.nabla.nn.Module;
import dev.nabla.nn.layers.LayerNorm;
import dev.nabla.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Stacks of Transformer layers, as {@code torch.nn.TransformerEncoder} and {@code TransformerDecoder}:
 * {@code layers.0}, {@code layers.1}, ... applied in turn, then an optional final LayerNorm
 * ({@code norm}, used with pre-norm layers). Shapes as the layers'.
 */
public final class TransformerStack {
    private TransformerStack() {
    }

    /** An encoder of {@code n} layers made by {@code layer(i)}, with a final norm of size {@code finalNorm} (0 for none). */
    public static Encoder encoder(int n, IntFunction<TransformerEncoderLayer> layer, int finalNorm) {
        return new Encoder(n, layer, finalNorm);
    }

    /** A decoder of {@code n} layers made by {@code layer(i)}, with a final norm of size {@code finalNorm} (0 for none). */
    public static Decoder decoder(int n, IntFunction<TransformerDecoderLayer> layer, int finalNorm) {
        return new Decoder(n, layer, finalNorm);
    }

    /** A stack of encoder layers. */
    public static final class Encoder extends Module {
        private final List<TransformerEncoderLayer> layers = new ArrayList<>();
        private final LayerNorm norm;

        Encoder(int n, IntFunction<TransformerEncoderLayer> layer, int finalNorm) {
            dev.nabla.nn.Sequential list = registerModule("layers", new dev.nabla.nn.Sequential());
            for (int i = 0; i < n; i++) {
                layers.add(layer.apply(i));
                list.add(layers.get(i));
            }
            norm = finalNorm > 0 ? registerModule("norm", new LayerNorm(finalNorm)) : null;
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
        private final List<TransformerDecoderLayer> layers = new ArrayList<>();
        private final LayerNorm norm;

        Decoder(int n, IntFunction<TransformerDecoderLayer> layer, int finalNorm) {
            dev.nabla.nn.Sequential list = registerModule("layers", new dev.nabla.nn.Sequential());
            for (int i = 0; i < n; i++) {
                layers.add(layer.apply(i));
                list.add(layers.get(i));
            }
            norm = finalNorm > 0 ? registerModule("norm", new LayerNorm(finalNorm)) : null;
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
