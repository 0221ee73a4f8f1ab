package dev.nabla.nn;

import java.util.List;

/**
 * The layer types a module of Nabla (or a user's library) contributes to model files, found with
 * {@link java.util.ServiceLoader}: list the implementation in
 * {@code META-INF/services/dev.nabla.nn.LayerProvider}.
 */
public interface LayerProvider {
    /** The layer types, each with a distinct name. */
    List<LayerType> layerTypes();
}
