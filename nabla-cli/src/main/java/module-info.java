/**
 * The {@code nabla} command and the runnable examples; an application, so it exports nothing.
 * Spark and nabla-spark cannot be named modules (see nabla-cli's pom): they stay on the class
 * path, which this module reads ({@code --add-reads dev.nabla.cli=ALL-UNNAMED}).
 */
module dev.nabla.cli {
    requires dev.nabla.train;
    requires dev.nabla.seq;
    requires dev.nabla.bench;
    requires dev.nabla.onnx;
    requires dev.nabla.serve;
    requires dev.nabla.cuda; // --device cuda (its BackendProvider)
    requires info.picocli;

    // picocli fills the @Option fields and calls the commands by reflection
    opens dev.nabla.cli to info.picocli;
}
