package dev.nabla.backend.cpu;

/**
 * Single-precision general matrix multiply on row-major arrays:
 * {@code C = op(A) * op(B)} (or {@code C += ...} when {@code accumulate}), where {@code op(A)} is
 * {@code m x k} and {@code op(B)} is {@code k x n}.
 */
public final class Sgemm {
    private Sgemm() {
    }

    /**
     * @param transA whether A is stored as {@code k x m} (so {@code op(A) = A^T})
     * @param transB whether B is stored as {@code n x k}
     * @param lda    row stride of A as stored; likewise {@code ldb}, {@code ldc}
     */
    public static void sgemm(boolean transA, boolean transB, int m, int n, int k,
                             float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                             float[] c, int cOff, int ldc, boolean accumulate) {
        // Placeholder: naive triple loop until the packed kernel lands.
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float s = 0;
                for (int p = 0; p < k; p++) {
                    float av = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                    float bv = transB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
                    s += av * bv;
                }
                c[cOff + i * ldc + j] = accumulate ? c[cOff + i * ldc + j] + s : s;
            }
        }
    }
}
