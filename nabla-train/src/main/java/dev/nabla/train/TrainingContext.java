package dev.nabla.train;

/**
 * What callbacks learn when training starts.
 *
 * @param model          the model being trained
 * @param epochs         planned number of epochs
 * @param stepsPerEpoch  batches per epoch (0 when fit was given an iterable of unknown length)
 * @param verbose        the fit's verbosity (0, 1 or 2)
 */
public record TrainingContext(Model model, int epochs, int stepsPerEpoch, int verbose) {
}
