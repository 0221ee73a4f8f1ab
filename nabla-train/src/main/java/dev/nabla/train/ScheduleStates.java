package dev.nabla.train;

import dev.nabla.io.FormatException;
import dev.nabla.optim.schedule.LRScheduler;
import dev.nabla.optim.schedule.ReduceLROnPlateau;
import dev.nabla.tensor.Stateful;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The learning-rate schedules' part of a {@link Checkpoint}: the JSON list {@code schedules},
 * one entry per schedule stepped by a {@code LearningRateScheduler} callback, in callback order:
 * {@code {"type": "StepLR", "last_step": 4}} for an {@link LRScheduler} (closed-form, so its step
 * count is its whole state) and {@code {"type": "ReduceLROnPlateau", "best": 0.31, "bad_steps": 2,
 * "cooldown_left": 0}} for a plateau schedule ({@code best} is {@code "inf"} or {@code "-inf"}
 * before the first step). The learning rates themselves are in the optimizer's state.
 */
final class ScheduleStates {
    private ScheduleStates() {
    }

    /** The JSON entries of {@code schedules}: each one's type and {@link Stateful#stateDict()}. */
    static List<Object> describe(List<Stateful<Map<String, Object>>> schedules) {
        List<Object> out = new ArrayList<>();
        for (Stateful<Map<String, Object>> s : schedules) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("type", s.getClass().getSimpleName());
            m.putAll(s.stateDict());
            out.add(m);
        }
        return out;
    }

    /**
     * The {@code schedules} entries of a checkpoint's JSON (or, for checkpoints written before
     * that list existed, the single {@code schedule_last_step}).
     *
     * @throws ClassCastException or NullPointerException for a malformed entry (reported by the caller)
     */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> read(Map<String, Object> json) {
        List<Map<String, Object>> out = new ArrayList<>();
        if (!json.containsKey("schedules")) {
            Object last = json.get("schedule_last_step");
            if (last != null) {
                out.add(Map.of("type", "LRScheduler", "last_step", (Long) last));
            }
            return out;
        }
        for (Object o : (List<Object>) json.get("schedules")) {
            Map<String, Object> m = (Map<String, Object>) o;
            if (m.containsKey("last_step")) {
                nonNegativeInt(m.get("last_step"));
            } else {
                best(m.get("best"));
                nonNegativeInt(m.get("bad_steps"));
                nonNegativeInt(m.get("cooldown_left"));
            }
            out.add(m);
        }
        return out;
    }

    /** Refuses a checkpoint whose schedules do not correspond one to one to this fit's. */
    static void check(Path file, List<Map<String, Object>> saved, List<Stateful<Map<String, Object>>> schedules)
            throws FormatException {
        boolean same = saved.size() == schedules.size();
        for (int i = 0; same && i < saved.size(); i++) {
            same = schedules.get(i) instanceof LRScheduler == saved.get(i).containsKey("last_step");
        }
        if (!same) {
            throw new FormatException(file + ": the checkpoint's learning-rate schedules " + types(saved)
                    + " do not match this fit's " + schedules.stream().map(s -> s.getClass().getSimpleName()).toList());
        }
    }

    /** Restores checked entries into {@code schedules}. */
    static void restore(List<Map<String, Object>> saved, List<Stateful<Map<String, Object>>> schedules) {
        for (int i = 0; i < saved.size(); i++) {
            schedules.get(i).loadStateDict(saved.get(i));
        }
    }

    private static List<Object> types(List<Map<String, Object>> saved) {
        return saved.stream().map(m -> m.get("type")).toList();
    }

    private static int nonNegativeInt(Object o) {
        long v = (Long) o;
        if (v < 0 || v > Integer.MAX_VALUE) {
            throw new ClassCastException("a count must be in [0, 2^31), got " + v);
        }
        return (int) v;
    }

    private static double best(Object o) {
        if ("inf".equals(o)) {
            return Double.POSITIVE_INFINITY;
        }
        if ("-inf".equals(o)) {
            return Double.NEGATIVE_INFINITY;
        }
        return ((Number) o).doubleValue();
    }
}
