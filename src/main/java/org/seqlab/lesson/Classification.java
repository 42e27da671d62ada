package org.seqlab.lesson;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.seqlab.SeqLabException;
import org.seqlab.autograd.Tensor;
import org.seqlab.data.corpus.LabelledExample;
import org.seqlab.data.corpus.LabelledText;
import org.seqlab.data.synthetic.ParityTask;
import org.seqlab.data.synthetic.ToySentiment;
import org.seqlab.data.tokenize.CharTokenizer;
import org.seqlab.data.tokenize.Tokenizer;
import org.seqlab.data.tokenize.Vocabulary;
import org.seqlab.data.tokenize.WordTokenizer;
import org.seqlab.model.blocks.BlockKinds;
import org.seqlab.model.compile.GraphModel;
import org.seqlab.model.graph.Flow;
import org.seqlab.model.templates.RecurrentClassifier;
import org.seqlab.train.GraphTask;
import org.seqlab.train.TrainConfig;
import org.seqlab.train.optim.Adam;
import org.seqlab.train.optim.Clipping;
import org.seqlab.train.optim.Schedule;

/** Experiments 01-03: a recurrent classifier on parity (growing length) or on labelled sentences. */
final class Classification {
    private static final int BATCH = 32;

    private Classification() {
    }

    /** Texts as ids with their labels, split for training and evaluation. */
    record Data(List<int[]> train, int[] trainLabels, List<int[]> validation, int[] validationLabels,
                List<String> labelNames, Tokenizer tokenizer, String summary) {
    }

    /** 01 and 02: parity of a bit string of the variant's length, on the variant's cell. */
    static Prepared parity(Experiment e, ExperimentOptions o) {
        Variant v = e.variant(o);
        String cell = v.choice("cell", "rnn", "lstm", "gru");
        int length = v.integer("length", 1, 1000);
        int hidden = v.integer("hidden", 1, 4096);
        Data data;
        Vocabulary vocab = o.vocabularies().containsKey("source")
                ? Vocabulary.withSpecials(strip(o.vocabularies().get("source")))
                : Vocabulary.withSpecials(List.of("0", "1"));
        CharTokenizer tok = new CharTokenizer(vocab);
        if (o.data().isEmpty()) {
            ParityTask task = new ParityTask(length, length);
            List<LabelledExample> train = o.evaluateAll() ? List.of() : task.generate(4000, o.seed());
            List<LabelledExample> val = task.generate(500, o.seed() + 7919);
            data = encode(train, val, ParityTask.LABELS, tok, "parity of " + length + " bits: " + train.size()
                    + " training and " + val.size() + " held-out strings, generated (seed " + o.seed() + ")");
        } else {
            data = fromFiles(o, tok, labelled(o, v));
        }
        RecurrentClassifier.Config c = new RecurrentClassifier.Config(vocab.size(), 16, hidden, 1, false, "last",
                data.labelNames().size(), cell);
        return build(e, o, data, new RecurrentClassifier(cell + "-classifier", "", c).graph(),
                new Schedule.Constant(3e-3), Clipping.globalNorm(1.0), vocab);
    }

    /** 03: sentiment (or any labels) of sentences, on words, with an LSTM. */
    static Prepared sentiment(Experiment e, ExperimentOptions o) {
        Variant v = e.variant(o);
        String cell = v.choice("cell", "rnn", "lstm", "gru");
        boolean bidirectional = Boolean.parseBoolean(v.choice("bidirectional", "true", "false"));
        int hidden = v.integer("hidden", 1, 4096);
        List<LabelledExample> train;
        List<LabelledExample> val;
        List<String> labelNames;
        String summary;
        LabelledText.Reader reader = labelled(o, v);
        if (o.data().isEmpty()) {
            ToySentiment task = ToySentiment.standard();
            train = o.evaluateAll() ? List.of() : task.generate(3000, o.seed());
            val = task.generate(500, o.seed() + 7919);
            labelNames = ToySentiment.LABELS;
            summary = "toy sentiment (generated, seed " + o.seed() + ")";
        } else {
            Split s = splitFiles(o, reader);
            train = s.train;
            val = s.validation;
            labelNames = s.labelNames;
            summary = s.summary;
        }
        WordTokenizer tok;
        if (o.vocabularies().containsKey("source")) {
            tok = new WordTokenizer(new Vocabulary(o.vocabularies().get("source"), Vocabulary.UNK, Vocabulary.PAD), true);
        } else {
            List<String> texts = train.stream().map(LabelledExample::text).toList();
            tok = WordTokenizer.train(texts, train.size() > 20000 ? 2 : 1, 30000, true);
        }
        Data data = encode(train, val, labelNames, tok, summary + ": " + train.size() + " training and " + val.size()
                + " held-out sentences, " + labelNames.size() + " labels " + labelNames + ", "
                + tok.vocabularySize() + " words");
        RecurrentClassifier.Config c = new RecurrentClassifier.Config(tok.vocabularySize(), 64, hidden, 1,
                bidirectional, "mean", labelNames.size(), cell, v.number("dropout", 0, 0.95));
        return build(e, o, data, new RecurrentClassifier(cell + "-classifier", "", c).graph(), new Schedule.Constant(2e-3),
                Clipping.globalNorm(5.0), tok.vocabulary());
    }

    private static List<String> strip(List<String> withSpecials) {
        return withSpecials.subList(4, withSpecials.size());
    }

    /** The labelled-text reader the variant's column settings describe, with the checkpoint's label names. */
    static LabelledText.Reader labelled(ExperimentOptions o, Variant v) {
        LabelledText.Reader r = LabelledText.reader();
        String text = v.string("text_column");
        String label = v.string("label_column");
        if (!text.equals("auto")) {
            if (text.chars().allMatch(Character::isDigit)) {
                r.optTextColumn(Integer.parseInt(text));
            } else {
                r.optTextColumn(text);
            }
        }
        if (!label.equals("auto")) {
            if (label.chars().allMatch(Character::isDigit)) {
                r.optLabelColumn(Integer.parseInt(label));
            } else {
                r.optLabelColumn(label);
            }
        }
        if (o.vocabularies().containsKey("labels")) {
            r.optLabels(o.vocabularies().get("labels"));
        }
        return r;
    }

    /** Training and held-out examples from the user's files. */
    record Split(List<LabelledExample> train, List<LabelledExample> validation, List<String> labelNames,
                 String summary) {
    }

    /**
     * One file: 90% for training and every tenth example held out; two files: training, then held out; with
     * evaluateAll, every file is held out.
     */
    static Split splitFiles(ExperimentOptions o, LabelledText.Reader reader) {
        if (o.data().size() > 2) {
            throw new SeqLabException("This experiment takes one labelled file (split 90/10) or two (training, then"
                    + " held out); found " + o.data().size() + " files: " + o.data() + ".");
        }
        LabelledText first = reader.read(o.data().get(0));
        List<String> labels = first.labelNames();
        if (o.evaluateAll()) {
            List<LabelledExample> all = new ArrayList<>(first.examples());
            for (Path p : o.data().subList(1, o.data().size())) {
                all.addAll(reader.optLabels(labels).read(p).examples());
            }
            return new Split(List.of(), all, labels, "held out: " + o.data());
        }
        if (o.data().size() == 2) {
            LabelledText second = reader.optLabels(labels).read(o.data().get(1));
            return new Split(first.examples(), second.examples(), labels, o.data().get(0).getFileName() + " / "
                    + o.data().get(1).getFileName());
        }
        List<LabelledExample> train = new ArrayList<>();
        List<LabelledExample> val = new ArrayList<>();
        List<LabelledExample> all = first.examples();
        int[] perm = LessonData.permutation(all.size(), 0xDA7AL);
        for (int i = 0; i < perm.length; i++) {
            (i % 10 == 9 ? val : train).add(all.get(perm[i]));
        }
        return new Split(train, val, labels, o.data().get(0).getFileName() + " (every tenth example held out)");
    }

    private static Data fromFiles(ExperimentOptions o, CharTokenizer tok, LabelledText.Reader reader) {
        Split s = splitFiles(o, reader);
        return encode(s.train, s.validation, s.labelNames, tok, s.summary + ": " + s.train.size() + " training and "
                + s.validation.size() + " held-out texts");
    }

    static Data encode(List<LabelledExample> train, List<LabelledExample> val, List<String> labelNames, Tokenizer tok,
                       String summary) {
        List<int[]> tr = new ArrayList<>();
        int[] trl = new int[train.size()];
        for (int i = 0; i < train.size(); i++) {
            tr.add(nonEmpty(tok.encode(train.get(i).text())));
            trl[i] = train.get(i).label();
        }
        List<int[]> va = new ArrayList<>();
        int[] val2 = new int[val.size()];
        for (int i = 0; i < val.size(); i++) {
            va.add(nonEmpty(tok.encode(val.get(i).text())));
            val2[i] = val.get(i).label();
        }
        return new Data(tr, trl, va, val2, labelNames, tok, summary);
    }

    /** An empty text reads as one unknown token, so that every example has a last state. */
    private static int[] nonEmpty(int[] ids) {
        return ids.length == 0 ? new int[] {1} : ids;
    }

    private static Prepared build(Experiment e, ExperimentOptions o, Data d,
                                  org.seqlab.model.graph.ModelGraph graph, Schedule schedule, Clipping clipping,
                                  Vocabulary vocab) {
        GraphModel model = GraphModel.compile(graph, BlockKinds.standard(), o.dtype(), o.seed());
        long pad = vocab.padId();
        GraphTask.Batches batches = (step, seed) -> {
            int[] idx = LessonData.pick(d.train().size(), BATCH, seed, step);
            return LessonData.inputs("tokens", LessonData.tokens(d.train(), idx, pad, o.dtype()),
                    "targets", LessonData.labels(d.trainLabels(), idx));
        };
        Prepared.Evaluation eval = () -> evaluate(model, d, pad, o);
        GraphTask task = new GraphTask(model, batches, in -> {
            Flow t = in.get("tokens");
            return t.mask() == null ? t.value().numel() : Math.round(java.util.Arrays.stream(t.mask().toDoubleArray())
                    .sum());
        }, step -> eval.evaluate());
        Adam adam = new Adam(task.parameters(), Adam.Config.adam());
        long steps = o.stepsOr(e.defaultSteps());
        TrainConfig config = new TrainConfig(steps, schedule, clipping, Math.max(1, steps / 10), o.seed());
        Map<String, List<String>> vocabs = new LinkedHashMap<>();
        vocabs.put("source", vocab.tokens());
        vocabs.put("labels", d.labelNames());
        Prepared.Predictor predictor = r -> LessonData.evaluating(model, () -> {
            int[] ids = nonEmpty(d.tokenizer().encode(r.prompt()));
            Tensor logits = model.forward(LessonData.inputs("tokens", LessonData.tokens(List.of(ids), new int[] {0},
                    pad, o.dtype()))).output("logits");
            double[] z = logits.toDoubleArray();
            double max = Double.NEGATIVE_INFINITY;
            for (double x : z) {
                max = Math.max(max, x);
            }
            double sum = 0;
            for (double x : z) {
                sum += Math.exp(x - max);
            }
            StringBuilder sb = new StringBuilder();
            int best = (int) LessonData.argmax(logits)[0];
            sb.append(d.labelNames().get(best)).append("  (");
            for (int k = 0; k < z.length; k++) {
                sb.append(k == 0 ? "" : ", ").append(d.labelNames().get(k)).append(' ')
                        .append(String.format(java.util.Locale.ROOT, "%.3f", Math.exp(z[k] - max) / sum));
            }
            return sb.append(')').toString();
        });
        return new Prepared(e, o, model, task, adam, config, "tokens", d.summary(), vocabs,
                eval, predictor);
    }

    private static Map<String, Double> evaluate(GraphModel model, Data d, long pad, ExperimentOptions o) {
        return LessonData.evaluating(model, () -> {
            List<int[]> chunks = LessonData.chunks(d.validation().size(), 128);
            long correct = 0;
            double nll = 0;
            for (int[] idx : chunks) {
                Map<String, Flow> in = LessonData.inputs("tokens", LessonData.tokens(d.validation(), idx, pad,
                        o.dtype()), "targets", LessonData.labels(d.validationLabels(), idx));
                GraphModel.Run run = model.forward(in);
                long[] pred = LessonData.argmax(run.output("logits"));
                for (int i = 0; i < idx.length; i++) {
                    correct += pred[i] == d.validationLabels()[idx[i]] ? 1 : 0;
                }
                nll += run.loss().item() * idx.length;
            }
            int n = d.validation().size();
            Map<String, Double> m = new LinkedHashMap<>();
            m.put("val_loss", n == 0 ? Double.NaN : nll / n);
            m.put("val_accuracy", n == 0 ? Double.NaN : (double) correct / n);
            return m;
        });
    }
}
