package dev.nabla.nn;

/**
 * Typed, checked access to a layer's configuration as read from a model file ({@code model.json}
 * keys are PyTorch's constructor argument names). Every getter throws
 * {@link IllegalArgumentException} naming the file, the module and the key when the key is
 * missing or has the wrong type.
 */
public interface LayerConfig {
    /** An integer that fits an int. */
    int getInt(String key);

    /** An integer, or null. */
    Integer getIntOrNull(String key);

    /** A number. */
    double getDouble(String key);

    /** true or false. */
    boolean getBoolean(String key);

    /** A string. */
    String getString(String key);

    /** A list of integers. */
    int[] getIntArray(String key);

    /** A list of integers and nulls (PyTorch's {@code None}, e.g. a size taken from the input). */
    Integer[] getIntOrNullArray(String key);

    /** A list of numbers. */
    double[] getDoubleArray(String key);

    /** Whether the config has {@code key} (for keys added after files were first written). */
    boolean has(String key);

    /** Whether {@code key}'s value is null. */
    boolean isNull(String key);

    /**
     * Call before building a layer that will hold a tensor of shape {@code dims}: refuses a
     * config that asks for more weights than the weights file holds, so that a hostile file cannot
     * make the loader allocate unbounded memory.
     */
    void allocate(long... dims);
}
