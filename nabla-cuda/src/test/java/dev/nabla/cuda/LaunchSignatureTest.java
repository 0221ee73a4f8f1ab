package dev.nabla.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nabla.backend.Backends;
import dev.nabla.backend.BinaryOp;
import dev.nabla.backend.DType;
import dev.nabla.backend.NDArray;
import dev.nabla.backend.ReduceOp;
import dev.nabla.backend.UnaryOp;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Without a GPU: every launch {@link CudaBackend} makes for the {@link Workload} names a kernel
 * that exists, with arguments of exactly the kernel's parameter types; every kernel is launched
 * by some case; and the op codes the kernels switch on are the Java enums' ordinals.
 */
class LaunchSignatureTest {

    static List<Workload.Case> cases() {
        return Workload.cases();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void launchesMatchKernelSignatures(Workload.Case c) {
        FakeRuntime rt = new FakeRuntime();
        c.run().apply(new CudaBackend(rt));
        assertTrue(!rt.launched().isEmpty() || rt.gemms() > 0 || c.name().contains("fallback"),
                c + " launched nothing on the device");
    }

    /** The cases are valid calls: they run on {@code ref} (the GPU parity test's expectation). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void casesRunOnTheReference(Workload.Case c) {
        for (NDArray a : c.run().apply(Backends.REF)) {
            assertTrue(a.numel() > 0, c + " gives an empty result");
        }
    }

    @Test
    void everyKernelIsLaunched() {
        FakeRuntime rt = new FakeRuntime();
        CudaBackend cuda = new CudaBackend(rt);
        Workload.cases().forEach(c -> c.run().apply(cuda));
        Set<String> all = new TreeSet<>();
        for (String file : KernelSource.files()) {
            KernelSource.kernels(file).keySet().forEach(k -> all.add(file + " " + k));
        }
        all.removeAll(rt.launched());
        assertEquals(Set.of(), all, "kernels no Backend call launches");
        assertTrue(rt.gemms() > 0, "no GEMM queued");
    }

    @Test
    void opCodesAreTheEnumOrdinals() {
        String ops = KernelSource.inlined("ops.cuh");
        assertEquals(names(UnaryOp.values()), enumConstants(ops, "UnaryOp"));
        assertEquals(names(BinaryOp.values()), enumConstants(ops, "BinaryOp"));
        String reduce = KernelSource.inlined("reduce.cu");
        for (ReduceOp op : ReduceOp.values()) {
            assertTrue(reduce.contains("#define " + op + " " + op.ordinal()), "reduce.cu: " + op + " is not " + op.ordinal());
        }
        String common = KernelSource.inlined("common.cuh");
        String[] codes = {"T_F32", "T_F64", "T_I64", "T_BOOL"};
        for (DType t : DType.values()) {
            assertTrue(common.contains("#define " + codes[t.ordinal()] + " " + t.ordinal()), "common.cuh: code of " + t);
        }
        assertTrue(common.contains("#define MAX_DIMS " + Gpu.MAX_DIMS) && common.contains("#define MAX_OPS " + Gpu.MAX_OPS)
                && common.contains("#define BLOCK " + Grid.BLOCK), "common.cuh: layout or block sizes differ from Java");
    }

    private static List<String> names(Enum<?>[] values) {
        return Arrays.stream(values).map(Enum::name).toList();
    }

    private static List<String> enumConstants(String source, String name) {
        Matcher m = Pattern.compile("enum\\s+" + name + "\\s*\\{([^}]*)}").matcher(source);
        assertTrue(m.find(), "no enum " + name);
        return Arrays.stream(m.group(1).split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
