package org.seqlab.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.seqlab.SeqLabException;
import org.seqlab.autograd.Backend;
import org.seqlab.autograd.DType;
import org.seqlab.autograd.StepArena;
import org.seqlab.autograd.Tensor;
import org.seqlab.model.blocks.BlockKinds;
import org.seqlab.model.compile.GraphModel;
import org.seqlab.model.graph.Flow;
import org.seqlab.model.graph.ModelGraph;
import org.seqlab.model.templates.Gpt;
import org.seqlab.model.templates.LanguageModel;
import org.seqlab.model.templates.Seq2SeqAttention;
import org.seqlab.nn.gpt.GptConfig;
import org.seqlab.train.GraphTask;
import org.seqlab.train.TrainConfig;
import org.seqlab.train.Trainer;
import org.seqlab.train.TrainingEvent;
import org.seqlab.train.optim.Adam;
import org.seqlab.train.optim.Clipping;
import org.seqlab.train.optim.Schedule;

/**
 * The training workloads of {@code seqlab bench} (and of the side-by-side benchmark against PyTorch): each is a
 * model built from a template, trained by the product's own {@link Trainer} step (forward + backward + Adam, no
 * clipping, float32) on a fresh random batch per step.
 *
 * <ul>
 *   <li>W1 char-LSTM LM: vocabulary 65, embedding 64, 1-layer LSTM hidden 256, batch 32, sequence 64;</li>
 *   <li>W2 mini-GPT, nanoGPT's CPU preset: vocabulary 65, 4 layers, 4 heads, d 128, context 64, batch 12;</li>
 *   <li>W3 seq2seq: GRU encoder and decoder hidden 256 (embedding 256), Luong dot attention, vocabularies
 *       1000 / 1000, batch 32, source and target length 20; its tokens are the target tokens.</li>
 * </ul>
 */
public final class Workloads {

    /** The training workloads, in order. */
    public static final List<String> IDS = List.of("W1", "W2", "W3");

    private Workloads() {
    }

    /** One training workload, built and ready: each {@link #step()} is forward + backward + Adam on a new batch. */
    public interface Run extends AutoCloseable {
        /** W1, W2 or W3. */
        String id();

        /** What it is, in a few words. */
        String description();

        /** The tokens one step trains on. */
        long tokensPerStep();

        /** Floating-point operations of one step's matrix products (forward and backward), counted analytically. */
        double flopsPerStep();

        /** One training step; returns its loss. */
        double step();

        @Override
        void close();
    }

    /** Builds workload {@code id} (W1, W2 or W3) with weights and batches drawn from {@code seed}. */
    public static Run create(String id, long seed) {
        return switch (id.toUpperCase(Locale.ROOT)) {
            case "W1" -> w1(seed);
            case "W2" -> w2(seed);
            case "W3" -> w3(seed);
            default -> throw new SeqLabException("There is no training workload '" + id + "'; there are " + IDS + ".");
        };
    }

    /** Sets the threads of ND4J's ops, OpenMP and OpenBLAS. */
    public static void setThreads(int threads) {
        Backend.setThreads(threads);
    }

    private static Run w1(long seed) {
        int vocab = 65;
        int embed = 64;
        int hidden = 256;
        int batch = 32;
        int len = 64;
        ModelGraph g = LanguageModel.graph("w1-char-lstm", "W1: character LSTM language model",
                new LanguageModel.Config("lstm", vocab, embed, hidden, 1, 0.0));
        double perToken = 2.0 * 4 * hidden * (embed + hidden) + 2.0 * hidden * vocab;
        return new TemplateRun("W1", "char-LSTM LM, LSTM 256, batch 32 x 64", g, seed, (long) batch * len,
                3 * perToken * batch * len,
                (r, step) -> inputs("tokens", ids(r, batch, len, vocab), "targets", ids(r, batch, len, vocab)));
    }

    private static Run w2(long seed) {
        GptConfig c = new GptConfig(64, 65, 4, 4, 128, 0.0, false);
        int batch = 12;
        int t = c.blockSize();
        int d = c.nEmbd();
        // per token: the blocks' products (qkv 3d², projection d², MLP 8d²) and the head, plus attention's two
        // products over the context (QKᵀ and AV, 2·d·T each, half of them masked but computed)
        double perToken = c.nLayer() * (2.0 * 12 * d * d + 2.0 * 2 * d * t) + 2.0 * d * c.vocabSize();
        ModelGraph g = new Gpt("w2-mini-gpt", "W2: nanoGPT's CPU preset", c).graph();
        return new TemplateRun("W2", "mini-GPT, 4 x d128, batch 12 x 64", g, seed, (long) batch * t,
                3 * perToken * batch * t,
                (r, step) -> inputs("tokens", ids(r, batch, t, c.vocabSize()), "targets",
                        ids(r, batch, t, c.vocabSize())));
    }

    private static Run w3(long seed) {
        int vocab = 1000;
        int hidden = 256;
        int embed = 256;
        int batch = 32;
        int len = 20;
        ModelGraph g = new Seq2SeqAttention("w3-seq2seq", "W3: GRU seq2seq with Luong dot attention",
                new Seq2SeqAttention.Config("gru", "dot", vocab, vocab, embed, hidden)).graph();
        double gru = 2.0 * 3 * hidden * (embed + hidden);
        double perTarget = gru                  // the encoder's step for the source token at the same position
                + gru                           // the decoder's step
                + 2.0 * 2 * len * hidden        // scores and context over the source
                + 2.0 * 2 * hidden * hidden     // [output; context] -> hidden
                + 2.0 * hidden * vocab;         // the output layer
        return new TemplateRun("W3", "GRU seq2seq + dot attention, 256, batch 32 x 20", g, seed, (long) batch * len,
                3 * perTarget * batch * len,
                (r, step) -> {
                    Flow targets = ids(r, batch, len, vocab);
                    return inputs("src", ids(r, batch, len, vocab), "targets", targets, "decoder_input",
                            ids(r, batch, len, vocab));
                });
    }

    /** A batch drawn from (seed, step). */
    @FunctionalInterface
    private interface BatchMaker {
        Map<String, Flow> make(SplittableRandom random, long step);
    }

    /** A random batch of token ids in [4, vocab): no padding, no special tokens. */
    private static Flow ids(SplittableRandom random, int batch, int len, int vocab) {
        long[] ids = new long[batch * len];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = 4 + random.nextInt(vocab - 4);
        }
        return Flow.of(Tensor.indices(ids, batch, len));
    }

    private static Map<String, Flow> inputs(Object... nameFlow) {
        Map<String, Flow> m = new LinkedHashMap<>();
        for (int i = 0; i < nameFlow.length; i += 2) {
            m.put((String) nameFlow[i], (Flow) nameFlow[i + 1]);
        }
        return m;
    }

    /** A template's model trained by a {@link Trainer} one step at a time. */
    private static final class TemplateRun implements Run {
        private final String id;
        private final String description;
        private final long tokens;
        private final double flops;
        private final Trainer trainer;

        TemplateRun(String id, String description, ModelGraph graph, long seed, long tokens, double flops,
                    BatchMaker batches) {
            this.id = id;
            this.description = description;
            this.tokens = tokens;
            this.flops = flops;
            GraphModel model = GraphModel.compile(graph, BlockKinds.standard(), DType.FLOAT32, seed);
            GraphTask task = new GraphTask(model, (step, s) -> batches.make(new SplittableRandom(s * 1_000_003L + step),
                    step), in -> tokens, null);
            Adam adam = new Adam(task.parameters(), Adam.Config.adam());
            this.trainer = new Trainer(task, adam, new TrainConfig(Long.MAX_VALUE / 2, new Schedule.Constant(1e-3),
                    Clipping.none(), 0, seed));
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
        public double flopsPerStep() {
            return flops;
        }

        @Override
        public double step() {
            TrainingEvent.Step s = trainer.takeOneStep();
            return s.loss();
        }

        @Override
        public void close() {
            // the model's buffers go with the garbage collector; the steps' arena block is freed now
            StepArena.freeThisThread();
        }
    }
}
