/** Modules and layers, losses, optimizers and learning-rate schedules. */
module dev.nabla.nn {
    requires transitive dev.nabla.core;

    exports dev.nabla.nn;
    exports dev.nabla.nn.layers;
    exports dev.nabla.loss;
    exports dev.nabla.optim;
    exports dev.nabla.optim.schedule;

    // the layer types of model files (also listed in META-INF/services for the class path)
    provides dev.nabla.nn.LayerProvider with dev.nabla.nn.layers.NnLayerTypes, dev.nabla.nn.layers.ImageLayerTypes;
}
