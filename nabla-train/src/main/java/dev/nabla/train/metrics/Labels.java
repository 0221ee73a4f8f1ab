package dev.nabla.train.metrics;

import dev.nabla.backend.Shape;
import dev.nabla.tensor.Tensor;

/** Turns model outputs and targets into class labels, shared by the classification metrics. */
final class Labels {
    private Labels() {
    }

    /**
     * Predicted classes: for {@code [batch]} or {@code [batch, 1]} scores, 1 where the score is
     * above {@code threshold} else 0; for {@code [batch, classes]} the argmax.
     */
    static long[] predicted(Tensor predictions, double threshold) {
        if (isBinary(predictions)) {
            double[] p = predictions.toDoubleArray();
            long[] out = new long[p.length];
            for (int i = 0; i < p.length; i++) {
                out[i] = p[i] > threshold ? 1 : 0;
            }
            return out;
        }
        return predictions.argmax(-1, false).toLongArray();
    }

    /**
     * True classes: for one-hot (or probability) targets shaped like {@code [batch, classes]}
     * predictions, the argmax; otherwise the target values as integers.
     */
    static long[] actual(Tensor predictions, Tensor targets) {
        if (!isBinary(predictions) && targets.dim() == predictions.dim()
                && targets.size(-1) == predictions.size(-1) && targets.size(-1) > 1) {
            return targets.argmax(-1, false).toLongArray();
        }
        long[] out = new long[targets.numel()];
        double[] y = targets.toDoubleArray();
        for (int i = 0; i < y.length; i++) {
            out[i] = Math.round(y[i]);
        }
        return out;
    }

    static void checkBatch(String metric, long[] predicted, long[] actual, Tensor p, Tensor y) {
        if (predicted.length != actual.length) {
            throw new IllegalArgumentException(metric + ": predictions " + Shape.str(p.shape()) + " and targets "
                    + Shape.str(y.shape()) + " hold different numbers of examples");
        }
    }

    private static boolean isBinary(Tensor predictions) {
        return predictions.dim() <= 1 || predictions.size(-1) == 1;
    }
}
