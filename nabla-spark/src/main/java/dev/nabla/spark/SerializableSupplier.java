package dev.nabla.spark;

import java.io.Serializable;
import java.util.function.Supplier;

/**
 * A {@link Supplier} that Spark can ship to its executors, e.g. the code that builds and compiles
 * the model, run once on the driver and once in each worker:
 * {@code () -> new Model(net()).compile(new Adam(...), new CrossEntropyLoss(), Accuracy.categorical())}.
 */
@FunctionalInterface
public interface SerializableSupplier<T> extends Supplier<T>, Serializable {
}
