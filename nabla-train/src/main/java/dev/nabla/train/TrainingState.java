package dev.nabla.train;

import dev.nabla.nn.Module;
import dev.nabla.nn.layers.Dropout;
import dev.nabla.optim.Optimizer;
import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Stateful;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Everything a run of {@code fit} must save to be resumed bit-identically: the module, the
 * optimizer, the learning-rate schedules (LRScheduler or ReduceLROnPlateau), the shuffling
 * generator, each Dropout layer's own generator and the history (the default generator is saved
 * by {@link Checkpoint} itself). All but the module and the history are saved through their
 * {@link Stateful} state.
 */
final class TrainingState {
    private final Module module;
    private final Optimizer optimizer;
    private final List<Stateful<Map<String, Object>>> schedules;
    private final Generator shuffle;
    private final List<Generator> dropout = new ArrayList<>();
    private final History history;

    TrainingState(Module module, Optimizer optimizer, List<Stateful<Map<String, Object>>> schedules, Generator shuffle, History history) {
        this.module = module;
        this.optimizer = optimizer;
        this.schedules = List.copyOf(schedules);
        this.shuffle = shuffle;
        this.history = history;
        for (Module m : module.modules()) {
            if (m instanceof Dropout d && d.generator() != Generator.getDefault()
                    && dropout.stream().noneMatch(g -> g == d.generator())) {
                dropout.add(d.generator());
            }
        }
    }

    /** Writes a checkpoint after {@code epoch} epochs and {@code step} steps. */
    void save(Path file, int epoch, long step) throws IOException {
        Checkpoint.save(file, module, optimizer, schedules, epoch, step, shuffle, dropout, history);
    }

    /** Restores the state saved in {@code file}; returns it for its epoch and step. */
    Checkpoint.State resume(Path file) {
        try {
            Checkpoint.State state = Checkpoint.read(file);
            Checkpoint.restore(file, state, module, optimizer, schedules, shuffle, dropout, history);
            return state;
        } catch (IOException e) {
            throw new UncheckedIOException("fit: cannot resume from " + file + ": " + e.getMessage(), e);
        }
    }
}
