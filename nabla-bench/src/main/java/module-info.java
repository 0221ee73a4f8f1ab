/** The W1-W5 workloads, the PyTorch comparison and the JMH kernels behind {@code nabla bench}. */
@SuppressWarnings("requires-automatic") // third-party jars without a module-info
module dev.nabla.bench {
    requires transitive dev.nabla.train;
    requires dev.nabla.seq;
    requires jmh.core; // automatic module
    requires java.management; // the collectors' time (gc_share)

    exports dev.nabla.bench;
}
