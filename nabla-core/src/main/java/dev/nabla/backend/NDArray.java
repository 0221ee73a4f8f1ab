package dev.nabla.backend;

import java.util.Arrays;

/**
 * A strided view of a {@link Storage}: element {@code (i0, i1, ...)} lives at
 * {@code offset + i0*strides[0] + i1*strides[1] + ...}. Views (transpose, expand, slices) share
 * the storage and differ only in shape, strides and offset. Backends consume and produce these;
 * they know nothing of autograd. Shape and stride arrays are never mutated after construction.
 */
public final class NDArray {
    private final Storage storage;
    private final int[] shape;
    private final int[] strides;
    private final int offset;
    private final int numel;

    public NDArray(Storage storage, int[] shape, int[] strides, int offset) {
        this.storage = storage;
        this.shape = shape;
        this.strides = strides;
        this.offset = offset;
        this.numel = Shape.numel(shape);
    }

    /** A contiguous array over {@code storage}. */
    public NDArray(Storage storage, int[] shape) {
        this(storage, shape, Shape.contiguousStrides(shape), 0);
    }

    /** A new zero-filled contiguous array in host memory (for host backends; others use {@link Backend#zeros}). */
    public static NDArray zeros(DType dtype, int[] shape) {
        return new NDArray(Storage.allocate(dtype, Shape.numel(shape)), shape.clone());
    }

    public Storage storage() { return storage; }

    /** The version counter of the storage (see {@link Storage#version()}), shared by all views. */
    public int version() { return storage.version(); }

    /** Records an in-place update of the storage, for all views of it. */
    public void bumpVersion() { storage.bumpVersion(); }

    /** Whether this array and {@code other} are views of the same storage. */
    public boolean sharesStorage(NDArray other) { return storage == other.storage; }

    /** Whether this array is its storage's whole content, in order (a fresh contiguous array). */
    public boolean isWholeStorage() { return offset == 0 && isContiguous() && numel == storage.size(); }

    public DType dtype() { return storage.dtype(); }

    /** The sizes; callers must not modify the returned array. */
    public int[] shapeRef() { return shape; }

    /** The strides; callers must not modify the returned array. */
    public int[] stridesRef() { return strides; }

    public int offset() { return offset; }

    public int rank() { return shape.length; }

    public int numel() { return numel; }

    /** Whether elements are laid out row-major without gaps (size-1 dims may have any stride). */
    public boolean isContiguous() {
        int expected = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            if (shape[i] != 1) {
                if (strides[i] != expected) {
                    return false;
                }
                expected *= shape[i];
            }
        }
        return true;
    }

    /** Storage index of the element at multi-index {@code idx}. */
    public int index(int... idx) {
        int p = offset;
        for (int i = 0; i < idx.length; i++) {
            p += idx[i] * strides[i];
        }
        return p;
    }

    /**
     * Storage index of the {@code flat}-th element in row-major order; the simple (and slow) way
     * to walk any view, used by the reference backend.
     */
    public int indexOfFlat(int flat) {
        int p = offset;
        for (int i = shape.length - 1; i >= 0; i--) {
            int s = shape[i];
            p += (flat % s) * strides[i];
            flat /= s;
        }
        return p;
    }

    /**
     * This array broadcast to {@code target} (a view with zero strides on the broadcast dims);
     * the caller guarantees that the shapes broadcast.
     */
    public NDArray broadcastTo(int[] target) {
        if (Arrays.equals(shape, target)) {
            return this;
        }
        int[] st = new int[target.length];
        int lead = target.length - shape.length;
        for (int i = 0; i < shape.length; i++) {
            st[lead + i] = shape[i] == 1 && target[lead + i] != 1 ? 0 : strides[i];
        }
        return new NDArray(storage, target.clone(), st, offset);
    }

    /** The multi-index of the {@code flat}-th element of {@code shape} in row-major order. */
    public static int[] unravel(int flat, int[] shape) {
        int[] idx = new int[shape.length];
        for (int i = shape.length - 1; i >= 0; i--) {
            idx[i] = flat % shape[i];
            flat /= shape[i];
        }
        return idx;
    }

    /** The same elements with new shape and strides (a view). */
    public NDArray view(int[] newShape, int[] newStrides, int newOffset) {
        return new NDArray(storage, newShape, newStrides, newOffset);
    }

    @Override
    public String toString() {
        return "NDArray(" + dtype().shortName() + ", shape=" + Arrays.toString(shape) + ", strides="
                + Arrays.toString(strides) + ", offset=" + offset + ")";
    }
}
