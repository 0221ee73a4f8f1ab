package dev.nabla.cuda;

import dev.nabla.backend.DType;

/**
 * A (strided-batched) GEMM in cuBLAS's column-major convention:
 * {@code C[i] = alpha · op(A[i]) · op(B[i]) + beta · C[i]} for {@code i < batch}, where
 * {@code op(X)} is {@code X} or its transpose, {@code op(A)} is {@code m × k}, {@code op(B)} is
 * {@code k × n} and {@code C} is {@code m × n}; {@code a}, {@code b}, {@code c} are device
 * addresses, {@code ld*} leading dimensions and {@code stride*} the element distance between
 * batch members. A row-major product {@code C = A·B} is the column-major {@code Cᵀ = Bᵀ·Aᵀ}.
 */
public record Gemm(DType dtype, boolean transA, boolean transB, int m, int n, int k, double alpha,
        long a, int lda, long strideA, long b, int ldb, long strideB, double beta,
        long c, int ldc, long strideC, int batch) {
}
