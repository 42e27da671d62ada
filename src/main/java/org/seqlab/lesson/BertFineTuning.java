package org.seqlab.lesson;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.seqlab.SeqLabException;
import org.seqlab.autograd.Tensor;
import org.seqlab.autograd.Updates;
import org.seqlab.data.corpus.LabelledExample;
import org.seqlab.data.corpus.PlainText;
import org.seqlab.data.synthetic.ToySentiment;
import org.seqlab.data.tokenize.Vocabulary;
import org.seqlab.data.tokenize.WordPiece;
import org.seqlab.model.blocks.BlockKinds;
import org.seqlab.model.compile.GraphInputs;
import org.seqlab.model.compile.GraphModel;
import org.seqlab.model.graph.Flow;
import org.seqlab.model.templates.Bert;
import org.seqlab.nn.Module;
import org.seqlab.train.TrainConfig;
import org.seqlab.train.TrainingTask;
import org.seqlab.train.optim.Adam;
import org.seqlab.train.optim.Clipping;
import org.seqlab.train.optim.Optimizer;
import org.seqlab.train.optim.Schedule;

/**
 * Experiment 06: the mini BERT pre-trained on a text corpus with masked-LM (15% of the tokens; of those 80% become
 * [MASK], 10% a random token, 10% stay) and next-sentence prediction (half the pairs consecutive lines), then, from
 * step {@code pretrain_steps + 1}, fine-tuned to classify sentences through its pooler and a sentence head that
 * is re-initialised (N(0, 0.02), Adam moments cleared) when fine-tuning starts.
 */
final class BertFineTuning {
    static final String CLS = WordPiece.CLS;
    static final String SEP = WordPiece.SEP;
    static final String MASK = WordPiece.MASK;
    private static final String HEAD = "cls.seq_relationship";
    private static final int BATCH = 32;
    private static final int MAX_LEN = 64;

    private BertFineTuning() {
    }

    /** The corpus and the labelled sentences, encoded. */
    record Data(List<int[]> lines, List<int[]> train, int[] trainLabels, List<int[]> validation,
                int[] validationLabels, List<String> labelNames, WordPiece tokenizer, String summary) {
    }

    static Prepared prepare(Experiment e, ExperimentOptions o) {
        Variant v = e.variant(o);
        long steps = o.stepsOr(e.defaultSteps());
        double fraction = v.number("pretrain_fraction", 0, 1);
        long pretrain = Math.round(steps * fraction);
        int hidden = v.integer("hidden", 8, 4096);
        int layers = v.integer("layers", 1, 24);
        Data d = data(o, Classification.labelled(o, v), v.integer("vocab", 50, 100_000));
        Vocabulary vocab = d.tokenizer().vocabulary();
        Bert.Config c = new Bert.Config(vocab.size(), hidden, Math.max(1, hidden / 16), layers, 2 * hidden, MAX_LEN,
                Math.max(2, d.labelNames().size()));
        GraphModel model = GraphModel.compile(new Bert(c).graph(), BlockKinds.standard(), o.dtype(), o.seed());
        Map<String, Tensor> params = distinct(model);
        Adam adam = new Adam(params, Adam.Config.adamW().withWeightDecay(0.01));
        int ids = vocab.size();
        Ids special = new Ids(vocab.id(CLS), vocab.id(SEP), vocab.id(MASK), vocab.padId(), ids);
        Prepared.Evaluation eval = () -> evaluate(model, d, special, o, true);
        TrainingTask task = new TrainingTask() {
            @Override
            public Module module() {
                return model;
            }

            @Override
            public Map<String, Tensor> parameters() {
                return params;
            }

            @Override
            public StepLoss loss(long step, long seed) {
                if (step <= pretrain) {
                    Map<String, Flow> in = pretrainingBatch(d.lines(), special, BATCH, seed, step, o);
                    GraphModel.Run run = model.forward(in);
                    return new StepLoss(run.loss(), in.get("tokens").value().numel(), Map.of());
                }
                if (step == pretrain + 1) {
                    reinitialiseHead(model, adam, seed);
                }
                int[] idx = LessonData.pick(d.train().size(), BATCH, seed, step);
                Map<String, Flow> in = classificationBatch(d.train(), d.trainLabels(), idx, special, o);
                GraphModel.Run run = model.forward(in);
                return new StepLoss(run.ports().get("nsp_loss.loss").value(), idx.length, Map.of());
            }

            @Override
            public Map<String, Double> evaluate(long step) {
                return BertFineTuning.evaluate(model, d, special, o, step <= pretrain);
            }
        };
        TrainConfig config = new TrainConfig(steps, new Schedule.WarmupCosine(1e-3, 1e-4, Math.min(100, steps / 10),
                steps), Clipping.globalNorm(1.0), Math.max(1, steps / 10), o.seed());
        Map<String, List<String>> vocabs = new LinkedHashMap<>();
        vocabs.put("source", vocab.tokens());
        vocabs.put("labels", d.labelNames());
        Prepared.Predictor predictor = r -> LessonData.evaluating(model, () -> {
            int[] sentence = d.tokenizer().encode(r.prompt());
            Map<String, Flow> in = classificationBatch(List.of(sentence), new int[] {0}, new int[] {0}, special, o);
            Tensor logits = model.forward(in).output("nsp_logits");
            double[] z = logits.toDoubleArray();
            int best = (int) LessonData.argmax(logits)[0];
            double max = z[best];
            double sum = 0;
            for (int k = 0; k < d.labelNames().size(); k++) {
                sum += Math.exp(z[k] - max);
            }
            StringBuilder sb = new StringBuilder(d.labelNames().get(Math.min(best, d.labelNames().size() - 1)))
                    .append("  (");
            for (int k = 0; k < d.labelNames().size(); k++) {
                sb.append(k == 0 ? "" : ", ").append(d.labelNames().get(k)).append(' ')
                        .append(String.format(java.util.Locale.ROOT, "%.3f", Math.exp(z[k] - max) / sum));
            }
            return sb.append(')').toString();
        });
        return new Prepared(e, o, model, task, adam, config, "tokens", d.summary() + "; pre-training for " + pretrain
                + " steps, then fine-tuning for " + (steps - pretrain), vocabs, eval, predictor);
    }

    record Ids(int cls, int sep, int mask, int pad, int vocab) {
    }

    private static Map<String, Tensor> distinct(GraphModel model) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        IdentityHashMap<Tensor, Boolean> seen = new IdentityHashMap<>();
        model.namedParameters().forEach((n, t) -> {
            if (seen.put(t, Boolean.TRUE) == null) {
                out.put(n, t);
            }
        });
        return out;
    }

    private static Data data(ExperimentOptions o, org.seqlab.data.corpus.LabelledText.Reader reader, int vocabSize) {
        List<String> lines;
        List<LabelledExample> train;
        List<LabelledExample> val;
        List<String> labelNames;
        String summary;
        if (o.data().isEmpty()) {
            lines = SampleText.sentences(6000, o.seed());
            ToySentiment t = ToySentiment.standard();
            train = o.evaluateAll() ? List.of() : t.generate(2000, o.seed() + 3);
            val = t.generate(500, o.seed() + 7919);
            labelNames = ToySentiment.LABELS;
            summary = "pre-training on 6000 generated sentences, fine-tuning on toy sentiment";
        } else {
            if (o.data().size() < 2 || o.data().size() > 3) {
                throw new SeqLabException("Experiment 06 takes a text corpus to pre-train on (one sentence or"
                        + " paragraph a line; consecutive lines are the next-sentence pairs), then a labelled TSV/CSV to"
                        + " fine-tune on (every tenth example held out), and optionally a held-out labelled file; found "
                        + o.data().size() + " files: " + o.data() + ".");
            }
            lines = PlainText.read(o.data().get(0)).lines().stream().filter(l -> !l.isBlank()).toList();
            ExperimentOptions labelled = o.withData(o.data().subList(1, o.data().size()));
            Classification.Split s = Classification.splitFiles(labelled, reader);
            train = s.train();
            val = s.validation();
            labelNames = s.labelNames();
            summary = "pre-training on " + o.data().get(0).getFileName() + " (" + lines.size() + " lines), fine-tuning"
                    + " on " + s.summary();
        }
        if (!o.evaluateAll() && lines.size() < 3) {
            throw new SeqLabException("Experiment 06 needs at least 3 non-blank lines in its pre-training corpus to"
                    + " make next-sentence pairs; found " + lines.size() + ".");
        }
        WordPiece tok;
        if (o.vocabularies().containsKey("source")) {
            tok = new WordPiece(o.vocabularies().get("source"), true);
        } else {
            List<String> corpus = new ArrayList<>(lines);
            train.forEach(x -> corpus.add(x.text()));
            tok = WordPiece.train(corpus, vocabSize, true);
        }
        List<int[]> lineIds = new ArrayList<>();
        for (String l : lines) {
            int[] ids = tok.encode(l);
            if (ids.length > 0) {
                lineIds.add(ids);
            }
        }
        Classification.Data c = Classification.encode(train, val, labelNames, tok, "");
        return new Data(lineIds, c.train(), c.trainLabels(), c.validation(), c.validationLabels(), labelNames, tok,
                summary + ": " + train.size() + " training and " + val.size() + " held-out sentences, " + tok
                        .vocabularySize() + " WordPiece tokens");
    }

    /** The sentence head drawn anew (N(0, 0.02), bias 0) and its Adam moments cleared. */
    private static void reinitialiseHead(GraphModel model, Optimizer optimizer, long seed) {
        SplittableRandom r = new SplittableRandom(LessonData.mix(seed, 0, 0x4EAD));
        model.namedParameters().forEach((name, p) -> {
            if (name.startsWith(HEAD + ".")) {
                double[] v = new double[(int) p.numel()];
                if (name.endsWith("weight")) {
                    for (int i = 0; i < v.length; i++) {
                        v[i] = 0.02 * gaussian(r);
                    }
                }
                Updates.assign(p, Tensor.of(p.dtype(), v, p.shape().toArray()));
            }
        });
        Map<String, Tensor> state = new LinkedHashMap<>(optimizer.state());
        state.replaceAll((name, t) -> name.contains(HEAD + ".") ? Tensor.zeros(t.dtype(), t.shape().toArray()) : t);
        optimizer.loadState(state);
    }

    private static double gaussian(SplittableRandom r) {
        double u = 1 - r.nextDouble();
        double w = r.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * w);
    }

    /** [CLS] A [SEP] B [SEP] pairs with MLM 80/10/10 masking and NSP labels (0: B follows A, 1: B is random). */
    static Map<String, Flow> pretrainingBatch(List<int[]> lines, Ids s, int batch, long seed, long step,
                                              ExperimentOptions o) {
        int[] idx = LessonData.pick(lines.size() - 1, batch, seed, step);
        SplittableRandom r = LessonData.random(seed, step, 0xBE27);
        List<int[]> tokens = new ArrayList<>();
        List<int[]> segments = new ArrayList<>();
        List<int[]> labels = new ArrayList<>();
        int[] nsp = new int[batch];
        boolean anyMasked = false;
        for (int b = 0; b < batch; b++) {
            int[] a = lines.get(idx[b]);
            int[] next;
            if (r.nextBoolean()) {
                next = lines.get(idx[b] + 1);
            } else {
                int j = r.nextInt(lines.size() - 1);
                next = lines.get(j >= idx[b] + 1 ? j + 1 : j);       // any line but the true next one
                nsp[b] = 1;
            }
            int budget = MAX_LEN - 3;
            int la = a.length;
            int lb = next.length;
            while (la + lb > budget) {
                if (la >= lb) {
                    la--;
                } else {
                    lb--;
                }
            }
            int n = la + lb + 3;
            int[] t = new int[n];
            int[] seg = new int[n];
            int[] y = new int[n];
            java.util.Arrays.fill(y, (int) GraphInputs.IGNORE);
            t[0] = s.cls();
            System.arraycopy(a, 0, t, 1, la);
            t[la + 1] = s.sep();
            System.arraycopy(next, 0, t, la + 2, lb);
            t[n - 1] = s.sep();
            for (int j = la + 2; j < n; j++) {
                seg[j] = 1;
            }
            for (int j = 1; j < n - 1; j++) {
                if (j == la + 1 || r.nextDouble() >= 0.15) {
                    continue;
                }
                y[j] = t[j];
                anyMasked = true;
                double u = r.nextDouble();
                if (u < 0.8) {
                    t[j] = s.mask();
                } else if (u < 0.9) {
                    t[j] = 5 + r.nextInt(s.vocab() - 5);
                }
            }
            tokens.add(t);
            segments.add(seg);
            labels.add(y);
        }
        if (!anyMasked) {             // at least one masked token per batch, or the MLM loss has nothing to average
            int[] t = tokens.get(0);
            int[] y = labels.get(0);
            y[1] = t[1];
            t[1] = s.mask();
        }
        int[] all = LessonData.range(0, batch);
        return LessonData.inputs("tokens", LessonData.tokens(tokens, all, s.pad(), o.dtype()),
                "segments", Flow.of(LessonData.tokens(segments, all, 0, o.dtype()).value()),
                "mlm_labels", LessonData.targets(labels, all),
                "nsp_labels", LessonData.labels(nsp, all));
    }

    /** [CLS] sentence [SEP], cut to the model's length, with the class as the sentence label. */
    static Map<String, Flow> classificationBatch(List<int[]> sentences, int[] labels, int[] idx, Ids s,
                                                 ExperimentOptions o) {
        List<int[]> tokens = new ArrayList<>();
        List<int[]> zeros = new ArrayList<>();
        for (int i : idx) {
            int[] x = sentences.get(i);
            int n = Math.min(x.length, MAX_LEN - 2);
            int[] t = new int[n + 2];
            t[0] = s.cls();
            System.arraycopy(x, 0, t, 1, n);
            t[n + 1] = s.sep();
            tokens.add(t);
            zeros.add(new int[n + 2]);
        }
        int[] all = LessonData.range(0, idx.length);
        return LessonData.inputs("tokens", LessonData.tokens(tokens, all, s.pad(), o.dtype()),
                "segments", Flow.of(LessonData.tokens(zeros, all, 0, o.dtype()).value()),
                "nsp_labels", LessonData.labels(labels, idx));
    }

    /** Held-out MLM and NSP accuracy on fixed pre-training batches, and (when fine-tuning) sentence accuracy. */
    static Map<String, Double> evaluate(GraphModel model, Data d, Ids s, ExperimentOptions o, boolean pretraining) {
        return LessonData.evaluating(model, () -> {
            Map<String, Double> m = new LinkedHashMap<>();
            if (pretraining && d.lines().size() >= 3) {
                long mlmRight = 0;
                long mlmAll = 0;
                long nspRight = 0;
                long nspAll = 0;
                for (int k = 0; k < 4; k++) {
                    Map<String, Flow> in = pretrainingBatch(d.lines(), s, 64, o.seed() + 99, k + 1, o);
                    GraphModel.Run run = model.forward(in);
                    long[] p = LessonData.argmax(run.output("mlm_logits"));
                    long[] y = in.get("mlm_labels").value().toLongArray();
                    for (int i = 0; i < y.length; i++) {
                        if (y[i] >= 0) {
                            mlmAll++;
                            mlmRight += p[i] == y[i] ? 1 : 0;
                        }
                    }
                    long[] q = LessonData.argmax(run.output("nsp_logits"));
                    long[] z = in.get("nsp_labels").value().toLongArray();
                    for (int i = 0; i < z.length; i++) {
                        nspAll++;
                        nspRight += q[i] == z[i] ? 1 : 0;
                    }
                }
                m.put("mlm_accuracy", (double) mlmRight / Math.max(1, mlmAll));
                m.put("nsp_accuracy", (double) nspRight / Math.max(1, nspAll));
            }
            long right = 0;
            int n = d.validation().size();
            for (int[] idx : LessonData.chunks(n, 128)) {
                long[] p = LessonData.argmax(model.forward(classificationBatch(d.validation(), d.validationLabels(),
                        idx, s, o)).output("nsp_logits"));
                for (int i = 0; i < idx.length; i++) {
                    right += p[i] == d.validationLabels()[idx[i]] ? 1 : 0;
                }
            }
            m.put("val_accuracy", n == 0 ? Double.NaN : (double) right / n);
            return m;
        });
    }
}
