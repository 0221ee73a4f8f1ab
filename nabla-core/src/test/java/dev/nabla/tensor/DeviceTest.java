package dev.nabla.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.nabla.backend.Backend;
import dev.nabla.backend.Backends;
import dev.nabla.backend.DType;
import dev.nabla.backend.Device;
import dev.nabla.testing.backend.TestDevice;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Tensors on another device ({@code test:0}, whose memory the host cannot read): moves, factories, errors. */
class DeviceTest {
    private static final Backend DEV = TestDevice.get();

    @Test
    void devicesAreNamedLikePyTorch() {
        assertEquals("cpu", Backends.CPU.device().toString());
        assertEquals(new Device("cuda", 1), Device.parse("cuda:1"));
        assertEquals("test:0", Tensor.zeros(2).to("test:0").device().toString());
        assertSame(DEV, Backends.byName("test"), "a type without index means index 0");
        assertThrows(IllegalArgumentException.class, () -> Device.parse("cuda:x"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Backends.byName("tpu:3"));
        assertEquals("unknown backend 'tpu:3' (expected one of [cpu, ref, test:0])", e.getMessage());
    }

    @Test
    void toAndBackKeepsValuesAndTypes() {
        Tensor x = Tensor.of(new float[] {1.5f, -2, 3}, 3);
        Tensor d = x.to(new Device("test", 0));
        assertSame(DEV, d.backend());
        assertEquals(DType.FLOAT64, d.dtype(), "floats take the device's float type");
        assertArrayEquals(new double[] {1.5, -2, 3}, d.toDoubleArray());
        assertEquals(-2, d.narrow(0, 1, 1).item());
        Tensor idx = Tensor.of(new long[] {2, 0}).to(DEV);
        assertEquals(DType.INT64, idx.dtype());
        assertArrayEquals(new float[] {3, 1.5f}, d.indexSelect(0, idx).to(Backends.CPU).toFloatArray());
        assertSame(d, d.to("test:0"));
    }

    @Test
    void opsAndGradientsRunOnTheDevice() {
        Tensor w = Tensor.of(new double[] {1, 2, 3, 4}, 2, 2).to(DEV).requiresGrad(true);
        Tensor x = Tensor.of(new double[] {0.5, -1}, 1, 2).to(DEV);
        Tensor loss = x.matmul(w).tanh().sum();
        loss.backward();
        assertSame(DEV, w.grad().backend(), "the gradient lives where its tensor lives");
        double[] g = w.grad().toDoubleArray();
        double t0 = 1 - Math.pow(Math.tanh(0.5 - 3), 2);
        double t1 = 1 - Math.pow(Math.tanh(1 - 4), 2);
        assertArrayEquals(new double[] {0.5 * t0, 0.5 * t1, -t0, -t1}, g, 1e-12);
    }

    @Test
    void movingIsDifferentiable() {
        Tensor x = Tensor.of(new float[] {1, 2}).requiresGrad(true);
        x.to(DEV).mul(x.to(DEV)).sum().backward();
        assertSame(Backends.getDefault(), x.grad().backend());
        assertArrayEquals(new float[] {2, 4}, x.grad().toFloatArray());
    }

    @Test
    void factoriesMakeTensorsOnTheSameDeviceAndType() {
        Tensor d = Tensor.of(new float[] {1, 2}).to(DEV);
        for (Tensor t : List.of(d.newZeros(2, 3), d.newOnes(3), d.newFull(7, 1), Tensor.zerosLike(d), Tensor.onesLike(d),
                d.newTensor(new float[] {1, 2}), d.newTensor(new long[] {4, 5, 6}, 3, 1))) {
            assertSame(DEV, t.backend());
            assertEquals(d.dtype(), t.dtype());
        }
        assertArrayEquals(new double[] {7}, d.newFull(7, 1).toDoubleArray());
        assertArrayEquals(new int[] {3, 1}, d.newTensor(new long[] {4, 5, 6}, 3, 1).shape());
        assertArrayEquals(new double[] {4, 5, 6}, d.newTensor(new long[] {4, 5, 6}).toDoubleArray());
        assertThrows(IllegalArgumentException.class, () -> d.newTensor(new float[] {1, 2}, 3));
    }

    @Test
    void inPlaceUpdatesOnTheDevice() {
        Tensor d = Tensor.zeros(2, 2).to(DEV);
        d.fill(3);
        d.narrow(0, 0, 1).assign(Tensor.of(new double[] {1, 2}).to(DEV));
        assertArrayEquals(new double[] {1, 2, 3, 3}, d.toDoubleArray());
        assertEquals(2, d.version());
    }

    @Test
    void mixingDevicesNamesBoth() {
        Tensor a = Tensor.ones(2).to(DEV);
        Tensor b = Tensor.ones(2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.add(b));
        assertEquals("add: tensors on test:0 and cpu; move one with to(device)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> b.matmul(a));
        assertThrows(IllegalArgumentException.class, () -> a.assign(b));
        assertThrows(IllegalArgumentException.class, () -> b.indexSelect(0, Tensor.of(new long[] {0}).to(DEV)));
    }
}
