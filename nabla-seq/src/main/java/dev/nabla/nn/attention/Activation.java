package dev.nabla.nn.attention;

import dev.nabla.nn.Module;
import dev.nabla.nn.layers.GELU;
import dev.nabla.nn.layers.ReLU;

/** The activation of a Transformer layer's feed-forward block, PyTorch's {@code activation="relu"} or {@code "gelu"}. */
public enum Activation {
    RELU, GELU;

    /** The activation as a layer. */
    Module layer() {
        return this == GELU ? new GELU() : new ReLU();
    }
}
