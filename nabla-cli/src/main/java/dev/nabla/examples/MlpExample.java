package dev.nabla.examples;

import dev.nabla.loss.MSELoss;
import dev.nabla.nn.Module;
import dev.nabla.nn.layers.Linear;
import dev.nabla.nn.layers.Sigmoid;
import dev.nabla.optim.SGD;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import java.io.PrintStream;

/**
 * The primer's multi-layer perceptron: 3 inputs, a hidden layer of 4 sigmoid neurons, 2 outputs
 * ({@code y = W2 sigmoid(W1 x + b1) + b2}), written as a {@link Module}, printed with its
 * parameter count and trained for one step of SGD on a mean-squared-error loss.
 */
public final class MlpExample {
    private MlpExample() {
    }

    /** The network: weight matrices W1 [4, 3] and W2 [2, 4], bias vectors b1 [4] and b2 [2]. */
    static final class Mlp extends Module {
        final Linear hidden;
        final Sigmoid activation;
        final Linear output;

        Mlp(Generator gen) {
            hidden = registerModule("hidden", new Linear(3, 4, true, gen));
            activation = registerModule("activation", new Sigmoid());
            output = registerModule("output", new Linear(4, 2, true, gen));
        }

        @Override
        public Tensor forward(Tensor x) {
            return output.forward(activation.forward(hidden.forward(x)));
        }
    }

    /** Builds, prints and trains the network one step, writing to {@code out}. */
    public static void run(PrintStream out) {
        Mlp model = new Mlp(new Generator(42));
        out.println(model);
        out.println("parameters: " + model.numParameters() + " (trainable " + model.numTrainableParameters() + ")");
        model.namedParameters().forEach((name, p) -> out.println("  " + name + " " + java.util.Arrays.toString(p.shape())));

        Tensor x = Tensor.of(new float[][] {{0.5f, -1.0f, 2.0f}, {1.5f, 0.2f, -0.3f}, {-0.7f, 0.9f, 0.1f}});
        Tensor y = Tensor.of(new float[][] {{1, 0}, {0, 1}, {1, 1}});
        MSELoss criterion = new MSELoss();
        SGD optimizer = new SGD(model.parameters(), 0.5);

        Tensor loss = criterion.forward(model.forward(x), y);
        out.printf("loss before: %.6f%n", loss.item());
        optimizer.zeroGrad();
        loss.backward();
        optimizer.step();
        try (var g = Tensor.noGrad()) {
            out.printf("loss after one SGD step (lr 0.5): %.6f%n", criterion.forward(model.forward(x), y).item());
        }
    }

    public static void main(String[] args) {
        run(System.out);
    }
}
