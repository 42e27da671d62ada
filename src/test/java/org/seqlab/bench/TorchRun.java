package org.seqlab.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * What the three PyTorch workloads share: parameters in one manager, a step's intermediates in a sub-manager closed
 * after the step, the backward pass by DJL's {@link GradientCollector} and an Adam update with
 * {@code torch.optim.Adam}'s defaults (lr 1e-3, betas 0.9 / 0.999, eps 1e-8, no weight decay), as SeqLab's side uses.
 *
 * <p>The update is DJL's fused native {@code adamUpdate} ({@code JniUtils.adamUpdate}, one call per parameter:
 * {@code m = b1 m + (1-b1) g; v = b2 v + (1-b2) g²; w -= lr' m / (sqrt(v) + eps')}). With
 * {@code lr' = lr sqrt(1-b2^t) / (1-b1^t)} and {@code eps' = eps sqrt(1-b2^t)} that is exactly PyTorch's
 * {@code w -= lr / (1-b1^t) * m / (sqrt(v) / sqrt(1-b2^t) + eps)}.
 */
abstract class TorchRun implements TorchWorkloads.Run {
    private static final float LR = 1e-3f;
    private static final float BETA1 = 0.9f;
    private static final float BETA2 = 0.999f;
    private static final float EPS = 1e-8f;

    protected final PtNDManager manager;
    private final String id;
    private final String description;
    private final long tokens;
    private final boolean sameBatch;
    private final List<PtNDArray> params = new ArrayList<>();
    private final List<PtNDArray> means = new ArrayList<>();
    private final List<PtNDArray> variances = new ArrayList<>();
    /** Everything the base manager should hold between steps; anything else there is swept after a step. */
    private final Set<NDArray> kept = Collections.newSetFromMap(new IdentityHashMap<>());
    private NDList fixedBatch;
    private long t;

    TorchRun(String id, String description, long tokens, long seed, boolean sameBatch) {
        this.id = id;
        this.description = description;
        this.tokens = tokens;
        this.sameBatch = sameBatch;
        TorchWorkloads.engine().setRandomSeed((int) seed);      // torch.manual_seed: weights and batches
        this.manager = (PtNDManager) TorchWorkloads.engine().newBaseManager();
    }

    /** A random batch in {@code m}: token ids and targets. */
    abstract NDList batch(NDManager m);

    /** The mean cross-entropy of {@code batch}, built from the parameters. */
    abstract NDArray loss(NDList batch);

    @Override
    public final double step() {
        double value;
        try (NDManager stepManager = manager.newSubManager()) {
            NDList batch;
            if (sameBatch) {
                if (fixedBatch == null) {
                    fixedBatch = batch(manager);
                    fixedBatch.forEach(kept::add);
                }
                batch = fixedBatch;
            } else {
                batch = batch(stepManager);
            }
            try (GradientCollector collector = TorchWorkloads.engine().newGradientCollector()) {
                NDArray loss = loss(batch);
                collector.backward(loss);
                value = loss.getFloat();
            }
            adam();
        }
        sweep();
        return value;
    }

    private void adam() {
        t++;
        double bc1 = 1 - Math.pow(BETA1, t);
        double bc2 = Math.sqrt(1 - Math.pow(BETA2, t));
        float lr = (float) (LR * bc2 / bc1);
        float eps = (float) (EPS * bc2);
        for (int i = 0; i < params.size(); i++) {
            PtNDArray w = params.get(i);
            try (PtNDArray g = JniUtils.getGradient(w)) {
                JniUtils.adamUpdate(w, g, means.get(i), variances.get(i), LR, lr, 0f, 1f, -1f, BETA1, BETA2, eps,
                        false);
            }
            JniUtils.zeroGrad(w);
        }
    }

    /** Closes what a step left in the base manager (an op called on a parameter puts its result there). */
    private void sweep() {
        for (NDArray a : manager.getManagedArrays()) {
            if (!kept.contains(a)) {
                a.close();
            }
        }
    }

    /** A trained parameter with its Adam moments. */
    protected final PtNDArray param(NDArray init) {
        PtNDArray p = (PtNDArray) init.toType(DataType.FLOAT32, false);
        if (p != init) {
            init.close();
        }
        p.setRequiresGradient(true);
        params.add(p);
        PtNDArray m = (PtNDArray) manager.zeros(p.getShape(), DataType.FLOAT32);
        PtNDArray v = (PtNDArray) manager.zeros(p.getShape(), DataType.FLOAT32);
        means.add(m);
        variances.add(v);
        kept.add(p);
        kept.add(m);
        kept.add(v);
        return p;
    }

    /** A constant kept between steps (a mask, a bias-less LayerNorm's zero bias). */
    protected final PtNDArray constant(NDArray a) {
        kept.add(a);
        return (PtNDArray) a;
    }

    /** {@code nn.Linear}'s default initialisation: U(-1/sqrt(fan_in), 1/sqrt(fan_in)). */
    protected final PtNDArray uniform(long fanIn, long... shape) {
        float b = (float) (1 / Math.sqrt(fanIn));
        return param(manager.randomUniform(-b, b, new Shape(shape), DataType.FLOAT32));
    }

    protected final PtNDArray normal(double std, long... shape) {
        return param(manager.randomNormal(0f, (float) std, new Shape(shape), DataType.FLOAT32));
    }

    protected final PtNDArray zeros(long... shape) {
        return param(manager.zeros(new Shape(shape), DataType.FLOAT32));
    }

    protected final PtNDArray ones(long... shape) {
        return param(manager.ones(new Shape(shape), DataType.FLOAT32));
    }

    /** Token ids in [4, vocab), as SeqLab's side draws them (no padding, no special tokens). */
    static NDArray ids(NDManager m, long vocab, long... shape) {
        return JniUtils.randint((PtNDManager) m, 4, vocab, new Shape(shape), DataType.INT64, m.getDevice());
    }

    /** {@code F.cross_entropy(logits.view(-1, V), targets.view(-1))}: log-softmax, gather, mean. */
    static NDArray crossEntropy(NDArray logits, NDArray targets) {
        long v = logits.getShape().tail();
        NDArray logp = logits.reshape(-1, v).logSoftmax(-1);
        NDArray picked = JniUtils.gather((PtNDArray) logp, (PtNDArray) targets.reshape(-1, 1), 1);
        return picked.mean().neg();
    }

    static PtNDArray linear(NDArray x, PtNDArray weight, PtNDArray bias) {
        return JniUtils.linear((PtNDArray) x, weight, bias);
    }

    static PtNDArray embedding(NDArray ids, PtNDArray weight) {
        return JniUtils.embedding((PtNDArray) ids, weight, false);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public long tokensPerStep() {
        return tokens;
    }

    @Override
    public void close() {
        manager.close();
    }
}
