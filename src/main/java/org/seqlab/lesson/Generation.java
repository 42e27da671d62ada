package org.seqlab.lesson;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.seqlab.SeqLabException;
import org.seqlab.autograd.Tensor;
import org.seqlab.data.corpus.PlainText;
import org.seqlab.data.corpus.Split;
import org.seqlab.data.tokenize.CharTokenizer;
import org.seqlab.data.tokenize.Vocabulary;
import org.seqlab.decode.GraphNextToken;
import org.seqlab.model.blocks.BlockKinds;
import org.seqlab.model.compile.GraphModel;
import org.seqlab.model.graph.Flow;
import org.seqlab.model.templates.Gpt;
import org.seqlab.nn.gpt.GptConfig;
import org.seqlab.train.GraphTask;
import org.seqlab.train.TrainConfig;
import org.seqlab.train.optim.Adam;
import org.seqlab.train.optim.Clipping;
import org.seqlab.train.optim.Schedule;

/**
 * Experiment 07: a character-level GPT trained as nanoGPT trains {@code shakespeare_char} with its CPU preset
 * (block 64, batch 12, 4 layers, 4 heads, d 128, no dropout, AdamW with betas (0.9, 0.99) and weight decay 0.1,
 * learning rate 1e-3 warmed up over 100 steps and cosine-decayed to 1e-4 at the last step, clipping at norm 1):
 * each step reads 12 random windows of the training text; evaluation is the mean loss of 20 random windows of the
 * held-out text (nanoGPT's {@code estimate_loss} with {@code eval_iters=20}).
 */
final class Generation {
    private static final int EVAL_BATCHES = 20;

    private Generation() {
    }

    static Prepared gpt(Experiment e, ExperimentOptions o) {
        Variant v = e.variant(o);
        int block = v.integer("block", 2, 4096);
        int batch = v.integer("batch", 1, 4096);
        int layers = v.integer("layers", 1, 48);
        int heads = v.integer("heads", 1, 64);
        int d = v.integer("d", 1, 8192);
        double lr = v.number("lr", 1e-7, 10);
        if (d % heads != 0) {
            throw new SeqLabException("Setting d of experiment 07 must be a multiple of heads; found d " + d + " and "
                    + heads + " heads.");
        }
        String train;
        String validation;
        String summary;
        if (o.data().isEmpty()) {
            String all = SampleText.english(o.seed());
            Split<String> s = splitText(all, o);
            train = s.train();
            validation = s.validation();
            summary = "generated English sentences (seed " + o.seed() + ")";
        } else {
            if (o.data().size() > 2) {
                throw new SeqLabException("Experiment 07 takes one text file (the last 10% held out) or two (training,"
                        + " then held out); found " + o.data().size() + " files: " + o.data() + ".");
            }
            String first = PlainText.read(o.data().get(0)).text();
            if (o.data().size() == 2) {
                train = o.evaluateAll() ? "" : first;
                validation = PlainText.read(o.data().get(1)).text();
                if (o.evaluateAll()) {
                    validation = first + validation;
                }
            } else {
                Split<String> s = splitText(first, o);
                train = s.train();
                validation = s.validation();
            }
            summary = o.data().get(0).getFileName() + (o.data().size() == 2 ? " / " + o.data().get(1).getFileName()
                    : o.evaluateAll() ? " (all held out)" : " (the last 10% held out)");
        }
        CharTokenizer tok = o.vocabularies().containsKey("source")
                ? new CharTokenizer(new Vocabulary(o.vocabularies().get("source"), Vocabulary.UNK, Vocabulary.PAD))
                : new CharTokenizer(Vocabulary.withSpecials(characters(train + validation)));
        int[] trainIds = tok.encode(train);
        int[] valIds = tok.encode(validation);
        if (!o.evaluateAll() && trainIds.length <= block + 1) {
            throw new SeqLabException("Experiment 07 needs a training text longer than its block of " + block
                    + " characters; found " + trainIds.length + " characters. Give a longer text (nanoGPT's preset"
                    + " is meant for about 1 MB).");
        }
        if (valIds.length <= block + 1) {
            throw new SeqLabException("Experiment 07 needs a held-out text longer than its block of " + block
                    + " characters; found " + valIds.length + ". Give a longer text or a second file to hold out.");
        }
        GptConfig c = new GptConfig(block, tok.vocabularySize(), layers, heads, d, 0.0, false);
        GraphModel model = GraphModel.compile(new Gpt(e.template(), "", c).graph(), BlockKinds.standard(), o.dtype(),
                o.seed());
        GraphTask.Batches batches = (step, seed) -> windows(trainIds, batch, block,
                LessonData.random(seed, step, 0x6E7));
        Prepared.Evaluation eval = () -> evaluate(model, valIds, batch, block, o.seed());
        GraphTask task = new GraphTask(model, batches, in -> in.get("tokens").value().numel(),
                step -> eval.evaluate());
        Adam adam = new Adam(task.parameters(), Adam.Config.nanoGpt());
        long steps = o.stepsOr(e.defaultSteps());
        TrainConfig config = new TrainConfig(steps, new Schedule.WarmupCosine(lr, lr / 10, Math.min(100, steps),
                steps), Clipping.globalNorm(1.0), Math.max(1, Math.min(250, steps / 8)), o.seed());
        Map<String, List<String>> vocabs = Map.of("source", tok.vocabulary().tokens());
        Prepared.Predictor predictor = r -> LessonData.evaluating(model, () -> {
            int[] start = tok.encode(r.prompt());
            if (start.length == 0) {
                start = new int[] {tok.vocabulary().find("\n").orElse(tok.vocabulary().size() - 1)};
            }
            int[] out = LessonData.decode(GraphNextToken.languageModel(model, block), start, -1, r);
            return r.prompt() + tok.decode(out);
        });
        return new Prepared(e, o, model, task, adam, config, "tokens", summary + ": " + trainIds.length
                + " training and " + valIds.length + " held-out characters, vocabulary " + tok.vocabularySize(),
                vocabs, eval, predictor);
    }

    private static Split<String> splitText(String all, ExperimentOptions o) {
        if (o.evaluateAll()) {
            return new Split<>("", all);
        }
        int cut = (int) (all.length() * 0.9);
        if (cut > 0 && Character.isLowSurrogate(all.charAt(cut))) {
            cut--;
        }
        return new Split<>(all.substring(0, cut), all.substring(cut));
    }

    /** Every distinct character, in code-point order (nanoGPT's {@code sorted(set(data))}). */
    static List<String> characters(String text) {
        TreeSet<Integer> cps = new TreeSet<>();
        text.codePoints().forEach(cps::add);
        List<String> out = new ArrayList<>();
        for (int cp : cps) {
            out.add(new String(Character.toChars(cp)));
        }
        return out;
    }

    /** {@code batch} random windows: tokens x = ids[i, i+block), targets y = ids[i+1, i+block+1). */
    static Map<String, Flow> windows(int[] ids, int batch, int block, SplittableRandom r) {
        long[] x = new long[batch * block];
        long[] y = new long[batch * block];
        for (int b = 0; b < batch; b++) {
            int i = r.nextInt(ids.length - block);
            for (int j = 0; j < block; j++) {
                x[b * block + j] = ids[i + j];
                y[b * block + j] = ids[i + j + 1];
            }
        }
        return LessonData.inputs("tokens", Flow.of(Tensor.indices(x, batch, block)), "targets",
                Flow.of(Tensor.indices(y, batch, block)));
    }

    private static Map<String, Double> evaluate(GraphModel model, int[] val, int batch, int block, long seed) {
        return LessonData.evaluating(model, () -> {
            double[] losses = new double[EVAL_BATCHES];
            for (int k = 0; k < EVAL_BATCHES; k++) {
                losses[k] = model.forward(windows(val, batch, block, LessonData.random(seed, k, 0xE7A1))).loss()
                        .item();
            }
            double mean = Arrays.stream(losses).average().orElse(Double.NaN);
            Map<String, Double> m = new LinkedHashMap<>();
            m.put("val_loss", mean);
            m.put("val_bits_per_char", mean / Math.log(2));
            return m;
        });
    }
}
