package dev.nabla.train;

import dev.nabla.backend.Shape;
import dev.nabla.nn.Module;
import dev.nabla.nn.Sequential;
import dev.nabla.tensor.Tensor;
import java.util.Locale;
import java.util.Map;

/**
 * Keras's {@code model.summary()}: one row per top-level layer with its type, output shape
 * (for a {@link Sequential} given an input shape without the batch dim; the batch dim prints as
 * -1) and parameter count, then the totals.
 */
final class Summary {
    private static final String ROW = "%-28s %-20s %12s%n";

    private Summary() {
    }

    static String of(Module module, int... inputShape) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "Model: %s%n", module.getClass().getSimpleName()));
        String rule = "=".repeat(62) + System.lineSeparator();
        sb.append(rule).append(String.format(Locale.ROOT, ROW, "Layer (type)", "Output Shape", "Param #")).append(rule);
        Tensor x = null;
        if (module instanceof Sequential && inputShape.length > 0) {
            int[] batched = new int[inputShape.length + 1];
            batched[0] = 1;
            System.arraycopy(inputShape, 0, batched, 1, inputShape.length);
            x = Tensor.zeros(batched);
        }
        boolean wasTraining = module.isTraining();
        module.eval();
        try (var noGrad = Tensor.noGrad()) {
            for (Map.Entry<String, Module> e : module.namedChildren().entrySet()) {
                Module layer = e.getValue();
                String shape = "?";
                if (x != null) {
                    x = layer.forward(x);
                    int[] s = x.shape();
                    s[0] = -1;
                    shape = Shape.str(s);
                }
                sb.append(String.format(Locale.ROOT, ROW, e.getKey() + " (" + layer.getClass().getSimpleName() + ")",
                        shape, String.format(Locale.ROOT, "%,d", layer.numParameters())));
            }
        } finally {
            module.train(wasTraining);
        }
        sb.append(rule);
        sb.append(String.format(Locale.ROOT, "Total params: %,d%n", module.numParameters()));
        sb.append(String.format(Locale.ROOT, "Trainable params: %,d%n", module.numTrainableParameters()));
        sb.append(String.format(Locale.ROOT, "Non-trainable params: %,d%n", module.numFrozenParameters()));
        return sb.toString();
    }
}
