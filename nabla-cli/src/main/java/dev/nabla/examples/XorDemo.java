package dev.nabla.examples;

import dev.nabla.backend.Backend;
import dev.nabla.cli.Args;
import dev.nabla.cli.Main;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The primer's first program: a two-layer network of sigmoid units learns XOR.
 *
 * <p>The network is {@code out = sigmoid(sigmoid(x W1 + b1) W2 + b2)}: inputs {@code x} of shape
 * [4, 2] (the four corners of the unit square), a hidden layer of sigmoid units and one sigmoid
 * output. The loss is the mean squared error {@code mean((out - y)^2)} and training is plain
 * gradient descent from a fixed seed.
 *
 * <p>The network is trained twice from the same initial weights: first with the backward pass
 * written out by hand in tensor maths (the chain rule, layer by layer), then with autograd
 * ({@code loss.backward()}) computing the same gradients. Both runs must end in the same place.
 */
public final class XorDemo {

    /** One line for {@code nabla demo --help}. */
    public static final String SUMMARY = "the primer's first program: a two-layer sigmoid network learns XOR";

    /** The options of {@code nabla demo xor}. */
    public static final String OPTIONS = """
              --hidden N   hidden sigmoid units (default 4)
              --lr X       learning rate of gradient descent (default 2.0)
              --epochs N   full-batch training steps (default 2000)
              --seed N     seed of the initial weights (default 42)
            """;

    /** Hidden units, learning rate, number of epochs and the seed of the initial weights. */
    public record Config(int hidden, double learningRate, int epochs, long seed) {
        public static final Config DEFAULT = new Config(4, 2.0, 2000, 42);
    }

    /** The network's parameters: W1 [2, hidden], b1 [hidden], W2 [hidden, 1], b2 [1]. */
    public record Params(Tensor w1, Tensor b1, Tensor w2, Tensor b2) {

        /** Weights drawn from a standard normal distribution, biases zero. */
        public static Params random(Generator gen, int hidden) {
            return new Params(Tensor.randn(gen, 2, hidden), Tensor.zeros(hidden),
                    Tensor.randn(gen, hidden, 1), Tensor.zeros(1));
        }

        /** The four tensors in the order w1, b1, w2, b2. */
        public List<Tensor> all() {
            return List.of(w1, b1, w2, b2);
        }

        /** Fresh copies, so that training one copy leaves the others as they were. */
        public Params copy() {
            return new Params(w1.detach().clone(), b1.detach().clone(), w2.detach().clone(), b2.detach().clone());
        }

        /** Copies on {@code backend} (float64 on {@code ref}). */
        public Params to(Backend backend) {
            return new Params(w1.to(backend), b1.to(backend), w2.to(backend), b2.to(backend)).copy();
        }
    }

    /** The gradients of the loss, each in the shape of its parameter. */
    public record Grads(Tensor w1, Tensor b1, Tensor w2, Tensor b2) {

        /** The four tensors in the order w1, b1, w2, b2. */
        public List<Tensor> all() {
            return List.of(w1, b1, w2, b2);
        }
    }

    /** What the demo prints on its last line. */
    public record Result(double accuracy, double loss, int epochs, double seconds) {

        /** {@code result: accuracy=1.0000 loss=0.001234 epochs=2000 seconds=0.812}. */
        public String line() {
            return String.format(Locale.ROOT, "result: accuracy=%.4f loss=%.6f epochs=%d seconds=%.3f",
                    accuracy, loss, epochs, seconds);
        }
    }

    private XorDemo() {
    }

    /** The inputs, shape [4, 2]. */
    public static Tensor inputs() {
        return Tensor.of(new float[] {0, 0, 0, 1, 1, 0, 1, 1}, 4, 2);
    }

    /** The targets {@code x0 XOR x1}, shape [4, 1]. */
    public static Tensor targets() {
        return Tensor.of(new float[] {0, 1, 1, 0}, 4, 1);
    }

    // ---- the network ------------------------------------------------------------------------

    /** The forward pass: the network's outputs for {@code x}, shape [n, 1]. */
    public static Tensor predict(Params p, Tensor x) {
        Tensor hidden = x.matmul(p.w1()).add(p.b1()).sigmoid();
        return hidden.matmul(p.w2()).add(p.b2()).sigmoid();
    }

    /** The mean squared error {@code mean((out - y)^2)}. */
    public static Tensor mseLoss(Tensor out, Tensor y) {
        return out.sub(y).pow(2).mean();
    }

    /** The fraction of points whose output lands on the right side of 0.5. */
    public static double accuracy(Tensor out, Tensor y) {
        Tensor correct = out.gt(0.5).eq(y.gt(0.5));
        return correct.sum().item() / y.numel();
    }

    // ---- part 1: the backward pass by hand ----------------------------------------------------

    /**
     * The gradients of the loss with respect to each parameter, by the chain rule written out
     * by hand: each layer passes {@code dL/d(its output)} back as {@code dL/d(its input)}.
     */
    public static Grads handGradients(Params p, Tensor x, Tensor y) {
        // Forward, keeping the activations that the backward pass needs.
        Tensor h = x.matmul(p.w1()).add(p.b1()).sigmoid();        // [n, hidden]
        Tensor out = h.matmul(p.w2()).add(p.b2()).sigmoid();      // [n, 1]

        // Loss L = mean((out - y)^2), so dL/dout = 2 (out - y) / n.
        Tensor dOut = out.sub(y).mul(2.0 / x.size(0));
        // Through the output sigmoid: sigmoid'(z) = s (1 - s), with s = out.
        Tensor dZ2 = dOut.mul(out).mul(out.rsub(1));              // [n, 1]
        // z2 = h W2 + b2: W2 sees each row of h; b2 is added to every row, so its gradient sums them.
        Tensor dW2 = h.t().matmul(dZ2);                           // [hidden, 1]
        Tensor db2 = dZ2.sum(0);                                  // [1]
        Tensor dH = dZ2.matmul(p.w2().t());                       // [n, hidden]
        // Through the hidden sigmoid, then z1 = x W1 + b1 in the same way as above.
        Tensor dZ1 = dH.mul(h).mul(h.rsub(1));                    // [n, hidden]
        Tensor dW1 = x.t().matmul(dZ1);                           // [2, hidden]
        Tensor db1 = dZ1.sum(0);                                  // [hidden]
        return new Grads(dW1, db1, dW2, db2);
    }

    /** Gradient descent with {@link #handGradients}; trains {@code p} in place. */
    static void trainByHand(Params p, Tensor x, Tensor y, Config c, PrintStream out) {
        for (int epoch = 1; epoch <= c.epochs(); epoch++) {
            Grads g = handGradients(p, x, y);
            p.w1().assign(p.w1().sub(g.w1().mul(c.learningRate())));
            p.b1().assign(p.b1().sub(g.b1().mul(c.learningRate())));
            p.w2().assign(p.w2().sub(g.w2().mul(c.learningRate())));
            p.b2().assign(p.b2().sub(g.b2().mul(c.learningRate())));
            progress(out, epoch, c, p, x, y);
        }
    }

    // ---- part 2: the same with autograd -------------------------------------------------------

    /** The same gradients as {@link #handGradients}, computed by autograd. */
    public static Grads autogradGradients(Params p, Tensor x, Tensor y) {
        Params q = p.copy();
        q.all().forEach(w -> w.requiresGrad(true));
        mseLoss(predict(q, x), y).backward();
        return new Grads(q.w1().grad(), q.b1().grad(), q.w2().grad(), q.b2().grad());
    }

    /** Gradient descent with autograd; trains {@code p} in place. */
    static void trainWithAutograd(Params p, Tensor x, Tensor y, Config c, PrintStream out) {
        p.all().forEach(w -> w.requiresGrad(true));
        for (int epoch = 1; epoch <= c.epochs(); epoch++) {
            Tensor loss = mseLoss(predict(p, x), y);
            loss.backward();
            try (var ignored = Tensor.noGrad()) {
                for (Tensor w : p.all()) {
                    w.assign(w.sub(w.grad().mul(c.learningRate())));
                    w.zeroGrad();
                }
            }
            progress(out, epoch, c, p, x, y);
        }
    }

    private static void progress(PrintStream out, int epoch, Config c, Params p, Tensor x, Tensor y) {
        if (epoch == 1 || epoch % Math.max(1, c.epochs() / 5) == 0) {
            try (var ignored = Tensor.noGrad()) {
                double loss = mseLoss(predict(p, x), y).item();
                out.printf(Locale.ROOT, "  epoch %5d  loss %.6f%n", epoch, loss);
            }
        }
    }

    // ---- the program --------------------------------------------------------------------------

    /** Trains both ways, prints progress and predictions, and ends with {@link Result#line()}. */
    public static Result run(Config c, PrintStream out) {
        long start = System.nanoTime();
        Tensor x = inputs();
        Tensor y = targets();
        Params initial = Params.random(new Generator(c.seed()), c.hidden());
        out.printf(Locale.ROOT, "XOR: 2-%d-1 sigmoid network, MSE loss, gradient descent (lr %s, seed %d)%n",
                c.hidden(), c.learningRate(), c.seed());

        out.println("1. backward pass written by hand");
        Params byHand = initial.copy();
        trainByHand(byHand, x, y, c, out);

        out.println("2. the same network, same initial weights, with autograd");
        Params byAutograd = initial.copy();
        trainWithAutograd(byAutograd, x, y, c, out);

        try (var ignored = Tensor.noGrad()) {
            out.printf(Locale.ROOT, "largest difference between the two trained networks' weights: %.2e%n",
                    maxDifference(byHand.all(), byAutograd.all()));
            Tensor prediction = predict(byAutograd, x);
            printPredictions(out, x, y, prediction);
            double seconds = (System.nanoTime() - start) / 1e9;
            Result r = new Result(accuracy(prediction, y), mseLoss(prediction, y).item(), c.epochs(), seconds);
            out.println(r.line());
            return r;
        }
    }

    /** The largest absolute elementwise difference between two lists of same-shaped tensors. */
    public static double maxDifference(List<Tensor> a, List<Tensor> b) {
        double max = 0;
        for (int i = 0; i < a.size(); i++) {
            max = Math.max(max, a.get(i).sub(b.get(i)).abs().max().item());
        }
        return max;
    }

    private static void printPredictions(PrintStream out, Tensor x, Tensor y, Tensor prediction) {
        out.println("predictions:");
        for (int i = 0; i < x.size(0); i++) {
            out.printf(Locale.ROOT, "  %.0f xor %.0f = %.0f   network says %.4f%n", x.select(0, i).select(0, 0).item(),
                    x.select(0, i).select(0, 1).item(), y.select(0, i).item(), prediction.select(0, i).item());
        }
    }

    /** {@code nabla demo xor [options]}: see {@link #OPTIONS}. */
    public static void run(Args args, PrintStream out) {
        Config d = Config.DEFAULT;
        Config c = new Config(args.intValue("hidden", d.hidden(), 1), args.positiveDouble("lr", d.learningRate()),
                args.intValue("epochs", d.epochs(), 1), args.longValue("seed", d.seed()));
        args.rejectUnknown();
        run(c, out);
    }

    /** Runs the demo as {@code nabla demo xor} would, with the same options. */
    public static void main(String[] args) {
        List<String> line = new ArrayList<>(List.of("demo", "xor"));
        line.addAll(List.of(args));
        Main.main(line.toArray(String[]::new));
    }
}
