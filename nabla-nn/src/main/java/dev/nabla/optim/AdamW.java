package dev.nabla.optim;

import dev.nabla.tensor.Tensor;
import java.util.List;

/**
 * Adam with decoupled weight decay (Loshchilov and Hutter 2019), as {@code torch.optim.AdamW}:
 * first {@code p = p - lr * weightDecay * p}, then the {@link Adam} step on the raw gradient.
 *
 * Options (defaults): as Adam, but {@code weightDecay} 0.01.
 */
public class AdamW extends Adam {

    /** AdamW with learning rate 1e-3 and weight decay 0.01. */
    public AdamW(Iterable<? extends Tensor> params) {
        this(params, 1e-3);
    }

    /** AdamW with learning rate {@code lr} and weight decay 0.01. */
    public AdamW(Iterable<? extends Tensor> params, double lr) {
        this(single(params), lr);
    }

    /** AdamW over parameter groups. */
    public AdamW(List<ParamGroup> groups, double lr) {
        super(groups, defaults(lr, 0.01));
    }

    @Override
    protected void update(Tensor param, Tensor grad, ParamState state, ParamGroup group) {
        adamStep(param, grad, state, group, true);
    }
}
