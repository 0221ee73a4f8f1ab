/** Sequence layers: recurrent layers and cells, attention and transformers. */
module dev.nabla.seq {
    requires transitive dev.nabla.nn;

    exports dev.nabla.nn.attention;
    exports dev.nabla.nn.rnn;

    // the layer types of model files (also listed in META-INF/services for the class path)
    provides dev.nabla.nn.LayerProvider with dev.nabla.nn.rnn.SeqLayerTypes,
            dev.nabla.nn.attention.AttentionLayerTypes;
}
