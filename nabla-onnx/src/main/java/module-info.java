/** ONNX export and import of Nabla models. The generated protobuf classes stay internal. */
@SuppressWarnings("requires-automatic") // third-party jars without a module-info
module dev.nabla.onnx {
    requires transitive dev.nabla.train;
    requires dev.nabla.seq;
    requires com.google.protobuf; // automatic module

    exports dev.nabla.onnx;

    // protobuf's descriptors reach the generated message classes by reflection
    opens dev.nabla.onnx.proto to com.google.protobuf;
}
