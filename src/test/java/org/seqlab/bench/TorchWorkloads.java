package org.seqlab.bench;

import ai.djl.engine.Engine;
import ai.djl.engine.EngineException;
import ai.djl.pytorch.jni.JniUtils;
import java.util.List;
import java.util.Locale;

/**
 * The PyTorch side of the side-by-side training benchmark ({@link SideBySide}): the same three workloads as
 * {@code org.seqlab.cli.Workloads}, written idiomatically against PyTorch 2.7.1 through DJL (test scope only).
 * Each step is forward + backward ({@code GradientCollector}) + Adam (PyTorch's {@code torch.optim.Adam}
 * arithmetic, one fused native update per parameter) on a fresh random float32 batch.
 *
 * <ul>
 *   <li>W1 {@link TorchCharLstm}: char-LSTM LM, vocabulary 65, embedding 64, LSTM 256 ({@code at::lstm}), batch 32 x 64;</li>
 *   <li>W2 {@link TorchMiniGpt}: nanoGPT's CPU preset, 4 layers, 4 heads, d 128, context 64, batch 12;</li>
 *   <li>W3 {@link TorchSeq2Seq}: GRU encoder / decoder 256 ({@code at::gru}), Luong dot attention, vocabularies
 *       1000 / 1000, batch 32, lengths 20; its tokens are the target tokens.</li>
 * </ul>
 */
public final class TorchWorkloads {

    /** The workloads, in order. */
    public static final List<String> IDS = List.of("W1", "W2", "W3");

    private TorchWorkloads() {
    }

    /** One training workload, built and ready: each {@link #step()} is forward + backward + Adam on a new batch. */
    public interface Run extends AutoCloseable {
        /** W1, W2 or W3. */
        String id();

        /** What it is, in a few words. */
        String description();

        /** The tokens one step trains on. */
        long tokensPerStep();

        /** One training step; returns its loss (computed before the update). */
        double step();

        @Override
        void close();
    }

    /** Builds workload {@code id} (W1, W2 or W3) with weights and batches drawn from {@code seed}. */
    public static Run create(String id, long seed) {
        return create(id, seed, false);
    }

    /**
     * Builds workload {@code id}; with {@code sameBatch} every step trains on one batch drawn once (so the loss of
     * step 2 shows the effect of step 1's update; for tests).
     */
    static Run create(String id, long seed, boolean sameBatch) {
        engine();
        return switch (id.toUpperCase(Locale.ROOT)) {
            case "W1" -> new TorchCharLstm(seed, sameBatch);
            case "W2" -> new TorchMiniGpt(seed, sameBatch);
            case "W3" -> new TorchSeq2Seq(seed, sameBatch);
            default -> throw new IllegalArgumentException("There is no training workload '" + id + "'; there are "
                    + IDS + ".");
        };
    }

    /**
     * Sets PyTorch's intra-op threads ({@code torch.set_num_threads}) and, if PyTorch has not started yet or allows
     * it, its inter-op threads. Before the engine loads, DJL's {@code ai.djl.pytorch.num_threads} and
     * {@code ai.djl.pytorch.num_interop_threads} make it apply both while loading (PtEngine); after that,
     * {@link JniUtils#setNumThreads} still works and inter-op may already be fixed (PyTorch allows setting it once,
     * before any inter-op work).
     */
    public static void setThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1; found " + threads);
        }
        System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
        System.setProperty("ai.djl.pytorch.num_interop_threads", Integer.toString(threads));
        engine();
        JniUtils.setNumThreads(threads);
        if (JniUtils.getNumInteropThreads() != threads) {
            try {
                JniUtils.setNumInteropThreads(threads);
            } catch (EngineException | IllegalStateException e) {
                // already fixed in this process; threads() reports what it is
            }
        }
    }

    /** The threads PyTorch uses now, e.g. {@code intra-op 1, inter-op 1}. */
    public static String threads() {
        engine();
        return "intra-op " + JniUtils.getNumThreads() + ", inter-op " + JniUtils.getNumInteropThreads();
    }

    /** PyTorch through DJL, offline: from the native jar on the test classpath, never downloaded. */
    static Engine engine() {
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        return Engine.getEngine("PyTorch");
    }
}
