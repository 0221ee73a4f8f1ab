package dev.nabla.nn.rnn;

import dev.nabla.backend.Shape;
import dev.nabla.nn.Init;
import dev.nabla.nn.Module;
import dev.nabla.nn.Parameter;
import dev.nabla.nn.layers.Dropout;
import dev.nabla.ops.LstmSequence;
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
 * <p>LSTM with projections ({@code projSize} P, {@code 0 < P < H}; Sak et al. 2014, PyTorch's
 * {@code proj_size}): each step's hidden state is projected, {@code h = (o * tanh(c)) W_hr^T},
 * by {@code weight_hr_lk} {@code [P, H]}, so {@code h}, the output per direction and
 * {@code weight_hh_lk} ({@code [4H, P]}) use P instead of H, as does {@code in_k} for
 * {@code k > 0}; {@code c} keeps size H.
 *
 * <p>Variable-length batches: with {@code lengths} (or a mask, {@link #forwardMasked}) steps at
 * or past a sequence's length leave its state unchanged and its output zero, so padding affects
 * neither results nor gradients; the backward direction of each sequence starts at its last
 * real step. {@link Output#last()} gives the output at each sequence's end (Keras's
 * {@code return_sequences=False}).
 *
 * <p>Cost: the input projection of all steps is one matrix product; each step is one
 * {@code [B, H] x [H, gates*H]} product plus the gate maths of {@link CellType#step}. An LSTM
 * layer without mask or projections runs its whole recurrence as one op ({@link LstmSequence}),
 * whose backward computes the hidden weight's gradient in one product over all steps.
 */
public abstract class RecurrentLayer extends Module {
    private final CellType type;
    private final int inputSize;
    private final int hiddenSize;
    private final int projSize;
    private final int numLayers;
    private final boolean batchFirst;
    private final boolean bidirectional;
    private final Dropout dropout;
    private final List<Parameter[]> weights = new ArrayList<>();

    /**
     * The result of a forward pass.
     *
     * @param output all time steps' outputs of the last layer, {@code [T, B, dirs*H]} (or batch
     *               first; {@code [T, dirs*H]} for an unbatched input), zero at masked steps
     * @param h      the final hidden state of every layer and direction, {@code [layers*dirs, B, H]}
     * @param c      the final cell state of an LSTM (same shape), else null
     */
    public record Output(Tensor output, Tensor h, Tensor c) {

        /**
         * The last layer's output at the end of each sequence, {@code [B, dirs*H]} (Keras's
         * {@code return_sequences=False}): the forward direction's final state, joined with the
         * backward direction's final state (its output at the first step) when bidirectional.
         * With lengths or a mask this is the output at each sequence's last real step.
         */
        public Tensor last() {
            boolean unbatched = h.dim() == 2;
            Tensor states = unbatched ? h.unsqueeze(1) : h;
            int dirs = output.size(-1) / states.size(2);
            Tensor top = states.narrow(0, states.size(0) - dirs, dirs);            // [dirs, B, H]
            Tensor joined = dirs == 1 ? top.select(0, 0) : top.transpose(0, 1).reshape(states.size(1), -1);
            return unbatched ? joined.squeeze(0) : joined;
        }
    }

    protected RecurrentLayer(CellType type, int inputSize, int hiddenSize, int numLayers, boolean bias,
                             boolean batchFirst, double dropout, boolean bidirectional, Generator gen) {
        this(type, inputSize, hiddenSize, numLayers, bias, batchFirst, dropout, bidirectional, 0, gen);
    }

    /** As above, with LSTM projections of size {@code projSize} (0 for none). */
    protected RecurrentLayer(CellType type, int inputSize, int hiddenSize, int numLayers, boolean bias,
                             boolean batchFirst, double dropout, boolean bidirectional, int projSize, Generator gen) {
        if (inputSize <= 0 || hiddenSize <= 0 || numLayers <= 0) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": sizes must be positive, got input "
                    + inputSize + ", hidden " + hiddenSize + ", layers " + numLayers);
        }
        if (projSize < 0 || (projSize > 0 && (type != CellType.LSTM || projSize >= hiddenSize))) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": proj_size must be 0, or (for LSTM) in "
                    + "[1, hiddenSize = " + hiddenSize + "), got " + projSize);
        }
        this.type = type;
        this.inputSize = inputSize;
        this.hiddenSize = hiddenSize;
        this.projSize = projSize;
        this.numLayers = numLayers;
        this.batchFirst = batchFirst;
        this.bidirectional = bidirectional;
        this.dropout = new Dropout(dropout, gen);
        double k = 1 / Math.sqrt(hiddenSize);
        int g = type.gates() * hiddenSize;
        for (int layer = 0; layer < numLayers; layer++) {
            int in = layer == 0 ? inputSize : outputSize() * directions();
            for (int dir = 0; dir < directions(); dir++) {
                String suffix = "_l" + layer + (dir == 1 ? "_reverse" : "");
                Parameter[] w = {
                    registerParameter("weight_ih" + suffix, Tensor.zeros(g, in)),
                    registerParameter("weight_hh" + suffix, Tensor.zeros(g, outputSize())),
                    bias ? registerParameter("bias_ih" + suffix, Tensor.zeros(g)) : null,
                    bias ? registerParameter("bias_hh" + suffix, Tensor.zeros(g)) : null,
                    projSize > 0 ? registerParameter("weight_hr" + suffix, Tensor.zeros(projSize, hiddenSize)) : null};
                for (Parameter p : w) {
                    if (p != null) {
                        Init.uniform(p, -k, k, gen);
                    }
                }
                weights.add(w);
            }
        }
    }

    /** Whether the layers have biases. */
    protected boolean bias() {
        return weights.get(0)[2] != null;
    }

    private int directions() {
        return bidirectional ? 2 : 1;
    }

    public int hiddenSize() {
        return hiddenSize;
    }

    /** The size of LSTM's projected hidden state (PyTorch's {@code proj_size}), 0 without projections. */
    public int projSize() {
        return projSize;
    }

    /** The size of {@code h} and of each direction's output: {@code projSize}, or {@code hiddenSize} without projections. */
    private int outputSize() {
        return projSize > 0 ? projSize : hiddenSize;
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
        return forwardMasked(input, null, null, null).output();
    }

    /**
     * Runs the recurrence from initial states {@code h0} (and {@code c0} for LSTM; null means
     * zeros) over sequences of the given {@code lengths} (null means all of length T): as
     * PyTorch's packed sequences, or {@link #forwardMasked} with {@link #lengthsMask}.
     */
    public Output forward(Tensor input, Tensor h0, Tensor c0, int[] lengths) {
        Tensor mask = null;
        if (lengths != null) {
            int batch = input.dim() == 2 ? 1 : input.size(batchFirst ? 0 : 1);
            if (lengths.length != batch) {
                throw new IllegalArgumentException(getClass().getSimpleName() + ": " + lengths.length
                        + " lengths for a batch of " + batch);
            }
            mask = lengthsMask(lengths, input.size(input.dim() == 2 || !batchFirst ? 0 : 1));
            if (input.dim() == 2) {
                mask = mask.squeeze(0);
            }
        }
        return forwardMasked(input, mask, h0, c0);
    }

    /**
     * Runs the recurrence over the steps where {@code mask} (BOOL {@code [B, T]}, whatever
     * {@code batchFirst}; {@code [T]} for an unbatched input; null for all) is true, from initial
     * states {@code h0} and {@code c0} (null for zeros). A masked step is skipped: the state
     * passes through it unchanged (in both directions) and its output is zero, so padding
     * changes neither the results nor the gradients; with a mask of leading trues (lengths) each
     * sequence gets exactly what it would get alone. Input {@code [T, B, in]} ({@code [B, T, in]}
     * with {@code batchFirst}) or unbatched {@code [T, in]}, whose states are {@code [layers*dirs, H]}.
     */
    public Output forwardMasked(Tensor input, Tensor mask, Tensor h0, Tensor c0) {
        boolean unbatched = input.dim() == 2;
        Tensor x = checkInput(unbatched ? input.unsqueeze(1) : input, unbatched);
        int steps = x.size(0);
        int batch = x.size(1);
        if (unbatched) {
            mask = mask == null ? null : mask.unsqueeze(0);
            h0 = h0 == null ? null : h0.unsqueeze(1);
            c0 = c0 == null ? null : c0.unsqueeze(1);
        }
        List<Tensor> masks = mask == null ? null : stepMasks(mask, steps, batch, x);
        dropout.train(isTraining());
        List<Tensor> hs = new ArrayList<>();
        List<Tensor> cs = new ArrayList<>();
        Tensor layerInput = x;
        for (int layer = 0; layer < numLayers; layer++) {
            List<Tensor> outs = new ArrayList<>();
            for (int dir = 0; dir < directions(); dir++) {
                int idx = layer * directions() + dir;
                CellType.State s = new CellType.State(initial(h0, idx, batch, x, outputSize()), type == CellType.LSTM
                        ? initial(c0, idx, batch, x, hiddenSize) : null);
                Pass pass = run(layerInput, weights.get(idx), s, dir == 1, masks);
                outs.add(pass.output());
                hs.add(pass.last().h());
                cs.add(pass.last().c());
            }
            layerInput = outs.size() == 1 ? outs.get(0) : Tensor.concat(outs, 2);
            if (layer < numLayers - 1) {
                layerInput = dropout.forward(layerInput);
            }
        }
        Tensor output = batchFirst && !unbatched ? layerInput.transpose(0, 1) : layerInput;
        Tensor h = Tensor.stack(hs, 0);
        Tensor c = type == CellType.LSTM ? Tensor.stack(cs, 0) : null;
        if (unbatched) {
            return new Output(output.squeeze(1), h.squeeze(1), c == null ? null : c.squeeze(1));
        }
        return new Output(output, h, c);
    }

    /** A BOOL {@code [B, T]} mask, true at the steps {@code t < lengths[b]}; each length must be in {@code [1, T]}. */
    public static Tensor lengthsMask(int[] lengths, int steps) {
        boolean[] m = new boolean[lengths.length * steps];
        for (int b = 0; b < lengths.length; b++) {
            if (lengths[b] < 1 || lengths[b] > steps) {
                throw new IllegalArgumentException("recurrent layer: length " + lengths[b] + " outside [1, " + steps + "]");
            }
            java.util.Arrays.fill(m, b * steps, b * steps + lengths[b], true);
        }
        return Tensor.of(m, lengths.length, steps);
    }

    /** One layer in one direction's outputs {@code [T, B, H]} and final state. */
    private record Pass(Tensor output, CellType.State last) {
    }

    /**
     * One layer in one direction: the input projection for all steps at once (one matrix
     * product), then the recurrence: one {@link LstmSequence} op for an LSTM without mask or
     * projections, else per step one {@code [B, H] x [H, gates*H]} product and the gate maths.
     */
    private Pass run(Tensor in, Parameter[] w, CellType.State s, boolean reverse, List<Tensor> masks) {
        int steps = in.size(0);
        int batch = in.size(1);
        Tensor proj = in.reshape(steps * batch, in.size(2)).linear(w[0], w[2]).reshape(steps, batch, -1);
        if (type == CellType.LSTM && masks == null && w[4] == null) {
            Tensor states = LstmSequence.apply(reverse ? proj.flip(0) : proj, w[1], w[3], s.h(), s.c());
            Tensor hs = states.select(0, 0).narrow(0, 1, steps);
            return new Pass(reverse ? hs.flip(0) : hs, new CellType.State(states.select(0, 0).select(0, steps),
                    states.select(0, 1).select(0, steps)));
        }
        List<Tensor> projected = SequenceOps.unbind(proj, 0);
        Tensor zero = masks == null ? null : in.newZeros();
        Tensor[] out = new Tensor[steps];
        for (int k = 0; k < steps; k++) {
            int t = reverse ? steps - 1 - k : k;
            CellType.State next = type.step(projected.get(t), s, w[1], w[3]);
            if (w[4] != null) {
                next = new CellType.State(next.h().linear(w[4], null), next.c());
            }
            if (masks != null) {
                Tensor m = masks.get(t);
                next = new CellType.State(Tensor.where(m, next.h(), s.h()),
                        next.c() == null ? null : Tensor.where(m, next.c(), s.c()));
                out[t] = Tensor.where(m, next.h(), zero);
            } else {
                out[t] = next.h();
            }
            s = next;
        }
        return new Pass(Tensor.stack(List.of(out), 0), s);
    }

    private Tensor checkInput(Tensor input, boolean unbatched) {
        if (input.dim() != 3 || input.size(2) != inputSize) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": expected input "
                    + (batchFirst ? "[B, T, " : "[T, B, ") + inputSize + "] or [T, " + inputSize + "], got "
                    + Shape.str(unbatched ? input.squeeze(1).shape() : input.shape()));
        }
        return batchFirst && !unbatched ? input.transpose(0, 1) : input;
    }

    /** Layer-direction {@code idx} of an initial state {@code [layers*dirs, B, size]}, or zeros {@code [B, size]}. */
    private Tensor initial(Tensor state, int idx, int batch, Tensor like, int size) {
        if (state == null) {
            return like.newZeros(batch, size);
        }
        int[] want = {numLayers * directions(), batch, size};
        if (!java.util.Arrays.equals(state.shape(), want)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": expected initial state "
                    + Shape.str(want) + ", got " + Shape.str(state.shape()));
        }
        return state.select(0, idx);
    }

    /** Per step, a BOOL {@code [B, 1]} tensor: true where the step is part of the sequence. */
    private List<Tensor> stepMasks(Tensor mask, int steps, int batch, Tensor like) {
        if (mask.dtype() != dev.nabla.backend.DType.BOOL || !java.util.Arrays.equals(mask.shape(), new int[] {batch, steps})) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": expected a bool mask [B, T] = "
                    + Shape.str(new int[] {batch, steps}) + ", got " + mask.dtype().shortName() + " "
                    + Shape.str(mask.shape()));
        }
        Tensor m = mask.to(like.backend());
        List<Tensor> out = new ArrayList<>(steps);
        for (int t = 0; t < steps; t++) {
            out.add(m.select(1, t).unsqueeze(1));
        }
        return out;
    }
}
