package dev.nabla.loss;

import dev.nabla.autograd.Node;
import dev.nabla.backend.DType;
import dev.nabla.backend.Shape;
import dev.nabla.tensor.Tensor;

/**
 * Connectionist temporal classification (Graves et al. 2006) as one recorded op: the
 * per-sequence negative log-likelihood {@code -log p(target | input)} summed over all alignments
 * by the forward (alpha) recursion in log space, and its gradient from the alpha-beta
 * occupation probabilities, as PyTorch's {@code ctc_loss}. Over the extended label sequence
 * {@code l'} (the target with a blank before, between and after its labels):
 *
 * <pre>
 * alpha_t(s) = lp_t(l'_s) + lse(alpha_{t-1}(s), alpha_{t-1}(s-1), alpha_{t-1}(s-2) if l'_s != blank, l'_s != l'_{s-2})
 * nll = -lse(alpha_{T-1}(S'-1), alpha_{T-1}(S'-2))
 * dnll/dlp_t(c) = exp(lp_t(c)) - exp(lse_{s: l'_s = c}(alpha_t(s) + beta_t(s)) + nll - lp_t(c))
 * </pre>
 *
 * <p>The gradient is PyTorch's: it includes the {@code exp(lp)} term, which is what the chain
 * rule gives through a {@code logSoftmax} producing {@code lp} (the usual case); steps at or
 * past a sequence's input length get zero gradient. The maths runs in float64 on the host.
 */
public final class Ctc {
    private Ctc() {
    }

    /**
     * The CTC loss, as {@code torch.nn.functional.ctc_loss}.
     *
     * @param logProbs      {@code [T, N, C]} (or unbatched {@code [T, C]}) log-probabilities, e.g. from {@code logSoftmax(2)}
     * @param targets       INT64 labels: {@code [N, S]} padded, {@code [sum(targetLengths)]} concatenated, or {@code [S]} unbatched
     * @param inputLengths  each sequence's length in {@code [0, T]}
     * @param targetLengths each target's length
     * @param blank         the blank class (PyTorch's default 0)
     * @param reduction     {@code MEAN}: each loss divided by its target length (at least 1), then averaged
     *                      over the batch (PyTorch's 'mean'); {@code SUM}; {@code NONE}: {@code [N]} ({@code []} unbatched)
     * @param zeroInfinity  infinite losses (no alignment fits in the input) and their gradients become 0
     */
    public static Tensor ctcLoss(Tensor logProbs, Tensor targets, long[] inputLengths, long[] targetLengths,
            int blank, Reduction reduction, boolean zeroInfinity) {
        if (logProbs.dim() != 2 && logProbs.dim() != 3) {
            throw new IllegalArgumentException("ctcLoss: expected log-probabilities [T, N, C] or [T, C], got "
                    + Shape.str(logProbs.shape()));
        }
        if (!logProbs.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("ctcLoss: expected floating-point log-probabilities, got "
                    + logProbs.dtype().shortName());
        }
        boolean unbatched = logProbs.dim() == 2;
        if (unbatched && targets.dim() != 1) {
            throw new IllegalArgumentException("ctcLoss: unbatched log-probabilities [T, C] take targets [S], got "
                    + Shape.str(targets.shape()));
        }
        Tensor l = losses(unbatched ? logProbs.unsqueeze(1) : logProbs, unbatched ? targets.unsqueeze(0) : targets,
                inputLengths, targetLengths, blank, zeroInfinity);
        return switch (reduction) {
            case NONE -> unbatched ? l.reshape() : l;
            case SUM -> l.sum();
            case MEAN -> {
                double[] divisors = new double[targetLengths.length];
                for (int n = 0; n < divisors.length; n++) {
                    divisors[n] = Math.max(targetLengths[n], 1);
                }
                yield l.div(Tensor.of(divisors, divisors.length).to(l.backend()).to(l.dtype())).mean();
            }
            case BATCH_MEAN -> throw new IllegalArgumentException("ctcLoss: reduction must be NONE, MEAN or SUM");
        };
    }

    /** {@link #ctcLoss(Tensor, Tensor, long[], long[], int, Reduction, boolean)} with lengths as INT64 tensors. */
    public static Tensor ctcLoss(Tensor logProbs, Tensor targets, Tensor inputLengths, Tensor targetLengths,
            int blank, Reduction reduction, boolean zeroInfinity) {
        return ctcLoss(logProbs, targets, lengths(inputLengths), lengths(targetLengths), blank, reduction, zeroInfinity);
    }

    private static long[] lengths(Tensor t) {
        if (t.dtype().isFloatingPoint() || t.dim() > 1) {
            throw new IllegalArgumentException("ctcLoss: lengths must be an integer tensor [N] or [], got "
                    + t.dtype().shortName() + " " + Shape.str(t.shape()));
        }
        return t.contiguous().toLongArray();
    }

    /**
     * The per-sequence losses {@code [N]}, differentiable with respect to {@code logProbs}.
     *
     * @param logProbs     {@code [T, N, C]} log-probabilities
     * @param targets      labels, {@code [N, S]} padded or {@code [sum(targetLengths)]} concatenated (INT64)
     * @param inputLengths each sequence's length in {@code [0, T]}
     * @param targetLengths each target's length
     * @param zeroInfinity replace infinite losses (impossible alignments) and their gradients by 0
     */
    static Tensor losses(Tensor logProbs, Tensor targets, long[] inputLengths, long[] targetLengths, int blank,
            boolean zeroInfinity) {
        int steps = logProbs.size(0);
        int batch = logProbs.size(1);
        int classes = logProbs.size(2);
        int[][] labels = labels(targets, batch, inputLengths, targetLengths, steps, classes, blank);
        double[] lp = logProbs.contiguous().toDoubleArray();
        double[] nll = new double[batch];
        double[][] alphas = new double[batch][];
        for (int n = 0; n < batch; n++) {
            Sequence q = new Sequence(lp, n, batch, classes, (int) inputLengths[n], labels[n], blank);
            alphas[n] = q.alpha();
            nll[n] = q.nll(alphas[n]);
            if (zeroInfinity && Double.isInfinite(nll[n])) {
                nll[n] = 0;
                alphas[n] = null; // no gradient
            }
        }
        Tensor out = Tensor.of(nll, batch).to(logProbs.backend()).to(logProbs.dtype());
        return Tensor.fromOp(out.data(), logProbs.backend(), new Node("ctc_loss", new Tensor[] {logProbs}, g -> {
            double[] gradOut = g.contiguous().toDoubleArray();
            double[] grad = new double[lp.length];
            for (int n = 0; n < batch; n++) {
                if (alphas[n] != null && gradOut[n] != 0) {
                    new Sequence(lp, n, batch, classes, (int) inputLengths[n], labels[n], blank)
                            .addGradient(alphas[n], nll[n], gradOut[n], grad);
                }
            }
            return new Tensor[] {Tensor.of(grad, steps, batch, classes).to(logProbs.backend()).to(logProbs.dtype())};
        }));
    }

    /** Each sequence's labels, checked: lengths in range, labels in {@code [0, C)} and not blank. */
    private static int[][] labels(Tensor targets, int batch, long[] inputLengths, long[] targetLengths, int steps,
            int classes, int blank) {
        if (targets.dtype() != DType.INT64 || targets.dim() < 1 || targets.dim() > 2) {
            throw new IllegalArgumentException("ctcLoss: targets must be int64 [N, S] or concatenated [sum(lengths)], got "
                    + targets.dtype().shortName() + " " + Shape.str(targets.shape()));
        }
        if (inputLengths.length != batch || targetLengths.length != batch) {
            throw new IllegalArgumentException("ctcLoss: expected " + batch + " input and target lengths, got "
                    + inputLengths.length + " and " + targetLengths.length);
        }
        if (blank < 0 || blank >= classes) {
            throw new IllegalArgumentException("ctcLoss: blank " + blank + " is not a class in [0, " + classes + ")");
        }
        boolean padded = targets.dim() == 2;
        long[] flat = targets.contiguous().toLongArray();
        int[][] out = new int[batch][];
        int offset = 0;
        for (int n = 0; n < batch; n++) {
            long len = targetLengths[n];
            if (inputLengths[n] < 0 || inputLengths[n] > steps) {
                throw new IllegalArgumentException("ctcLoss: input length " + inputLengths[n] + " of sequence " + n
                        + " is outside [0, " + steps + "]");
            }
            int start = padded ? n * targets.size(1) : offset;
            if (len < 0 || (padded && len > targets.size(1)) || (padded && targets.size(0) != batch)
                    || (!padded && offset + len > flat.length)) {
                throw new IllegalArgumentException("ctcLoss: target length " + len + " of sequence " + n
                        + " does not fit targets " + Shape.str(targets.shape()));
            }
            out[n] = new int[(int) len];
            for (int i = 0; i < len; i++) {
                long c = flat[start + i];
                if (c < 0 || c >= classes || c == blank) {
                    throw new IllegalArgumentException("ctcLoss: target label " + c + " of sequence " + n
                            + " must be in [0, " + classes + ") and not the blank " + blank);
                }
                out[n][i] = (int) c;
            }
            offset += (int) len;
        }
        return out;
    }

    /** One sequence's lattice: {@code lp} is {@code [T, N, C]} flat, read at batch index {@code n}. */
    private record Sequence(double[] lp, int n, int batch, int classes, int length, int[] target, int blank) {

        /** The extended labels: blank, l1, blank, l2, ..., blank. */
        int label(int s) {
            return s % 2 == 0 ? blank : target[s / 2];
        }

        int extended() {
            return 2 * target.length + 1;
        }

        double logProb(int t, int c) {
            return lp[(t * batch + n) * classes + c];
        }

        /** Whether the transition from {@code s - 2} to {@code s} (skipping a blank) is allowed. */
        boolean canSkip(int s) {
            return s >= 2 && label(s) != blank && label(s) != label(s - 2);
        }

        /** {@code alpha} as {@code [length, S']}, -inf where unreachable. */
        double[] alpha() {
            int sx = extended();
            double[] a = new double[Math.max(length, 1) * sx];
            java.util.Arrays.fill(a, Double.NEGATIVE_INFINITY);
            if (length == 0) {
                return a;
            }
            a[0] = logProb(0, blank);
            if (sx > 1) {
                a[1] = logProb(0, label(1));
            }
            for (int t = 1; t < length; t++) {
                for (int s = 0; s < sx; s++) {
                    double prev = a[(t - 1) * sx + s];
                    prev = lse(prev, s >= 1 ? a[(t - 1) * sx + s - 1] : Double.NEGATIVE_INFINITY);
                    prev = lse(prev, canSkip(s) ? a[(t - 1) * sx + s - 2] : Double.NEGATIVE_INFINITY);
                    a[t * sx + s] = prev + logProb(t, label(s));
                }
            }
            return a;
        }

        double nll(double[] a) {
            if (length == 0) {
                return target.length == 0 ? 0 : Double.POSITIVE_INFINITY;
            }
            int sx = extended();
            int last = (length - 1) * sx;
            return -lse(a[last + sx - 1], sx > 1 ? a[last + sx - 2] : Double.NEGATIVE_INFINITY);
        }

        /** Adds {@code scale * dnll/dlp} for this sequence into {@code grad} ({@code [T, N, C]} flat). */
        void addGradient(double[] a, double nll, double scale, double[] grad) {
            int sx = extended();
            double[] beta = new double[sx];
            double[] next = new double[sx];
            double[] lcab = new double[classes];
            for (int t = length - 1; t >= 0; t--) {
                for (int s = 0; s < sx; s++) {
                    double b;
                    if (t == length - 1) {
                        b = s >= sx - 2 ? logProb(t, label(s)) : Double.NEGATIVE_INFINITY;
                    } else {
                        b = next[s];
                        b = lse(b, s + 1 < sx ? next[s + 1] : Double.NEGATIVE_INFINITY);
                        b = lse(b, s + 2 < sx && canSkip(s + 2) ? next[s + 2] : Double.NEGATIVE_INFINITY);
                        b += logProb(t, label(s));
                    }
                    beta[s] = b;
                }
                java.util.Arrays.fill(lcab, Double.NEGATIVE_INFINITY);
                for (int s = 0; s < sx; s++) {
                    lcab[label(s)] = lse(lcab[label(s)], a[t * sx + s] + beta[s]);
                }
                for (int c = 0; c < classes; c++) {
                    double l = logProb(t, c);
                    grad[(t * batch + n) * classes + c] += scale * (Math.exp(l) - Math.exp(lcab[c] + nll - l));
                }
                double[] swap = next;
                next = beta;
                beta = swap;
            }
        }
    }

    /** {@code log(exp(a) + exp(b))}, exact when either is -inf. */
    static double lse(double a, double b) {
        if (a == Double.NEGATIVE_INFINITY) {
            return b;
        }
        if (b == Double.NEGATIVE_INFINITY) {
            return a;
        }
        double m = Math.max(a, b);
        return m + Math.log(Math.exp(a - m) + Math.exp(b - m));
    }
}
