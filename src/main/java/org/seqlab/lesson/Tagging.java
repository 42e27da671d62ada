package org.seqlab.lesson;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.seqlab.SeqLabException;
import org.seqlab.data.corpus.Conll;
import org.seqlab.data.corpus.TaggedSentence;
import org.seqlab.data.synthetic.ToyNer;
import org.seqlab.data.tokenize.Vocabulary;
import org.seqlab.model.blocks.BlockKinds;
import org.seqlab.model.compile.GraphModel;
import org.seqlab.model.graph.Flow;
import org.seqlab.model.graph.ModelGraph;
import org.seqlab.model.templates.RecurrentCrfTagger;
import org.seqlab.model.templates.TransformerCrfTagger;
import org.seqlab.train.GraphTask;
import org.seqlab.train.TrainConfig;
import org.seqlab.train.metrics.EntityF1;
import org.seqlab.train.optim.Adam;
import org.seqlab.train.optim.Clipping;
import org.seqlab.train.optim.Schedule;

/**
 * Experiment 09: named entities with a CRF over a BiLSTM (Lample et al. 2016, without character features or
 * pretrained embeddings) or over a Transformer encoder. Words keep their case, digits read as 0; while training,
 * a word seen once is read as unknown half the time (Lample's singleton dropout), so the model learns what to do
 * with words it has not seen. Scored by entity-level F1 as conlleval counts it.
 */
final class Tagging {
    private static final int BATCH = 32;

    private Tagging() {
    }

    static Prepared ner(Experiment e, ExperimentOptions o) {
        Variant v = e.variant(o);
        String arch = v.choice("model", "bilstm", "transformer");
        int embed = v.integer("embed", 1, 4096);
        int hidden = v.integer("hidden", 1, 4096);
        List<TaggedSentence> train;
        List<TaggedSentence> val;
        String summary;
        if (o.data().isEmpty()) {
            ToyNer toy = new ToyNer();
            train = o.evaluateAll() ? List.of() : toy.generate(3000, o.seed());
            val = toy.generate(300, o.seed() + 7919);
            summary = "toy NER (generated, seed " + o.seed() + ")";
        } else {
            if (o.data().size() > 2) {
                throw new SeqLabException("Experiment 09 takes one CoNLL file (every tenth sentence held out) or two"
                        + " (training, then held out, e.g. eng.train and eng.testa); found " + o.data().size()
                        + " files: " + o.data() + ".");
            }
            Conll.Reader reader = Conll.reader();
            String tokenColumn = v.string("token_column");
            String tagColumn = v.string("tag_column");
            if (!tokenColumn.equals("auto")) {
                reader.optTokenColumn(v.integer("token_column", 0, 1000));
            }
            if (!tagColumn.equals("auto")) {
                reader.optTagColumn(v.integer("tag_column", 0, 1000));
            }
            List<TaggedSentence> first = reader.read(o.data().get(0)).sentences();
            if (o.evaluateAll()) {
                train = List.of();
                val = new ArrayList<>(first);
                if (o.data().size() == 2) {
                    val.addAll(reader.read(o.data().get(1)).sentences());
                }
            } else if (o.data().size() == 2) {
                train = first;
                val = reader.read(o.data().get(1)).sentences();
            } else {
                train = new ArrayList<>();
                val = new ArrayList<>();
                int[] perm = LessonData.permutation(first.size(), 0xDA7AL);
                for (int i = 0; i < perm.length; i++) {
                    (i % 10 == 9 ? val : train).add(first.get(perm[i]));
                }
            }
            summary = o.data().get(0).getFileName() + (o.data().size() == 2 ? " / " + o.data().get(1).getFileName()
                    : " (every tenth sentence held out)");
        }
        Map<String, Integer> counts = new HashMap<>();
        for (TaggedSentence s : train) {
            for (String w : s.tokens()) {
                counts.merge(normalise(w), 1, Integer::sum);
            }
        }
        Vocabulary words;
        List<String> tags;
        if (o.vocabularies().containsKey("source") && o.vocabularies().containsKey("tags")) {
            words = new Vocabulary(o.vocabularies().get("source"), Vocabulary.UNK, Vocabulary.PAD);
            tags = o.vocabularies().get("tags");
        } else {
            List<String> w = new ArrayList<>(counts.keySet());
            w.sort((a, b) -> counts.get(b).equals(counts.get(a)) ? a.compareTo(b) : counts.get(b) - counts.get(a));
            words = Vocabulary.withSpecials(w.subList(0, Math.min(w.size(), 100_000)));
            TreeSet<String> t = new TreeSet<>();
            train.forEach(s -> t.addAll(s.tags()));
            t.remove("O");
            tags = new ArrayList<>();
            tags.add("O");
            tags.addAll(t);
            if (tags.size() < 2) {
                throw new SeqLabException("The training sentences carry no entity tags (only O): experiment 09 needs"
                        + " tags such as B-PER; check the tag column (setting tag_column).");
            }
        }
        Map<String, Integer> tagIds = new HashMap<>();
        for (int i = 0; i < tags.size(); i++) {
            tagIds.put(tags.get(i), i);
        }
        List<int[]> trainIds = ids(train, words);
        List<int[]> trainTags = tagIds(train, tagIds, "training");
        List<int[]> valIds = ids(val, words);
        List<int[]> valTags = tagIds(val, tagIds, "held-out");
        boolean[] singleton = new boolean[words.size()];
        counts.forEach((w, n) -> {
            if (n == 1) {
                words.find(w).ifPresent(id -> singleton[id] = true);
            }
        });
        int longest = 2;
        for (TaggedSentence s : train) {
            longest = Math.max(longest, s.size());
        }
        for (TaggedSentence s : val) {
            longest = Math.max(longest, s.size());
        }
        int maxLen = Math.max(256, longest + 1);
        ModelGraph graph = arch.equals("bilstm")
                ? new RecurrentCrfTagger(new RecurrentCrfTagger.Config(words.size(), embed, hidden, tags, true)).graph()
                : new TransformerCrfTagger(new TransformerCrfTagger.Config(words.size(), embed, 4, 2, maxLen, tags,
                        true)).graph();
        if (arch.equals("transformer") && embed % 4 != 0) {
            throw new SeqLabException("The Transformer tagger has 4 heads, so setting embed of experiment 09 must be a"
                    + " multiple of 4; found " + embed + ".");
        }
        GraphModel model = GraphModel.compile(graph, BlockKinds.standard(), o.dtype(), o.seed());
        int unk = words.unkId();
        long pad = words.padId();
        GraphTask.Batches batches = (step, seed) -> {
            int[] idx = LessonData.pick(trainIds.size(), BATCH, seed, step);
            SplittableRandom r = LessonData.random(seed, step, 0xD0);
            List<int[]> seqs = new ArrayList<>();
            for (int i : idx) {
                int[] s = trainIds.get(i).clone();
                for (int j = 0; j < s.length; j++) {
                    if (singleton[s[j]] && r.nextBoolean()) {
                        s[j] = unk;
                    }
                }
                seqs.add(s);
            }
            int[] all = LessonData.range(0, seqs.size());
            Flow tokens = LessonData.tokens(seqs, all, pad, o.dtype());
            return LessonData.inputs("tokens", tokens, "targets", tagFlow(trainTags, idx));
        };
        Prepared.Evaluation eval = () -> evaluate(model, valIds, valTags, tags, pad, o);
        GraphTask task = new GraphTask(model, batches, in -> {
            Flow t = in.get("tokens");
            return t.mask() == null ? t.value().numel() : Math.round(java.util.Arrays.stream(t.mask().toDoubleArray()).sum());
        }, step -> eval.evaluate());
        Adam adam = new Adam(task.parameters(), Adam.Config.adam());
        long steps = o.stepsOr(e.defaultSteps());
        TrainConfig config = new TrainConfig(steps, new Schedule.Constant(arch.equals("bilstm") ? 2e-3 : 5e-4),
                Clipping.globalNorm(5.0), Math.max(1, steps / 10), o.seed());
        Map<String, List<String>> vocabs = new LinkedHashMap<>();
        vocabs.put("source", words.tokens());
        vocabs.put("tags", tags);
        Prepared.Predictor predictor = r -> LessonData.evaluating(model, () -> {
            String[] toks = r.prompt().strip().split("\\s+");
            if (r.prompt().isBlank()) {
                return "";
            }
            if (toks.length >= maxLen) {
                throw new SeqLabException("The sentence has " + toks.length + " tokens; this tagger reads at most "
                        + (maxLen - 1) + ". Split it into shorter sentences.");
            }
            int[] ids = new int[toks.length];
            for (int i = 0; i < toks.length; i++) {
                ids[i] = words.id(normalise(toks[i]));
            }
            long[] best = model.forward(LessonData.inputs("tokens", LessonData.tokens(List.of(ids), new int[] {0}, pad,
                    o.dtype()))).output("tags").toLongArray();
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < toks.length; i++) {
                sb.append(i == 0 ? "" : " ").append(toks[i]).append('/').append(tags.get((int) best[i]));
            }
            return sb.toString();
        });
        return new Prepared(e, o, model, task, adam, config, "tokens", summary + ": " + train.size() + " training and "
                + val.size() + " held-out sentences, " + (words.size() - 4) + " words, tags " + tags, vocabs, eval,
                predictor);
    }

    /** Digits read as 0 (Lample et al.), case kept. */
    static String normalise(String word) {
        StringBuilder sb = new StringBuilder(word.length());
        word.codePoints().forEach(cp -> sb.appendCodePoint(Character.isDigit(cp) ? '0' : cp));
        return sb.toString();
    }

    private static List<int[]> ids(List<TaggedSentence> sentences, Vocabulary words) {
        List<int[]> out = new ArrayList<>();
        for (TaggedSentence s : sentences) {
            int[] ids = new int[Math.max(1, s.size())];
            ids[0] = words.padId();
            for (int i = 0; i < s.size(); i++) {
                ids[i] = words.id(normalise(s.tokens().get(i)));
            }
            out.add(ids);
        }
        return out;
    }

    private static List<int[]> tagIds(List<TaggedSentence> sentences, Map<String, Integer> tagIds, String which) {
        List<int[]> out = new ArrayList<>();
        for (int k = 0; k < sentences.size(); k++) {
            TaggedSentence s = sentences.get(k);
            int[] ids = new int[Math.max(1, s.size())];
            for (int i = 0; i < s.size(); i++) {
                Integer id = tagIds.get(s.tags().get(i));
                if (id == null) {
                    throw new SeqLabException("The " + which + " sentence " + (k + 1) + " has the tag '"
                            + s.tags().get(i) + "' (token '" + s.tokens().get(i) + "'), which the model's tags "
                            + tagIds.keySet() + " do not include. Train on data that has it, or map it to O.");
                }
                ids[i] = id;
            }
            out.add(ids);
        }
        return out;
    }

    private static Flow tagFlow(List<int[]> tags, int[] idx) {
        // padding positions carry tag 0; the CRF's mask (from the tokens) leaves them out
        Flow f = LessonData.targets(tags, idx);
        long[] y = f.value().toLongArray();
        for (int i = 0; i < y.length; i++) {
            y[i] = Math.max(0, y[i]);
        }
        return Flow.of(org.seqlab.autograd.Tensor.indices(y, f.value().shape().toArray()));
    }

    private static Map<String, Double> evaluate(GraphModel model, List<int[]> ids, List<int[]> gold, List<String> tags,
                                                long pad, ExperimentOptions o) {
        return LessonData.evaluating(model, () -> {
            List<List<String>> g = new ArrayList<>();
            List<List<String>> p = new ArrayList<>();
            long correct = 0;
            long total = 0;
            double nll = 0;
            for (int[] idx : LessonData.chunks(ids.size(), 64)) {
                GraphModel.Run run = model.forward(LessonData.inputs("tokens", LessonData.tokens(ids, idx, pad,
                        o.dtype()), "targets", tagFlow(gold, idx)));
                long[] best = run.output("tags").toLongArray();
                int t = (int) run.output("tags").size(1);
                nll += run.loss().item() * idx.length;
                for (int r = 0; r < idx.length; r++) {
                    int[] y = gold.get(idx[r]);
                    List<String> gs = new ArrayList<>();
                    List<String> ps = new ArrayList<>();
                    for (int j = 0; j < y.length; j++) {
                        gs.add(tags.get(y[j]));
                        ps.add(tags.get((int) best[r * t + j]));
                        correct += y[j] == best[r * t + j] ? 1 : 0;
                        total++;
                    }
                    g.add(gs);
                    p.add(ps);
                }
            }
            EntityF1.Result f = EntityF1.score(g, p);
            Map<String, Double> m = new LinkedHashMap<>();
            m.put("val_loss", ids.isEmpty() ? Double.NaN : nll / ids.size());
            m.put("val_token_accuracy", total == 0 ? Double.NaN : (double) correct / total);
            m.put("precision", 100 * f.overall().precision());
            m.put("recall", 100 * f.overall().recall());
            m.put("f1", 100 * f.overall().f1());
            return m;
        });
    }
}
