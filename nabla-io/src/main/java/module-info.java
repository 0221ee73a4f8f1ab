/** Tensor files: safetensors, NumPy's .npy/.npz, checkpoints written atomically. */
module dev.nabla.io {
    requires transitive dev.nabla.core;

    exports dev.nabla.io;
}
