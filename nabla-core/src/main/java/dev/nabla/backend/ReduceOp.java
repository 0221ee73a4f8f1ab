package dev.nabla.backend;

/** Reductions along dims. */
public enum ReduceOp {
    /** Sum; 0 over no elements. */
    SUM,
    /** Largest element; NaN if any is NaN. */
    MAX,
    /** Smallest element; NaN if any is NaN. */
    MIN
}
