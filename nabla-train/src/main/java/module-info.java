/** The training workflow: Model.fit/evaluate/predict, callbacks, metrics and model files. */
@SuppressWarnings("requires-automatic") // third-party jars without a module-info
module dev.nabla.train {
    requires transitive dev.nabla.nn;
    requires transitive dev.nabla.io;
    requires transitive dev.nabla.data;
    requires org.knowm.xchart; // training-curve plots (automatic module)

    exports dev.nabla.train;
    exports dev.nabla.train.callbacks;
    exports dev.nabla.train.io;
    exports dev.nabla.train.metrics;

    // model files find the layer types of every module on the module or class path
    uses dev.nabla.nn.LayerProvider;
}
