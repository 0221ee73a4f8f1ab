package dev.nabla.optim;

import dev.nabla.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * A snapshot of an optimizer, as PyTorch's {@code optimizer.state_dict()}: each group's options
 * and, for each parameter that has state (by its index counting through all groups in order),
 * its step count and buffers. Tensors are copies.
 *
 * @param groups  each group's effective options, in order, and its number of parameters
 * @param steps   step count by parameter index
 * @param buffers buffers by parameter index, then name
 */
public record OptimizerState(List<Group> groups, Map<Integer, Long> steps, Map<Integer, Map<String, Tensor>> buffers) {

    /**
     * One group's options and size.
     *
     * @param options   effective options
     * @param numParams how many parameters the group holds
     */
    public record Group(Map<String, Double> options, int numParams) {
    }
}
