package dev.nabla.optim.schedule;

import java.util.Map;

/** Reading the JSON-able state maps of the schedules. */
final class StateMaps {
    private StateMaps() {
    }

    /** The count {@code key} of {@code state}: an integer in {@code [0, 2^31)}. */
    static int count(Map<String, Object> state, String key) {
        if (state.get(key) instanceof Number n && n.doubleValue() == n.longValue() && n.longValue() >= 0
                && n.longValue() <= Integer.MAX_VALUE) {
            return n.intValue();
        }
        throw new IllegalArgumentException("schedule state: \"" + key + "\" must be a count in [0, 2^31), got "
                + state.get(key));
    }
}
