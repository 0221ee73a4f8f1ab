package dev.nabla.cuda;

/**
 * One GPU as the driver describes it.
 *
 * @param index         its ordinal ({@code cuda:<index>})
 * @param name          the product name, e.g. {@code NVIDIA H200}
 * @param major         compute capability, major ({@code 9} for sm_90)
 * @param minor         compute capability, minor
 * @param totalMemory   bytes of device memory
 * @param driverVersion the driver's CUDA version, e.g. {@code 13000} for 13.0
 */
public record CudaDevice(int index, String name, int major, int minor, long totalMemory, int driverVersion) {
    /** The NVRTC architecture, e.g. {@code sm_90}. */
    public String arch() {
        return "sm_" + major + minor;
    }

    /** {@code cuda:0 NVIDIA H200 (sm_90, 140.4 GB, CUDA 13.0)}. */
    @Override
    public String toString() {
        return String.format("cuda:%d %s (%s, %.1f GB, CUDA %d.%d)", index, name, arch(), totalMemory / 1e9,
                driverVersion / 1000, driverVersion % 1000 / 10);
    }
}
