package dev.nabla.backend;

/**
 * The primitives every engine implements. Everything else in Nabla (views, activations,
 * losses, autograd) is built from these. Inputs may be any strided view, including broadcast
 * views with zero strides; outputs are new contiguous arrays unless stated otherwise. Callers
 * (the op layer) validate shapes, dims and indices before calling, so implementations may assume
 * valid arguments.
 *
 * <p>Implementations: {@code ref} (float64, plain scalar Java, the executable specification) and
 * {@code cpu} (float32 Vector API kernels, multithreaded for large work).
 *
 * <p>A backend owns its arrays' memory: it allocates ({@link #zeros}), fills, uploads from and
 * downloads to host arrays, and copies ({@link #copy}, {@link #assign}); code above it never
 * builds or reads a {@link Storage}. A new backend implements the memory methods and the core
 * primitives; the fused primitives have default implementations composed from the core ones
 * ({@link FusedDefaults}) that it overrides where one pass over memory pays.
 */
public interface Backend {

    /** Short name used to select the backend, e.g. {@code "cpu"}. */
    String name();

    /** The floating-point type tensors created on this backend get by default. */
    DType floatType();

    // ---- memory: allocation, fill, host transfers (device-to-device copies are copy and assign)

    /** The device this backend's arrays live on, e.g. {@code cpu} or {@code cuda:0}. */
    default Device device() { return Device.of(name()); }

    /** A new zero-filled contiguous array. */
    NDArray zeros(DType dtype, int[] shape);

    /**
     * A new contiguous array of {@code shape} holding {@code values}: a {@code float[]},
     * {@code double[]}, {@code long[]} or {@code boolean[]}, whose type gives the dtype. The backend
     * takes the array over (a host backend keeps it as its storage): the caller must not change it
     * afterwards.
     */
    NDArray upload(Object values, int[] shape);

    /**
     * The elements of {@code x} in row-major order, converted to {@code dtype}, in a new host array:
     * {@code float[]} for FLOAT32, {@code double[]}, {@code long[]} or {@code boolean[]}.
     */
    Object download(NDArray x, DType dtype);

    /**
     * Whether some element of the INT64 array {@code x} equals {@code value} (e.g. a loss's
     * ignore index among the targets): a query ops ask the backend rather than reading the
     * array themselves, so that a captured step checks it again for each new batch.
     */
    default boolean contains(NDArray x, long value) {
        for (long v : (long[]) download(x, DType.INT64)) {
            if (v == value) {
                return true;
            }
        }
        return false;
    }

    /**
     * Throws an {@link IndexOutOfBoundsException} naming {@code op} unless every element of the
     * INT64 array {@code index} lies in {@code [0, bound)}. Ops validate indices through this
     * call rather than reading them on the host themselves, so that a captured step
     * ({@link BackendGraph}) validates each new batch's indices again when it is replayed.
     */
    default void checkIndices(String op, NDArray index, int bound) {
        for (long v : (long[]) download(index, DType.INT64)) {
            if (v < 0 || v >= bound) {
                throw new IndexOutOfBoundsException(op + ": index " + v + " is out of bounds for size " + bound);
            }
        }
    }

    /** In place: every element of {@code dst} set to {@code value} (converted to its dtype). */
    default void fill(NDArray dst, double value) { assign(dst, upload(new double[] {value}, new int[0])); }

    /** A new contiguous array with every element {@code value}. */
    default NDArray full(DType dtype, int[] shape, double value) {
        NDArray out = zeros(dtype, shape);
        if (value != 0) {
            fill(out, value);
        }
        return out;
    }

    // ---- core primitives -----------------------------------------------------------------------

    /** {@code out[i] = op(x[i])}; same shape and dtype as {@code x}. */
    NDArray unary(UnaryOp op, NDArray x);

    /**
     * {@code out[i] = op(a[i], b[i])} with NumPy broadcasting of {@code a} and {@code b}. The
     * result has the broadcast shape and type {@code promote(a, b)}, or BOOL for comparisons.
     */
    NDArray binary(BinaryOp op, NDArray a, NDArray b);

    /** {@code out[i] = cond[i] ? a[i] : b[i]}, all three broadcast; type {@code promote(a, b)}. */
    NDArray where(NDArray cond, NDArray a, NDArray b);

    /**
     * Reduces {@code x} over the (distinct, normalized) {@code dims}; the reduced dims are kept
     * with size 1 when {@code keepDim}, else removed. An empty {@code dims} reduces nothing.
     */
    NDArray reduce(ReduceOp op, NDArray x, int[] dims, boolean keepDim);

    /** Index (INT64) of the first largest ({@code max}) or smallest element along {@code dim}. */
    NDArray argReduce(boolean max, NDArray x, int dim, boolean keepDim);

    /**
     * Softmax {@code exp(x - m) / sum(exp(x - m))} along {@code dim}, with {@code m} the max along
     * {@code dim}; with {@code log}, its logarithm {@code x - m - log(sum(exp(x - m)))}.
     */
    NDArray softmax(NDArray x, int dim, boolean log);

    /**
     * Batched matrix product: {@code a} is {@code [..., m, k]}, {@code b} is {@code [..., k, n]}
     * with identical batch dims (possibly broadcast views); the result is {@code [..., m, n]}.
     */
    NDArray matmul(NDArray a, NDArray b);

    /** A contiguous copy of {@code x} converted to {@code dtype}. */
    NDArray copy(NDArray x, DType dtype);

    /** In place: {@code dst[i] = src[i]}, with {@code src} broadcast to {@code dst}'s shape. */
    void assign(NDArray dst, NDArray src);

    /**
     * In place: {@code dst[i] += src[i]}, with {@code src} broadcast to {@code dst}'s shape and
     * converted to its dtype (gradient accumulation without a new array).
     */
    void addInPlace(NDArray dst, NDArray src);

    /** {@code out = x.select(dim, index[j])} stacked along {@code dim}; index is 1-D INT64. */
    NDArray indexSelect(NDArray x, int dim, NDArray index);

    /** A copy of {@code x} with {@code src.select(dim, j)} added into slice {@code index[j]} of {@code dim}. */
    NDArray indexAdd(NDArray x, int dim, NDArray index, NDArray src);

    /** {@code out[i][j][k] = x[i][index[i][j][k]][k]} for {@code dim = 1} (likewise for other dims). */
    NDArray gather(NDArray x, int dim, NDArray index);

    /** A copy of {@code x} with {@code out[i][index[i][j][k]][k] += src[i][j][k]} for {@code dim = 1}. */
    NDArray scatterAdd(NDArray x, int dim, NDArray index, NDArray src);

    // ---- fused primitives: each replaces several of the above where one pass over memory pays;
    //      the defaults compose them from the core primitives (FusedDefaults)

    /**
     * The backward of {@code y = op(x)}: {@code dx[i] = g[i] * op.derivative(x[i], y[i])}; all
     * three of the same shape, the result contiguous in {@code g}'s dtype.
     */
    default NDArray unaryBackward(UnaryOp op, NDArray x, NDArray y, NDArray g) {
        return FusedDefaults.unaryBackward(this, op, x, y, g);
    }

    /**
     * A fully connected layer {@code y = act(x w^T + b)}: {@code x} is {@code [n, in]}, {@code w}
     * {@code [out, in]}, {@code b} {@code [out]} or null, {@code activation} applied to the result
     * in place, or null for none; the result is {@code [n, out]}.
     */
    default NDArray linear(NDArray x, NDArray w, NDArray b, UnaryOp activation) {
        return FusedDefaults.linear(this, x, w, b, activation);
    }

    /**
     * One LSTM cell step (the fused cell of cuDNN and PyTorch): from the input and hidden gate
     * pre-activations {@code inputGates}, {@code hiddenGates} ({@code [B, 4H]}, blocks
     * {@code i, f, g, o}) and the cell {@code c} ({@code [B, H]}), with {@code z = inputGates + hiddenGates}:
     * <pre>
     * i = sigmoid(z_i);  f = sigmoid(z_f);  g = tanh(z_g);  o = sigmoid(z_o)
     * c' = f * c + i * g;  h' = o * tanh(c')
     * </pre>
     * Returns {@code h'} and {@code c'} stacked ({@code [2, B, H]}) and the activated gates.
     */
    default LstmCellOutput lstmCell(NDArray inputGates, NDArray hiddenGates, NDArray c) {
        return FusedDefaults.lstmCell(this, inputGates, hiddenGates, c);
    }

    /**
     * The backward of {@link #lstmCell}, from the gradients {@code dh}, {@code dc} of {@code h'}
     * and {@code c'}, the cell {@code c}, the new cell {@code cNew} (all {@code [B, H]}) and the
     * activated {@code gates} ({@code [B, 4H]}) of the forward:
     * <pre>
     * dc_total = dh * o * (1 - tanh(c')^2) + dc
     * dz_i = dc_total * g * i (1 - i);  dz_f = dc_total * c * f (1 - f)
     * dz_g = dc_total * i * (1 - g^2);  dz_o = dh * tanh(c') * o (1 - o)
     * dc_prev = dc_total * f
     * </pre>
     * Returns {@code dz} ({@code [B, 4H]}, the gradient of both gate inputs) and {@code dc_prev}.
     */
    default LstmCellGrads lstmCellBackward(NDArray dh, NDArray dc, NDArray c, NDArray cNew, NDArray gates) {
        return FusedDefaults.lstmCellBackward(this, dh, dc, c, cNew, gates);
    }

    /**
     * A whole LSTM recurrence of one layer in one direction (cuDNN's RNN forward): from the
     * projected inputs {@code xProj} ({@code [T, B, 4H]}, {@code x W_ih^T + b_ih}), the weight
     * {@code wHh} ({@code [4H, H]}), its bias {@code bHh} ({@code [4H]}, or null) and the
     * initial states {@code h0}, {@code c0} ({@code [B, H]}), for {@code t = 0 .. T-1}:
     * <pre>
     * h_{t+1}, c_{t+1} = lstmCell(xProj[t], h_t W_hh^T + b_hh, c_t)
     * </pre>
     * Returns all states {@code [2, T+1, B, H]} (h in {@code [0]}, c in {@code [1]}, the
     * initial ones at index 0) and the activated gates of every step.
     */
    default LstmSequenceOutput lstmSequence(NDArray xProj, NDArray wHh, NDArray bHh, NDArray h0, NDArray c0) {
        return FusedDefaults.lstmSequence(this, xProj, wHh, bHh, h0, c0);
    }

    /**
     * The backward of {@link #lstmSequence} for the gradient {@code g} of its states
     * ({@code [2, T+1, B, H]}), given {@code wHh}, whether there is a bias, and the forward's
     * {@code states} and {@code gates}. From {@code dh_T = g[0][T]}, {@code dc_T = g[1][T]},
     * for {@code t = T-1 .. 0}:
     * <pre>
     * dz_t, dc' = lstmCellBackward(dh_{t+1}, dc_{t+1}, c_t, c_{t+1}, gates_t)
     * dh_t = g[0][t] + dz_t W_hh;  dc_t = g[1][t] + dc'
     * </pre>
     * then {@code dxProj = dz}, {@code dW_hh = sum_t dz_t^T h_t} (one {@code [4H, T*B] x [T*B, H]}
     * product), {@code db_hh} the sum of {@code dz} over steps and batch, {@code dh0 = dh_0},
     * {@code dc0 = dc_0}.
     */
    default LstmSequenceGrads lstmSequenceBackward(NDArray g, NDArray wHh, boolean bias, NDArray states,
                                                   NDArray gates) {
        return FusedDefaults.lstmSequenceBackward(this, g, wHh, bias, states, gates);
    }

    /**
     * Layer normalization of each row of {@code x} ({@code [rows, n]}), as
     * {@code torch.nn.functional.layer_norm} over the last dim:
     * {@code y = (x - mean) * rstd * weight + bias} with the row's mean and
     * {@code rstd = 1 / sqrt(var + eps)} (biased variance). {@code weight} and {@code bias} are
     * {@code [n]}, or null for 1 and 0. The result holds y and the statistics the backward takes.
     */
    default LayerNormOutput layerNorm(NDArray x, NDArray weight, NDArray bias, double eps) {
        return FusedDefaults.layerNorm(this, x, weight, bias, eps);
    }

    /**
     * The backward of {@link #layerNorm} for the output gradient {@code g} ({@code [rows, n]}),
     * given the forward's {@code x}, {@code mean}, {@code rstd} and {@code weight} (or null).
     * With {@code xhat = (x - mean) * rstd} and {@code gy = g * weight}, per row:
     * <pre>
     * dx      = rstd * (gy - mean(gy) - xhat * mean(gy * xhat))
     * dweight = sum over rows of g * xhat
     * dbias   = sum over rows of g
     * </pre>
     * Only the gradients asked for ({@code inputGrad}, {@code weightGrad}, {@code biasGrad}) are
     * computed; the others are null.
     */
    default LayerNormGrads layerNormBackward(NDArray g, NDArray x, NDArray mean, NDArray rstd, NDArray weight,
                                             boolean inputGrad, boolean weightGrad, boolean biasGrad) {
        return FusedDefaults.layerNormBackward(this, g, x, mean, rstd, weight, inputGrad, weightGrad, biasGrad);
    }

    /**
     * Scaled dot-product attention, as one pass that keeps no {@code [Lq, Lk]} weights
     * (FlashAttention's idea): with {@code q [..., Lq, d]}, {@code k [..., Lk, d]},
     * {@code v [..., Lk, dv]} (the same leading dims, any strides), per head
     * <pre>
     * s = scale * q k^T   (causal: key j is hidden from query i when j > i)
     * lse_i = log sum_j exp(s_ij);   out = exp(s - lse) v
     * </pre>
     * Returns {@code out [..., Lq, dv]} and {@code lse [..., Lq]}.
     */
    default AttentionOutput attention(NDArray q, NDArray k, NDArray v, boolean causal, double scale) {
        return FusedDefaults.attention(this, q, k, v, causal, scale);
    }

    /**
     * The backward of {@link #attention} for the output gradient {@code g} ({@code [..., Lq, dv]}),
     * from the forward's inputs, {@code out} and {@code lse}, with the weights
     * {@code p = exp(s - lse)} recomputed:
     * <pre>
     * dv = p^T g;   ds = p * (g v^T - rowsum(g * out));   dq = scale ds k;   dk = scale ds^T q
     * </pre>
     */
    default AttentionGrads attentionBackward(NDArray g, NDArray q, NDArray k, NDArray v, NDArray out, NDArray lse,
                                             boolean causal, double scale) {
        return FusedDefaults.attentionBackward(this, g, q, k, v, out, lse, causal, scale);
    }

    /**
     * One Adam or AdamW update, in place on the parameter {@code p} and its moments {@code m}
     * and {@code v} (all of {@code p}'s shape, as is {@code g}); {@code vMax} (AMSGrad's running
     * maximum of {@code v}) is null unless AMSGrad is on. With {@code bc1 = 1 - beta1^t},
     * {@code bc2 = 1 - beta2^t}:
     * <pre>
     * p = p * (1 - lr * weightDecay)          (decoupled)   or   g = g + weightDecay * p
     * m = beta1 * m + (1 - beta1) * g
     * v = beta2 * v + (1 - beta2) * g^2
     * vMax = max(vMax, v)                     (AMSGrad; vMax then stands for v below)
     * p = p - lr / bc1 * m / (sqrt(v / bc2) + eps)
     * </pre>
     */
    default void adamStep(NDArray p, NDArray g, NDArray m, NDArray v, NDArray vMax, AdamStep h) {
        FusedDefaults.adamStep(this, p, g, m, v, vMax, h);
    }

    // ---- scans, sorting and scatter (cumsum, cumprod, sort, topk, median, scatter) ----------

    /**
     * The inclusive scan along {@code dim}: {@code out[.., k, ..] = x[.., 0, ..] + ... + x[.., k, ..]}
     * ({@code cumsum}), or the product with {@code product} ({@code cumprod}); same shape and
     * dtype as {@code x}.
     */
    NDArray cumulative(NDArray x, int dim, boolean product);

    /**
     * The INT64 indices that sort {@code x} along {@code dim}, ascending or {@code descending};
     * stable (equal elements keep their order), NaN larger than every number, -0 equal to 0.
     */
    NDArray argsort(NDArray x, int dim, boolean descending);

    /**
     * A copy of {@code x} with {@code out[i][index[i][j][k]][k] = src[i][j][k]} for {@code dim = 1}
     * ({@code reduce} null), or {@code out[..] = reduce(out[..], src[..])}; {@code index} and
     * {@code src} have the same shape; duplicate indices apply in index order (the last write wins).
     */
    NDArray scatter(NDArray x, int dim, NDArray index, NDArray src, BinaryOp reduce);

    // ---- sliding windows over images (convolution and pooling); x is [N, C, h, w] of g

    /**
     * im2col, as {@code torch.nn.functional.unfold}: {@code out[n][(c*kh + a)*kw + b][i*ow + j]}
     * is the input at row {@code i*sh - ph + a*dh}, column {@code j*sw - pw + b*dw} of plane
     * {@code (n, c)}, or 0 in the padding; the result is {@code [N, C*kh*kw, oh*ow]}.
     */
    NDArray unfold(NDArray x, Window2d g);

    /**
     * col2im, the adjoint of {@link #unfold} ({@code torch.nn.functional.fold}): {@code cols}
     * {@code [N, C*kh*kw, oh*ow]} summed into an {@code [N, C, h, w]} result at the positions
     * {@code unfold} reads from; entries that fall in the padding are dropped.
     */
    NDArray fold(NDArray cols, Window2d g);

    /**
     * Max pooling with minus-infinity padding: each window's largest element and its position,
     * the first in row-major window order on ties and a NaN when the window holds one (PyTorch's
     * rule).
     */
    MaxPoolOutput maxPool2d(NDArray x, Window2d g);

    /**
     * The backward of {@link #maxPool2d}: {@code g} ({@code [N, C, oh, ow]}) added into a zero
     * {@code [N, C, h, w]} result at the positions {@code indices} (INT64, same shape as g) name.
     */
    NDArray maxPool2dBackward(NDArray g, NDArray indices, Window2d geometry);

    // ---- convolution as one primitive (conv2d; its backward), so a backend can fuse the im2col

    /**
     * {@code torch.nn.functional.conv2d} (cross-correlation) of {@code x} {@code [N, C, h, w]} with
     * {@code w} {@code [O, C/groups, kh, kw]} plus {@code b} {@code [O]} (or null): {@code y[n][o][i][j]
     * = b[o] + sum w[o][c][a][b'] * x[n][gi*C/groups + c][i*sh - ph + a*dh][j*sw - pw + b'*dw]}, zero
     * padding, {@code gi = o / (O/groups)}; the result is {@code [N, O, oh, ow]}. x and w have one dtype.
     */
    default NDArray conv2d(NDArray x, NDArray w, NDArray b, Window2d g, int groups) {
        return FusedDefaults.conv2d(this, x, w, b, g, groups);
    }

    /**
     * The gradients of {@link #conv2d} for the output gradient {@code gy} {@code [N, O, oh, ow]}:
     * {@code dx} (a transposed convolution of gy), {@code dw} (gy correlated with x, summed over the
     * batch) and {@code db} (gy summed over batch and positions); each only when asked for.
     */
    default Conv2dGrads conv2dBackward(NDArray gy, NDArray x, NDArray w, Window2d g, int groups,
                                       boolean inputGrad, boolean weightGrad, boolean biasGrad) {
        return FusedDefaults.conv2dBackward(this, gy, x, w, g, groups, inputGrad, weightGrad, biasGrad);
    }
}
