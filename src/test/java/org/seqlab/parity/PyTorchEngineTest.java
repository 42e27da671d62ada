package org.seqlab.parity;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.LibUtils;
import org.junit.jupiter.api.Test;

/** The oracle itself: PyTorch 2.7.1 loads offline, from the jars on the test classpath. */
class PyTorchEngineTest {

    @Test
    void pyTorchLoadsOfflineFromTheNativeCpuJar() {
        Engine engine = Parity.pyTorch();

        assertThat(Boolean.getBoolean("ai.djl.offline")).as("DJL runs offline (no download)").isTrue();
        assertThat(engine.getEngineName()).isEqualTo("PyTorch");
        assertThat(engine.getVersion()).isEqualTo("2.7.1");
        // extracted from pytorch-native-cpu-2.7.1-linux-x86_64.jar into DJL's cache, not downloaded
        assertThat(LibUtils.getLibtorchPath()).endsWith("2.7.1-20250812-cpu-linux-x86_64");
    }

    @Test
    void pyTorchComputesInFloat64() {
        try (NDManager m = Parity.pyTorch().newBaseManager()) {
            NDArray a = m.create(new double[] {1, 2, 3, 4}, new Shape(2, 2));
            NDArray aa = a.matMul(a);
            assertThat(aa.getDataType()).isEqualTo(DataType.FLOAT64);
            assertThat(aa.toDoubleArray()).containsExactly(7, 10, 15, 22);
        }
    }
}
