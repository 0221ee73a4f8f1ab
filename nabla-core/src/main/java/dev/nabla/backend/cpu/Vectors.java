package dev.nabla.backend.cpu;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vector shapes every CPU kernel uses: the widest the processor has (512 bits with AVX-512,
 * 256 with AVX2, 128 with NEON), or {@code -Dnabla.cpu.vectorBits=N} to force a narrower one
 * (tests run the kernels at 256 bits too, so both code paths stay checked on any machine).
 */
public final class Vectors {
    /** Lanes of float32. */
    public static final VectorSpecies<Float> FLOAT = FloatVector.SPECIES_PREFERRED
            .withShape(shape(FloatVector.SPECIES_PREFERRED.vectorBitSize()));
    /** Lanes of float64, the same width as {@link #FLOAT}. */
    public static final VectorSpecies<Double> DOUBLE = DoubleVector.SPECIES_PREFERRED
            .withShape(FLOAT.vectorShape());

    private Vectors() {
    }

    /** The preferred shape, or the one {@code nabla.cpu.vectorBits} asks for if it is narrower. */
    private static VectorShape shape(int preferredBits) {
        int bits = Integer.getInteger("nabla.cpu.vectorBits", preferredBits);
        if (bits != 128 && bits != 256 && bits != 512) {
            throw new IllegalArgumentException(
                    "nabla.cpu.vectorBits must be 128, 256 or 512, got " + bits);
        }
        return VectorShape.forBitSize(Math.min(bits, preferredBits));
    }

    /** For messages and benchmarks: e.g. {@code "512-bit"}. */
    public static String describe() {
        return FLOAT.vectorBitSize() + "-bit";
    }
}
