package dev.nabla.data.vision;

import dev.nabla.tensor.Generator;
import dev.nabla.tensor.Tensor;

/**
 * A transform of one image tensor {@code [C, H, W]} (torchvision's transforms on tensors). Random
 * transforms draw from the generator they are given, so a seeded dataset repeats its augmentation.
 */
@FunctionalInterface
public interface Transform {

    /** The transformed image. */
    Tensor apply(Tensor image, Generator gen);

    /** This transform, then {@code next} (torchvision's {@code Compose}). */
    default Transform andThen(Transform next) {
        return (image, gen) -> next.apply(apply(image, gen), gen);
    }
}
