package dev.nabla.train;

import dev.nabla.nn.Module;

/**
 * Keras's {@code Sequential} model: layers applied in order, with the training workflow of
 * {@link Model}. The layers live in a {@link dev.nabla.nn.Sequential} module (so parameter names
 * are {@code "0.weight"}, {@code "2.bias"}, ...).
 *
 * <pre>{@code
 * var model = new Sequential(new Linear(8, 64), new ReLU(), new Linear(64, 64), new ReLU(), new Linear(64, 1));
 * model.compile(new Adam(model.parameters(), 1e-3), new MSELoss(), Regression.mae());
 * }</pre>
 */
public class Sequential extends Model {

    public Sequential(Module... layers) {
        super(new dev.nabla.nn.Sequential(layers));
    }
}
