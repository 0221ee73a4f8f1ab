package dev.nabla.spark;

/**
 * How the workers of one training run meet: each gives one message and gets every worker's,
 * in rank order. In Spark this is {@code BarrierTaskContext.allGather}.
 */
@FunctionalInterface
public interface Rendezvous {

    /** Blocks until every worker has called it; returns all messages, indexed by rank. */
    String[] allGather(String message);
}
