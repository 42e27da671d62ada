package org.seqlab.lesson;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.seqlab.SeqLabException;
import org.seqlab.data.corpus.ParallelText;
import org.seqlab.data.corpus.TextPair;
import org.seqlab.data.synthetic.SymbolTask;
import org.seqlab.data.synthetic.ToyTranslation;
import org.seqlab.data.tokenize.CharTokenizer;
import org.seqlab.data.tokenize.Tokenizer;
import org.seqlab.data.tokenize.Vocabulary;
import org.seqlab.data.tokenize.WordTokenizer;
import org.seqlab.decode.GraphNextToken;
import org.seqlab.model.blocks.BlockKinds;
import org.seqlab.model.compile.GraphModel;
import org.seqlab.model.graph.Flow;
import org.seqlab.model.graph.ModelGraph;
import org.seqlab.model.templates.Seq2SeqAttention;
import org.seqlab.model.templates.TransformerSeq2Seq;
import org.seqlab.train.GraphTask;
import org.seqlab.train.TeacherForcing;
import org.seqlab.train.TrainConfig;
import org.seqlab.train.metrics.Accuracy;
import org.seqlab.train.metrics.Bleu;
import org.seqlab.train.optim.Adam;
import org.seqlab.train.optim.Clipping;
import org.seqlab.train.optim.Optimizer;
import org.seqlab.train.optim.Schedule;

/**
 * Experiments 04, 05 and 08: an encoder-decoder trained teacher-forced (or with scheduled sampling) on pairs of
 * sequences — reversal or toy translation with a recurrent decoder attending to the encoder, the Annotated
 * Transformer's copy task, translation of a parallel TSV — and evaluated by decoding the held-out sources.
 */
final class Seq2Seq {
    private static final int BATCH = 32;

    private Seq2Seq() {
    }

    /**
     * Pairs as ids. Decoder inputs are {@code bos} then the targets without their last token; targets end in
     * {@code eos} when there is one ({@code eos} &lt; 0: fixed-length outputs, as the copy task's).
     */
    record Data(List<int[]> sourceTrain, List<int[]> targetTrain, List<int[]> sourceValidation,
                List<int[]> targetValidation, List<String> referenceValidation, Tokenizer source, Tokenizer target,
                int bos, int eos, int pad, String summary) {
    }

    /** What a run decodes with and how it is scored. */
    record Setup(ModelGraph graph, java.util.function.Function<Map<String, org.seqlab.autograd.Tensor>, Optimizer> optimizer, Schedule schedule, Clipping clipping,
                 TeacherForcing forcing, int beam, boolean bleu, int batch) {
    }

    // ---------------------------------------------------------------- 04

    static Prepared attention(Experiment e, ExperimentOptions o) {
        Variant v = e.variant(o);
        String task = v.choice("task", "reverse", "translate");
        String cell = v.choice("cell", "gru", "lstm");
        String attention = v.choice("attention", "additive", "dot", "general");
        int length = v.integer("length", 2, 200);
        int hidden = v.integer("hidden", 1, 4096);
        Data d;
        if (!o.data().isEmpty() || task.equals("translate")) {
            d = words(o, v.integer("source_column", 0, 1000), v.integer("target_column", 0, 1000), false);
        } else {
            SymbolTask t = SymbolTask.reverse(Math.max(2, length / 2), length);
            List<TextPair> train = o.evaluateAll() ? List.of() : t.generate(4000, o.seed());
            List<TextPair> val = t.generate(300, o.seed() + 7919);
            Vocabulary vocab = o.vocabularies().containsKey("source")
                    ? new Vocabulary(o.vocabularies().get("source"), Vocabulary.UNK, Vocabulary.PAD)
                    : Vocabulary.withSpecials(SymbolTask.LETTERS.chars().mapToObj(c -> String.valueOf((char) c))
                            .toList());
            CharTokenizer tok = new CharTokenizer(vocab);
            d = encode(train, val, tok, tok, vocab.id(Vocabulary.BOS), vocab.id(Vocabulary.EOS), vocab.padId(),
                    "reversal of " + Math.max(2, length / 2) + "-" + length + " letters: " + train.size()
                            + " training and " + val.size() + " held-out pairs, generated (seed " + o.seed() + ")");
        }
        Seq2SeqAttention.Config c = new Seq2SeqAttention.Config(cell, attention, d.source().vocabularySize(),
                d.target().vocabularySize(), 32, hidden);
        ModelGraph graph = new Seq2SeqAttention("seq2seq-" + cell + "-" + attention, "", c).graph();
        return build(e, o, d, new Setup(graph, p -> new Adam(p, Adam.Config.adam()), new Schedule.Constant(3e-3),
                Clipping.globalNorm(1.0), new TeacherForcing.Constant(1.0), 1, task.equals("translate")
                        || !o.data().isEmpty(), BATCH));
    }

    // ---------------------------------------------------------------- 05

    /** The Annotated Transformer's copy task: ids 0 pad, 1 start, 2..10 symbols; the target is the source. */
    static Prepared copy(Experiment e, ExperimentOptions o) {
        Variant v = e.variant(o);
        int length = v.integer("length", 2, 500);
        int d = v.integer("d", 8, 1024);
        int heads = v.integer("heads", 1, 64);
        int layers = v.integer("layers", 1, 12);
        int warmup = v.integer("warmup", 1, 1_000_000);
        double smoothing = v.number("smoothing", 0, 0.99);
        if (d % heads != 0) {
            throw new SeqLabException("Setting d of experiment 05 must be a multiple of heads; found d " + d
                    + " and " + heads + " heads.");
        }
        List<String> tokens = new ArrayList<>(List.of(Vocabulary.PAD, "<s>"));
        for (int i = 2; i <= 10; i++) {
            tokens.add(Integer.toString(i));
        }
        SymbolIds tok = new SymbolIds(tokens);
        List<int[]> srcTrain = new ArrayList<>();
        int trainCount = o.evaluateAll() ? 0 : 20_000;
        SplittableRandom r = new SplittableRandom(o.seed());
        for (int i = 0; i < trainCount; i++) {
            srcTrain.add(copyExample(r, length));
        }
        List<int[]> srcVal = new ArrayList<>();
        SplittableRandom rv = new SplittableRandom(o.seed() + 7919);
        for (int i = 0; i < 200; i++) {
            srcVal.add(copyExample(rv, length));
        }
        List<int[]> tgtTrain = srcTrain.stream().map(s -> Arrays.copyOfRange(s, 1, s.length)).toList();
        List<int[]> tgtVal = srcVal.stream().map(s -> Arrays.copyOfRange(s, 1, s.length)).toList();
        List<String> refs = tgtVal.stream().map(tok::decode).toList();
        Data data = new Data(srcTrain, tgtTrain, srcVal, tgtVal, refs, tok, tok, 1, -1, 0, "copy of " + (length - 1)
                + " random symbols 2..10 after the start symbol 1 (vocabulary 11, as the Annotated Transformer): "
                + trainCount + " training and " + srcVal.size() + " held-out sequences, generated (seed " + o.seed()
                + ")");
        TransformerSeq2Seq.Config c = new TransformerSeq2Seq.Config(11, 11, d, heads, layers, 4 * d, Math.max(16,
                length), 0.1, smoothing);
        return build(e, o, data, new Setup(new TransformerSeq2Seq(c).graph(),
                p -> new Adam(p, new Adam.Config(0.9, 0.98, 1e-9, 0, false)),
                new Schedule.Noam(d, warmup, 1.0), Clipping.none(), new TeacherForcing.Constant(1.0), 1, false, 80));
    }

    /** The copy task's notation: symbols 2..10 written as their ids, separated by spaces. */
    record SymbolIds(List<String> tokens) implements Tokenizer {
        @Override
        public List<String> tokenize(String text) {
            return text.isBlank() ? List.of() : List.of(text.strip().split("\\s+"));
        }

        @Override
        public int[] encode(String text) {
            List<String> parts = tokenize(text);
            int[] ids = new int[parts.size()];
            for (int i = 0; i < ids.length; i++) {
                int id = tokens.indexOf(parts.get(i));
                if (id < 2) {
                    throw new SeqLabException("The copy task reads symbols 2 to 10 separated by spaces (\"3 7 2 9\");"
                            + " found '" + parts.get(i) + "' at position " + (i + 1) + " of \"" + text + "\".");
                }
                ids[i] = id;
            }
            return ids;
        }

        @Override
        public String decode(int[] ids) {
            StringBuilder sb = new StringBuilder();
            for (int id : ids) {
                if (id >= 2) {
                    sb.append(sb.length() == 0 ? "" : " ").append(token(id));
                }
            }
            return sb.toString();
        }

        @Override
        public int vocabularySize() {
            return tokens.size();
        }

        @Override
        public String token(int id) {
            if (id < 0 || id >= tokens.size()) {
                throw new SeqLabException("Token id " + id + " is outside the copy task's 11 ids (0 to 10).");
            }
            return tokens.get(id);
        }
    }

    private static int[] copyExample(SplittableRandom r, int length) {
        int[] s = new int[length];
        s[0] = 1;
        for (int j = 1; j < length; j++) {
            s[j] = 2 + r.nextInt(9);
        }
        return s;
    }

    // ---------------------------------------------------------------- 08

    static Prepared translation(Experiment e, ExperimentOptions o) {
        Variant v = e.variant(o);
        String cell = v.choice("cell", "gru", "lstm");
        String attention = v.choice("attention", "dot", "additive", "general");
        int hidden = v.integer("hidden", 1, 4096);
        int embed = v.integer("embed", 1, 4096);
        double smoothing = v.number("smoothing", 0, 0.99);
        int beam = v.integer("beam", 1, 64);
        long steps = o.stepsOr(e.defaultSteps());
        TeacherForcing forcing = forcing(v.choice("sampling", "none", "linear", "exponential", "inverse_sigmoid"),
                v.number("teacher_forcing", 0, 1), steps);
        Data d = words(o, v.integer("source_column", 0, 1000), v.integer("target_column", 0, 1000), true);
        Seq2SeqAttention.Config c = new Seq2SeqAttention.Config(cell, attention, d.source().vocabularySize(),
                d.target().vocabularySize(), embed, hidden, smoothing);
        return build(e, o, d, new Setup(new Seq2SeqAttention("seq2seq-" + cell + "-" + attention, "", c).graph(),
                p -> new Adam(p, Adam.Config.adam()), new Schedule.Constant(2e-3), Clipping.globalNorm(1.0), forcing,
                beam, true, BATCH));
    }

    /**
     * The decay of scheduled sampling from ε = 1 to 0.5 at the end of the run, or a constant ratio ({@code none}).
     */
    static TeacherForcing forcing(String kind, double constant, long steps) {
        switch (kind) {
            case "linear":
                return new TeacherForcing.Linear(1.0, 0.5 / steps, 0.5);
            case "exponential":
                return new TeacherForcing.Exponential(Math.pow(0.5, 1.0 / steps));
            case "inverse_sigmoid": {
                // k / (k + exp(steps / k)) = 0.5 where k ln k = steps
                double k = Math.max(1, steps / Math.max(1, Math.log(steps)));
                for (int i = 0; i < 50; i++) {
                    k = Math.max(1, steps / Math.max(1e-9, Math.log(k)));
                }
                return new TeacherForcing.InverseSigmoid(k);
            }
            default:
                return new TeacherForcing.Constant(constant);
        }
    }

    /** Word-level pairs from the user's parallel TSV (90/10 or two files), or the generated toy translation. */
    private static Data words(ExperimentOptions o, int sourceColumn, int targetColumn, boolean keepCase) {
        List<TextPair> train;
        List<TextPair> val;
        String summary;
        if (o.data().isEmpty()) {
            ToyTranslation t = ToyTranslation.standard();
            List<TextPair> all = t.generate(o.evaluateAll() ? 500 : 6000, o.seed());
            // held-out pairs are sentences never seen in training
            LinkedHashSet<String> seen = new LinkedHashSet<>();
            train = new ArrayList<>();
            val = new ArrayList<>();
            for (TextPair p : all) {
                if (!o.evaluateAll() && val.size() >= 300 || o.evaluateAll()) {
                    if (o.evaluateAll()) {
                        val.add(p);
                    } else if (seen.add(p.source())) {
                        train.add(p);
                    }
                } else if (seen.add(p.source())) {
                    val.add(p);
                }
            }
            summary = "toy English→French translation (generated, seed " + o.seed() + ")";
        } else {
            if (o.data().size() > 2) {
                throw new SeqLabException("This experiment takes one parallel TSV (split 90/10) or two (training, then"
                        + " held out); found " + o.data().size() + " files: " + o.data() + ".");
            }
            ParallelText.Reader reader = ParallelText.reader().optSourceColumn(sourceColumn)
                    .optTargetColumn(targetColumn);
            List<TextPair> first = reader.read(o.data().get(0)).pairs();
            if (o.evaluateAll()) {
                train = List.of();
                val = new ArrayList<>(first);
                if (o.data().size() == 2) {
                    val.addAll(reader.read(o.data().get(1)).pairs());
                }
            } else if (o.data().size() == 2) {
                train = first;
                val = reader.read(o.data().get(1)).pairs();
            } else {
                train = new ArrayList<>();
                val = new ArrayList<>();
                int[] perm = LessonData.permutation(first.size(), 0xDA7AL);
                for (int i = 0; i < perm.length; i++) {
                    (i % 10 == 9 ? val : train).add(first.get(perm[i]));
                }
            }
            summary = o.data().size() == 1 ? o.data().get(0).getFileName() + " (every tenth pair held out)"
                    : o.data().get(0).getFileName() + " / " + o.data().get(1).getFileName();
        }
        WordTokenizer src;
        WordTokenizer tgt;
        boolean lower = !keepCase;
        if (o.vocabularies().containsKey("source") && o.vocabularies().containsKey("target")) {
            src = new WordTokenizer(new Vocabulary(o.vocabularies().get("source"), Vocabulary.UNK, Vocabulary.PAD),
                    lower);
            tgt = new WordTokenizer(new Vocabulary(o.vocabularies().get("target"), Vocabulary.UNK, Vocabulary.PAD),
                    lower);
        } else {
            int min = train.size() > 20000 ? 2 : 1;
            src = WordTokenizer.train(train.stream().map(TextPair::source).toList(), min, 30000, lower);
            tgt = WordTokenizer.train(train.stream().map(TextPair::target).toList(), min, 30000, lower);
        }
        Vocabulary tv = tgt.vocabulary();
        return encode(train, val, src, tgt, tv.id(Vocabulary.BOS), tv.id(Vocabulary.EOS), tv.padId(), summary + ": "
                + train.size() + " training and " + val.size() + " held-out pairs, " + src.vocabularySize() + " / "
                + tgt.vocabularySize() + " words");
    }

    private static Data encode(List<TextPair> train, List<TextPair> val, Tokenizer src, Tokenizer tgt, int bos,
                               int eos, int pad, String summary) {
        List<int[]> st = new ArrayList<>();
        List<int[]> tt = new ArrayList<>();
        for (TextPair p : train) {
            st.add(nonEmpty(src.encode(p.source())));
            tt.add(withEnd(tgt.encode(p.target()), eos));
        }
        List<int[]> sv = new ArrayList<>();
        List<int[]> tv = new ArrayList<>();
        List<String> refs = new ArrayList<>();
        for (TextPair p : val) {
            sv.add(nonEmpty(src.encode(p.source())));
            tv.add(withEnd(tgt.encode(p.target()), eos));
            refs.add(p.target());
        }
        return new Data(st, tt, sv, tv, refs, src, tgt, bos, eos, pad, summary);
    }

    private static int[] nonEmpty(int[] ids) {
        return ids.length == 0 ? new int[] {1} : ids;
    }

    private static int[] withEnd(int[] ids, int eos) {
        int[] out = Arrays.copyOf(ids, ids.length + 1);
        out[ids.length] = eos;
        return out;
    }

    /** {@code bos} then {@code targets} without its last token. */
    private static int[] shiftRight(int[] targets, int bos) {
        int[] in = new int[targets.length];
        in[0] = bos;
        System.arraycopy(targets, 0, in, 1, targets.length - 1);
        return in;
    }

    // ---------------------------------------------------------------- the run

    private static Prepared build(Experiment e, ExperimentOptions o, Data d, Setup s) {
        GraphModel model = GraphModel.compile(s.graph(), BlockKinds.standard(), o.dtype(), o.seed());
        List<int[]> decTrain = d.targetTrain().stream().map(t -> shiftRight(t, d.bos())).toList();
        GraphTask.Batches batches = (step, seed) -> {
            int[] idx = LessonData.pick(d.sourceTrain().size(), s.batch(), seed, step);
            Flow src = LessonData.tokens(d.sourceTrain(), idx, d.pad(), o.dtype());
            Flow targets = LessonData.targets(d.targetTrain(), idx);
            List<int[]> dec = new ArrayList<>();
            for (int i : idx) {
                dec.add(decTrain.get(i));
            }
            double ratio = s.forcing().ratio(step);
            if (ratio < 1) {
                dec = mixPredictions(model, src, dec, targets, d, ratio, LessonData.random(seed, step, 0x55), o);
            }
            Flow decoderInput = LessonData.tokens(dec, LessonData.range(0, dec.size()), d.pad(), o.dtype());
            return LessonData.inputs("src", src, "targets", targets, "decoder_input", decoderInput);
        };
        GraphTask task = new GraphTask(model, batches, in -> {
            long n = 0;
            for (long y : in.get("targets").value().toLongArray()) {
                n += y >= 0 ? 1 : 0;
            }
            return n;
        }, step -> evaluate(model, d, s, o, 100, false));
        Optimizer optimizer = s.optimizer().apply(task.parameters());
        long steps = o.stepsOr(e.defaultSteps());
        TrainConfig config = new TrainConfig(steps, s.schedule(), s.clipping(), Math.max(1, steps / 10), o.seed());
        Map<String, List<String>> vocabs = new LinkedHashMap<>();
        vocabs.put("source", vocabulary(d.source()));
        vocabs.put("target", vocabulary(d.target()));
        Prepared.Evaluation eval = () -> evaluate(model, d, s, o, 500, true);
        Prepared.Predictor predictor = r -> LessonData.evaluating(model, () -> {
            int[] src = nonEmpty(d.source().encode(r.prompt()));
            if (d.eos() < 0) {
                int[] withStart = new int[src.length + 1];
                withStart[0] = d.bos();
                System.arraycopy(src, 0, withStart, 1, src.length);
                src = withStart;
            }
            GraphNextToken next = GraphNextToken.seq2seq(model, Arrays.stream(src).asLongStream().toArray());
            GenerateRequest req = d.eos() < 0 ? new GenerateRequest(r.prompt(), src.length - 1, r.temperature(),
                    r.topK(), r.topP(), r.beam(), r.seed()) : r;
            int[] out = LessonData.decode(next, new int[] {d.bos()}, d.eos(), req);
            return d.target().decode(LessonData.stripEnd(out, d.eos()));
        });
        String summary = d.summary() + "; " + s.forcing().describe()
                + (s.beam() > 1 ? "; held-out decoded with beam " + s.beam() : "; held-out decoded greedily");
        return new Prepared(e, o, model, task, optimizer, config, "tokens", summary, vocabs, eval, predictor);
    }

    private static List<String> vocabulary(Tokenizer t) {
        if (t instanceof WordTokenizer w) {
            return w.vocabulary().tokens();
        }
        if (t instanceof CharTokenizer c) {
            return c.vocabulary().tokens();
        }
        if (t instanceof SymbolIds ids) {
            return ids.tokens();
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < t.vocabularySize(); i++) {
            out.add(t.token(i));
        }
        return out;
    }

    /**
     * Scheduled sampling's two passes (Mihaylova and Liu 2019): the teacher-forced pass without a tape gives the
     * model's prediction at every position; each decoder input after the first then reads the gold previous token
     * with probability {@code ratio}, else the prediction for it.
     */
    private static List<int[]> mixPredictions(GraphModel model, Flow src, List<int[]> dec, Flow targets, Data d,
                                              double ratio, SplittableRandom random, ExperimentOptions o) {
        Flow gold = LessonData.tokens(dec, LessonData.range(0, dec.size()), d.pad(), o.dtype());
        long[] pred = LessonData.evaluating(model, () -> LessonData.argmax(model.forward(LessonData.inputs("src", src,
                "targets", targets, "decoder_input", gold)).output("logits")));
        int t = (int) gold.value().size(1);
        List<int[]> out = new ArrayList<>();
        for (int r = 0; r < dec.size(); r++) {
            int[] row = dec.get(r).clone();
            for (int j = 1; j < row.length; j++) {
                if (random.nextDouble() >= ratio) {
                    row[j] = (int) pred[r * t + j - 1];
                }
            }
            out.add(row);
        }
        return out;
    }

    /**
     * Teacher-forced loss and token accuracy on the held-out pairs, then the first {@code decodeCount} sources
     * decoded (greedily in batches, or with the beam when {@code withBeam}): exact-match accuracy, and BLEU.
     */
    static Map<String, Double> evaluate(GraphModel model, Data d, Setup s, ExperimentOptions o, int decodeCount,
                                        boolean withBeam) {
        return LessonData.evaluating(model, () -> {
            int n = d.sourceValidation().size();
            double nll = 0;
            long tokens = 0;
            long correct = 0;
            List<int[]> decVal = d.targetValidation().stream().map(t -> shiftRight(t, d.bos())).toList();
            for (int[] idx : LessonData.chunks(n, 100)) {
                Flow targets = LessonData.targets(d.targetValidation(), idx);
                GraphModel.Run run = model.forward(LessonData.inputs("src", LessonData.tokens(d.sourceValidation(),
                        idx, d.pad(), o.dtype()), "targets", targets, "decoder_input", LessonData.tokens(decVal, idx,
                        d.pad(), o.dtype())));
                long[] y = targets.value().toLongArray();
                long[] p = LessonData.argmax(run.output("logits"));
                long real = Arrays.stream(y).filter(v -> v >= 0).count();
                nll += run.loss().item() * real;
                tokens += real;
                correct += Math.round(Accuracy.of(p, y, -100) * real);
            }
            int m = Math.min(n, decodeCount);
            List<int[]> decoded = withBeam && s.beam() > 1 ? beam(model, d, s, m) : greedy(model, d, m, o);
            long exact = 0;
            List<String> hyps = new ArrayList<>();
            List<String> refs = new ArrayList<>();
            for (int i = 0; i < m; i++) {
                int[] gold = d.eos() >= 0 ? LessonData.stripEnd(d.targetValidation().get(i), d.eos())
                        : d.targetValidation().get(i);
                exact += Arrays.equals(decoded.get(i), gold) ? 1 : 0;
                hyps.add(d.target().decode(decoded.get(i)));
                refs.add(d.referenceValidation().get(i));
            }
            Map<String, Double> out = new LinkedHashMap<>();
            out.put("val_loss", tokens == 0 ? Double.NaN : nll / tokens);
            out.put("val_token_accuracy", tokens == 0 ? Double.NaN : (double) correct / tokens);
            out.put("exact_match", m == 0 ? Double.NaN : (double) exact / m);
            if (s.bleu() && m > 0) {
                out.put("bleu", Bleu.corpus(hyps, List.of(refs)).score());
            }
            out.put("decoded", (double) m);
            return out;
        });
    }

    /** The first {@code m} held-out sources decoded greedily, 100 at a time, each up to its end token. */
    private static List<int[]> greedy(GraphModel model, Data d, int m, ExperimentOptions o) {
        List<int[]> out = new ArrayList<>();
        for (int[] idx : LessonData.chunks(m, 100)) {
            Flow src = LessonData.tokens(d.sourceValidation(), idx, d.pad(), o.dtype());
            int maxLen = 0;
            for (int i : idx) {
                maxLen = Math.max(maxLen, d.eos() >= 0 ? 2 * d.sourceValidation().get(i).length + 10
                        : d.targetValidation().get(i).length);
            }
            int b = idx.length;
            List<List<Integer>> rows = new ArrayList<>();
            boolean[] done = new boolean[b];
            long[] prefix = new long[b];
            Arrays.fill(prefix, d.bos());
            int t = 1;
            for (int r = 0; r < b; r++) {
                rows.add(new ArrayList<>());
            }
            for (int step = 0; step < maxLen; step++) {
                org.seqlab.autograd.Tensor in = org.seqlab.autograd.Tensor.indices(prefix, b, t);
                Flow dec = Flow.of(in);
                long[] p = LessonData.argmax(model.forward(LessonData.inputs("src", src, "targets", dec,
                        "decoder_input", dec)).output("logits"));
                long[] next = new long[b * (t + 1)];
                boolean all = true;
                for (int r = 0; r < b; r++) {
                    System.arraycopy(prefix, r * t, next, r * (t + 1), t);
                    long tok = p[r * t + t - 1];
                    next[r * (t + 1) + t] = done[r] ? d.pad() : tok;
                    if (!done[r]) {
                        if (tok == d.eos()) {
                            done[r] = true;
                        } else {
                            rows.get(r).add((int) tok);
                            if (d.eos() < 0 && rows.get(r).size() >= d.targetValidation().get(idx[r]).length) {
                                done[r] = true;
                            }
                        }
                    }
                    all &= done[r];
                }
                prefix = next;
                t++;
                if (all) {
                    break;
                }
            }
            for (List<Integer> row : rows) {
                out.add(row.stream().mapToInt(Integer::intValue).toArray());
            }
        }
        return out;
    }

    private static List<int[]> beam(GraphModel model, Data d, Setup s, int m) {
        List<int[]> out = new ArrayList<>();
        for (int i = 0; i < m; i++) {
            int[] src = d.sourceValidation().get(i);
            GraphNextToken next = GraphNextToken.seq2seq(model, Arrays.stream(src).asLongStream().toArray());
            GenerateRequest r = new GenerateRequest("", 2 * src.length + 10, 0, 0, 1, s.beam(), 1);
            out.add(LessonData.stripEnd(LessonData.decode(next, new int[] {d.bos()}, d.eos(), r), d.eos()));
        }
        return out;
    }
}
