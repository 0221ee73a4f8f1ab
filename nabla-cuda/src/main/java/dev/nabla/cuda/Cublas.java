package dev.nabla.cuda;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.nabla.backend.DType;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * cuBLAS ({@code libcublas.so.13}, else {@code .12}): handles, their stream and math mode, and
 * the (strided-batched) S/DGEMMs. Scalars are passed from host memory (the default pointer mode).
 * Failures throw {@link CudaException} naming the function and the {@code cublasStatus_t}.
 */
final class Cublas {
    /** {@code CUBLAS_DEFAULT_MATH}, {@code CUBLAS_TF32_TENSOR_OP_MATH}. */
    static final int DEFAULT_MATH = 0, TF32_MATH = 3;

    private final MethodHandle create, setStream, setMathMode, sgemm, dgemm, sgemmBatched, dgemmBatched;

    Cublas() {
        try { // cuBLAS needs cuBLASLt: loaded first, it is found even where only a path finds it (pip wheels)
            NativeLibrary.open("cuBLASLt", "libcublasLt.so.13", "libcublasLt.so.12");
        } catch (CudaException e) {
            // then cuBLAS fails to open and says so
        }
        NativeLibrary lib = NativeLibrary.open("cuBLAS", "libcublas.so.13", "libcublas.so.12");
        create = lib.function("cublasCreate_v2", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        setStream = lib.function("cublasSetStream_v2", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG));
        setMathMode = lib.function("cublasSetMathMode", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_INT));
        // (handle, transa, transb, m, n, k, *alpha, A, lda, B, ldb, *beta, C, ldc)
        FunctionDescriptor gemm = FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT,
                JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT);
        // (..., A, lda, strideA, B, ldb, strideB, *beta, C, ldc, strideC, batchCount)
        FunctionDescriptor batched = FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT,
                JAVA_INT, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_INT, JAVA_LONG, ADDRESS,
                JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_INT);
        sgemm = lib.function("cublasSgemm_v2", gemm);
        dgemm = lib.function("cublasDgemm_v2", gemm);
        sgemmBatched = lib.function("cublasSgemmStridedBatched", batched);
        dgemmBatched = lib.function("cublasDgemmStridedBatched", batched);
    }

    /** A new handle (on the current context's device). */
    long create() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment h = a.allocate(JAVA_LONG);
            check("cublasCreate_v2", (int) create.invokeExact(h));
            return h.get(JAVA_LONG, 0);
        } catch (Throwable t) {
            throw Driver.rethrow("cublasCreate_v2", t);
        }
    }

    /** Queues {@code handle}'s work on {@code stream}. */
    void setStream(long handle, long stream) {
        try {
            check("cublasSetStream_v2", (int) setStream.invokeExact(handle, stream));
        } catch (Throwable t) {
            throw Driver.rethrow("cublasSetStream_v2", t);
        }
    }

    /** {@link #TF32_MATH} lets float32 GEMMs use TF32 tensor cores; {@link #DEFAULT_MATH} does not. */
    void setMathMode(long handle, int mode) {
        try {
            check("cublasSetMathMode", (int) setMathMode.invokeExact(handle, mode));
        } catch (Throwable t) {
            throw Driver.rethrow("cublasSetMathMode", t);
        }
    }

    /**
     * Queues {@code g} on {@code handle}; {@code scalars} is 16 bytes of host memory for alpha and
     * beta (read by cuBLAS before this returns).
     */
    void gemm(long handle, Gemm g, MemorySegment scalars) {
        boolean f32 = g.dtype() == DType.FLOAT32;
        if (!f32 && g.dtype() != DType.FLOAT64) {
            throw new IllegalArgumentException("gemm: float32 or float64, got " + g.dtype());
        }
        MemorySegment alpha = scalars.asSlice(0, 8);
        MemorySegment beta = scalars.asSlice(8, 8);
        if (f32) {
            alpha.set(JAVA_FLOAT, 0, (float) g.alpha());
            beta.set(JAVA_FLOAT, 0, (float) g.beta());
        } else {
            alpha.set(JAVA_DOUBLE, 0, g.alpha());
            beta.set(JAVA_DOUBLE, 0, g.beta());
        }
        int ta = g.transA() ? 1 : 0; // CUBLAS_OP_T : CUBLAS_OP_N
        int tb = g.transB() ? 1 : 0;
        String name = (f32 ? "cublasS" : "cublasD") + (g.batch() == 1 ? "gemm_v2" : "gemmStridedBatched");
        try {
            int rc;
            if (g.batch() == 1) {
                rc = (int) (f32 ? sgemm : dgemm).invokeExact(handle, ta, tb, g.m(), g.n(), g.k(), alpha, g.a(),
                        g.lda(), g.b(), g.ldb(), beta, g.c(), g.ldc());
            } else {
                rc = (int) (f32 ? sgemmBatched : dgemmBatched).invokeExact(handle, ta, tb, g.m(), g.n(), g.k(), alpha,
                        g.a(), g.lda(), g.strideA(), g.b(), g.ldb(), g.strideB(), beta, g.c(), g.ldc(), g.strideC(),
                        g.batch());
            }
            check(name, rc);
        } catch (Throwable t) {
            throw Driver.rethrow(name, t);
        }
    }

    private static void check(String function, int status) {
        if (status != 0) {
            throw new CudaException(function + ": " + statusName(status));
        }
    }

    /** The {@code cublasStatus_t} name of {@code status}. */
    static String statusName(int status) {
        return switch (status) {
            case 0 -> "CUBLAS_STATUS_SUCCESS";
            case 1 -> "CUBLAS_STATUS_NOT_INITIALIZED";
            case 3 -> "CUBLAS_STATUS_ALLOC_FAILED";
            case 7 -> "CUBLAS_STATUS_INVALID_VALUE";
            case 8 -> "CUBLAS_STATUS_ARCH_MISMATCH";
            case 11 -> "CUBLAS_STATUS_MAPPING_ERROR";
            case 13 -> "CUBLAS_STATUS_EXECUTION_FAILED";
            case 14 -> "CUBLAS_STATUS_INTERNAL_ERROR";
            case 15 -> "CUBLAS_STATUS_NOT_SUPPORTED";
            case 16 -> "CUBLAS_STATUS_LICENSE_ERROR";
            default -> "cublasStatus_t " + status;
        };
    }
}
