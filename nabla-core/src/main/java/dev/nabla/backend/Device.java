package dev.nabla.backend;

/**
 * Where a tensor's data lives, as PyTorch's {@code torch.device}: a type and, for devices that
 * come in several, an index ({@code cuda:0}); {@code cpu} and {@code ref} (host memory) have none.
 * Each device is served by one {@link Backend}, found with {@link Backends#byDevice}.
 */
public record Device(String type, int index) {

    public Device {
        if (type.isEmpty() || type.contains(":")) {
            throw new IllegalArgumentException("device: invalid type '" + type + "'");
        }
        if (index < -1) {
            throw new IllegalArgumentException("device: invalid index " + index);
        }
    }

    /** A device without an index ({@code cpu}). */
    public static Device of(String type) {
        return new Device(type, -1);
    }

    /** Parses {@code "cpu"}, {@code "cuda"} (index 0) or {@code "cuda:1"}. */
    public static Device parse(String spec) {
        int colon = spec.indexOf(':');
        if (colon < 0) {
            return of(spec);
        }
        try {
            return new Device(spec.substring(0, colon), Integer.parseInt(spec.substring(colon + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("device: invalid device '" + spec + "' (expected type or type:index)");
        }
    }

    /** {@code cpu} or {@code cuda:0}. */
    @Override
    public String toString() {
        return index < 0 ? type : type + ":" + index;
    }
}
