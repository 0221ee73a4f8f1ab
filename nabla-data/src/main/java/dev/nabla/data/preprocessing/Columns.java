package dev.nabla.data.preprocessing;

import dev.nabla.tensor.Tensor;
import java.util.Arrays;

/** Column views of a feature matrix, shared by the scalers. */
final class Columns {
    private Columns() {
    }

    /** The number of features of {@code x}: {@code F} for {@code [N, F]}, 1 for {@code [N]}. */
    static int features(String who, Tensor x) {
        if (x.dim() == 1) {
            return 1;
        }
        if (x.dim() != 2) {
            throw new IllegalArgumentException(who + ": expected a [N, F] or [N] tensor, got shape "
                    + Arrays.toString(x.shape()));
        }
        return x.size(1);
    }

    /** Per-column values of {@code x} as doubles: {@code cols[f][n]}. */
    static double[][] columns(String who, Tensor x) {
        int f = features(who, x);
        int n = x.size(0);
        if (n == 0) {
            throw new IllegalArgumentException(who + ": cannot fit on zero examples");
        }
        double[] flat = x.toDoubleArray();
        double[][] cols = new double[f][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < f; j++) {
                cols[j][i] = flat[i * f + j];
            }
        }
        return cols;
    }

    /** {@code values} as a tensor of shape {@code [F]} with the dtype and backend of {@code like}. */
    static Tensor row(double[] values, Tensor like) {
        return Tensor.of(values.clone()).to(like.backend()).to(like.dtype());
    }

    static void checkFitted(String who, double[] state) {
        if (state == null) {
            throw new IllegalStateException(who + ": not fitted; call fit(trainFeatures) first");
        }
    }

    static void checkWidth(String who, Tensor x, int fitted) {
        int f = features(who, x);
        if (f != fitted) {
            throw new IllegalArgumentException(who + ": fitted on " + fitted + " features but got " + f
                    + " (shape " + Arrays.toString(x.shape()) + ")");
        }
    }

    static double[] require(java.util.Map<String, double[]> state, String key, String who) {
        double[] v = state.get(key);
        if (v == null) {
            throw new IllegalArgumentException(who + ": state has no '" + key + "' entry (keys: " + state.keySet() + ")");
        }
        return v.clone();
    }
}
