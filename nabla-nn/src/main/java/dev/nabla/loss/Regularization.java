package dev.nabla.loss;

import dev.nabla.nn.Module;
import dev.nabla.tensor.Tensor;
import java.util.List;

/**
 * Regularization penalties to add to a loss, as Keras's {@code l1}/{@code l2} regularizers:
 * {@code loss = criterion.forward(y, t).add(Regularization.l2(1e-4, Regularization.weights(model)))}.
 *
 * <p>{@code l1 = lambda * sum |w|}, {@code l2 = lambda * sum w^2} over the given tensors (a scalar
 * of their type). Note: SGD's {@code weightDecay = wd} equals an L2 penalty with
 * {@code lambda = wd / 2}; AdamW's decoupled decay is not a penalty at all.
 */
public final class Regularization {
    private Regularization() {
    }

    /** {@code lambda * sum_i sum |p_i|}. */
    public static Tensor l1(double lambda, Iterable<? extends Tensor> params) {
        return penalty(lambda, params, false);
    }

    /** {@code lambda * sum_i sum p_i^2}. */
    public static Tensor l2(double lambda, Iterable<? extends Tensor> params) {
        return penalty(lambda, params, true);
    }

    /** {@code l1 * sum |p| + l2 * sum p^2} (Keras's {@code l1_l2}). */
    public static Tensor l1l2(double l1, double l2, Iterable<? extends Tensor> params) {
        return penalty(l1, params, false).add(penalty(l2, params, true));
    }

    /**
     * The parameters usually regularized: those named {@code ...weight} with at least 2 dims
     * (weight matrices; not biases or normalization scales).
     */
    public static List<Tensor> weights(Module module) {
        return module.namedParameters().entrySet().stream()
                .filter(e -> (e.getKey().equals("weight") || e.getKey().endsWith(".weight")) && e.getValue().dim() >= 2)
                .map(e -> (Tensor) e.getValue()).toList();
    }

    private static Tensor penalty(double lambda, Iterable<? extends Tensor> params, boolean square) {
        Tensor total = null;
        for (Tensor p : params) {
            Tensor term = (square ? p.mul(p) : p.abs()).sum();
            total = total == null ? term : total.add(term);
        }
        if (total == null) {
            throw new IllegalArgumentException("Regularization: no parameters given");
        }
        return total.mul(lambda);
    }
}
