package org.seqlab.train;

import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongFunction;
import java.util.function.ToLongFunction;
import org.seqlab.SeqLabException;
import org.seqlab.autograd.Tensor;
import org.seqlab.model.compile.GraphModel;
import org.seqlab.model.graph.Flow;
import org.seqlab.nn.Module;

/**
 * The training task of any compiled model graph that declares a loss: each step runs the model on the inputs
 * the {@link Batches} give for (step, seed) and minimises the graph's loss. What a "token" is (target tokens,
 * examples) is the caller's count. Evaluation, when given, runs with the model in evaluation mode.
 */
public final class GraphTask implements TrainingTask {

    /** The inputs of step {@code step} of a run seeded {@code seed}: a pure function of the two. */
    @FunctionalInterface
    public interface Batches {
        Map<String, Flow> batch(long step, long seed);
    }

    private final GraphModel model;
    private final Batches batches;
    private final ToLongFunction<Map<String, Flow>> tokens;
    private final LongFunction<Map<String, Double>> evaluation;
    private final Map<String, Tensor> parameters;

    /**
     * @param tokens how many tokens (or examples) a batch holds, for tokens/s
     * @param evaluation held-out numbers after a step (null: none)
     */
    public GraphTask(GraphModel model, Batches batches, ToLongFunction<Map<String, Flow>> tokens,
                     LongFunction<Map<String, Double>> evaluation) {
        this.model = Objects.requireNonNull(model, "model");
        this.batches = Objects.requireNonNull(batches, "batches");
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.evaluation = evaluation;
        // the distinct tensors, each under its first name (a tied weight once)
        Map<String, Tensor> distinct = new LinkedHashMap<>();
        IdentityHashMap<Tensor, Boolean> seen = new IdentityHashMap<>();
        model.namedParameters().forEach((name, t) -> {
            if (seen.put(t, Boolean.TRUE) == null) {
                distinct.put(name, t);
            }
        });
        this.parameters = Map.copyOf(distinct);
    }

    public GraphModel model() {
        return model;
    }

    @Override
    public Module module() {
        return model;
    }

    @Override
    public Map<String, Tensor> parameters() {
        return parameters;
    }

    @Override
    public StepLoss loss(long step, long seed) {
        Map<String, Flow> inputs = batches.batch(step, seed);
        GraphModel.Run run = model.forward(inputs);
        Tensor loss = run.loss();
        if (loss == null) {
            throw new SeqLabException("The model '" + model.graph().name() + "' declares no loss, so it cannot be"
                    + " trained: add a loss block (cross_entropy, crf, …) to its graph.");
        }
        return new StepLoss(loss, tokens.applyAsLong(inputs), Map.of());
    }

    @Override
    public Map<String, Double> evaluate(long step) {
        return evaluation == null ? Map.of() : evaluation.apply(step);
    }
}
