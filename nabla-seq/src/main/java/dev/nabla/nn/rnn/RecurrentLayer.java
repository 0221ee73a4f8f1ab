package dev.nabla.nn.rnn;

import dev.nabla.backend.NDArray;
import dev.nabla.backend.Shape;
import dev.nabla.nn.Init;
import dev.nabla.nn.Module;
import dev.nabla.nn.Parameter;
import dev.nabla.nn.layers.Dropout;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * The common machinery of {@link RNN}, {@link LSTM} and {@link GRU}, as {@code torch.nn.RNNBase}:
 * several layers, optional bidirectionality, dropout between layers, initial and final states,
 * and variable-length batches.
 *
 * <p>Shape: input {@code [T, B, in]} ({@code [B, T, in]} with {@code batchFirst}); output
 * {@code [T, B, dirs*H]} (or batch first); states {@code h}, {@code c}: {@code [layers*dirs, B, H]}.
 * Parameters per layer {@code k} and direction: {@code weight_ih_lk} {@code [gates*H, in_k]},
 * {@code weight_hh_lk} {@code [gates*H, H]}, {@code bias_ih_lk}, {@code bias_hh_lk}
 * {@code [gates*H]}, with suffix {@code _reverse} for the backward direction; all initialized
 * from {@code U(-1/sqrt(H), 1/sqrt(H))}.
 *
 * <p>With {@code lengths}, steps at or past a sequence's length leave its state unchanged and
 * its output zero, so padding affects neither results nor gradients; the backward direction of
 * each sequence starts at its last real step.
 */
public abstract class RecurrentLayer extends Module {
    private final CellType type;
    private final int inputSize;
    private final int hiddenSize;
    private final int numLayers;
    private final boolean batchFirst;
    private final boolean bidirectional;
    private final Dropout dropout;
    private final List<Parameter[]> weights = new ArrayList<>();

    /** The result of a forward pass: all time steps' outputs and the final states ({@code c} null unless LSTM). */
    public record Output(Tensor output, Tensor h, Tensor c) {
    }

    protected RecurrentLayer(CellType type, int inputSize, int hiddenSize, int numLayers, boolean bias,
                             boolean batchFirst, double dropout, boolean bidirectional, Generator gen) {
        if (inputSize <= 0 || hiddenSize <= 0 || numLayers <= 0) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": sizes must be positive, got input "
                    + inputSize + ", hidden " + hiddenSize + ", layers " + numLayers);
        }
        this.type = type;
        this.inputSize = inputSize;
        this.hiddenSize = hiddenSize;
        this.numLayers = numLayers;
        this.batchFirst = batchFirst;
        this.bidirectional = bidirectional;
        this.dropout = new Dropout(dropout, gen);
        double k = 1 / Math.sqrt(hiddenSize);
        int g = type.gates() * hiddenSize;
        for (int layer = 0; layer < numLayers; layer++) {
            int in = layer == 0 ? inputSize : hiddenSize * directions();
            for (int dir = 0; dir < directions(); dir++) {
                String suffix = "_l" + layer + (dir == 1 ? "_reverse" : "");
                Parameter[] w = {
                    registerParameter("weight_ih" + suffix, Tensor.zeros(g, in)),
                    registerParameter("weight_hh" + suffix, Tensor.zeros(g, hiddenSize)),
                    bias ? registerParameter("bias_ih" + suffix, Tensor.zeros(g)) : null,
                    bias ? registerParameter("bias_hh" + suffix, Tensor.zeros(g)) : null};
                for (Parameter p : w) {
                    if (p != null) {
                        Init.uniform(p, -k, k, gen);
                    }
                }
                weights.add(w);
            }
        }
    }

    private int directions() {
        return bidirectional ? 2 : 1;
    }

    public int hiddenSize() {
        return hiddenSize;
    }

    // Configuration, e.g. for saving the architecture.

    /** The cell: tanh or ReLU RNN, LSTM or GRU. */
    public CellType cellType() { return type; }

    /** Features of each input step. */
    public int inputSize() { return inputSize; }

    /** Number of stacked layers. */
    public int numLayers() { return numLayers; }

    /** Whether inputs and outputs are {@code [B, T, ...]} rather than {@code [T, B, ...]}. */
    public boolean batchFirst() { return batchFirst; }

    /** Whether each layer also runs backwards in time. */
    public boolean bidirectional() { return bidirectional; }

    /** Dropout probability between layers. */
    public double dropout() { return dropout.p(); }

    /** All time steps' outputs, from zero initial states. */
    @Override
    public Tensor forward(Tensor input) {
        return forward(input, null, null, null).output();
    }

    /**
     * Runs the recurrence from initial states {@code h0} (and {@code c0} for LSTM; null means
     * zeros) over sequences of the given {@code lengths} (null means all of length T).
     */
    public Output forward(Tensor input, Tensor h0, Tensor c0, int[] lengths) {
        Tensor x = checkInput(input);
        int steps = x.size(0);
        int batch = x.size(1);
        Tensor[] masks = lengths == null ? null : masks(lengths, steps, batch, x);
        dropout.train(isTraining());
        List<Tensor> hs = new ArrayList<>();
        List<Tensor> cs = new ArrayList<>();
        Tensor layerInput = x;
        for (int layer = 0; layer < numLayers; layer++) {
            List<Tensor> outs = new ArrayList<>();
            for (int dir = 0; dir < directions(); dir++) {
                int idx = layer * directions() + dir;
                CellType.State s = new CellType.State(initial(h0, idx, batch, x), type == CellType.LSTM
                        ? initial(c0, idx, batch, x) : null);
                Tensor[] stepOut = new Tensor[steps];
                s = run(layerInput, weights.get(idx), s, dir == 1, masks, stepOut);
                outs.add(Tensor.stack(List.of(stepOut), 0));
                hs.add(s.h());
                cs.add(s.c());
            }
            layerInput = outs.size() == 1 ? outs.get(0) : Tensor.concat(outs, 2);
            if (layer < numLayers - 1) {
                layerInput = dropout.forward(layerInput);
            }
        }
        Tensor output = batchFirst ? layerInput.transpose(0, 1) : layerInput;
        return new Output(output, Tensor.stack(hs, 0), type == CellType.LSTM ? Tensor.stack(cs, 0) : null);
    }

    /** One layer in one direction: the input projection for all steps at once, then the steps. */
    private CellType.State run(Tensor in, Parameter[] w, CellType.State s, boolean reverse, Tensor[] masks,
                               Tensor[] out) {
        int steps = in.size(0);
        int batch = in.size(1);
        Tensor proj = in.reshape(steps * batch, in.size(2)).linear(w[0], w[2]).reshape(steps, batch, -1);
        for (int k = 0; k < steps; k++) {
            int t = reverse ? steps - 1 - k : k;
            CellType.State next = type.step(proj.select(0, t), s, w[1], w[3]);
            if (masks != null) {
                Tensor m = masks[t];
                Tensor keep = m.rsub(1);
                next = new CellType.State(next.h().mul(m).add(s.h().mul(keep)),
                        next.c() == null ? null : next.c().mul(m).add(s.c().mul(keep)));
                out[t] = next.h().mul(m);
            } else {
                out[t] = next.h();
            }
            s = next;
        }
        return s;
    }

    private Tensor checkInput(Tensor input) {
        if (input.dim() != 3 || input.size(2) != inputSize) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": expected input "
                    + (batchFirst ? "[B, T, " : "[T, B, ") + inputSize + "], got " + Shape.str(input.shape()));
        }
        return batchFirst ? input.transpose(0, 1) : input;
    }

    private Tensor initial(Tensor state, int idx, int batch, Tensor like) {
        if (state == null) {
            return new Tensor(NDArray.zeros(like.dtype(), new int[] {batch, hiddenSize}), like.backend());
        }
        int[] want = {numLayers * directions(), batch, hiddenSize};
        if (!java.util.Arrays.equals(state.shape(), want)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": expected initial state "
                    + Shape.str(want) + ", got " + Shape.str(state.shape()));
        }
        return state.select(0, idx);
    }

    /** Per step, a {@code [B, 1]} tensor of 1 where the step is inside the sequence, else 0. */
    private static Tensor[] masks(int[] lengths, int steps, int batch, Tensor like) {
        if (lengths.length != batch) {
            throw new IllegalArgumentException("recurrent layer: " + lengths.length + " lengths for a batch of " + batch);
        }
        Tensor[] masks = new Tensor[steps];
        for (int t = 0; t < steps; t++) {
            double[] m = new double[batch];
            for (int b = 0; b < batch; b++) {
                if (lengths[b] < 1 || lengths[b] > steps) {
                    throw new IllegalArgumentException("recurrent layer: length " + lengths[b] + " outside [1, " + steps + "]");
                }
                m[b] = t < lengths[b] ? 1 : 0;
            }
            masks[t] = Tensor.of(m, batch, 1).to(like.backend()).to(like.dtype());
        }
        return masks;
    }

    @Override
    protected String extraRepr() {
        return inputSize + ", " + hiddenSize + (numLayers > 1 ? ", num_layers=" + numLayers : "")
                + (batchFirst ? ", batch_first=True" : "") + (dropout.p() > 0 ? ", dropout=" + dropout.p() : "")
                + (bidirectional ? ", bidirectional=True" : "");
    }
}
