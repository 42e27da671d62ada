package org.seqlab.debug;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.seqlab.SeqLabException;
import org.seqlab.autograd.Phase;
import org.seqlab.autograd.Tensor;
import org.seqlab.autograd.Trace;
import org.seqlab.autograd.TraceEvent;

/**
 * The numbers of the attention panel, read from a {@link Recording}'s trace: every attention module of the pass
 * as a heads × queries × keys matrix of weights for batch item 0, with the stages before the softmax (the raw
 * scores, scaled, masked), the mask, which kind of attention it is, and for each query row the trace index of the
 * event that computed it, so that a view can fill the rows in as the cursor reaches them.
 *
 * <h2>The rule, on the trace</h2>
 * <ol>
 *   <li>an attention module is a forward {@code softmax} event whose label ends in {@code /weights}; the module is
 *       the label without it ({@code transformer/encoder/layers/0/self_attn/attn}). Its stages are the last forward
 *       events labelled {@code MODULE/scores}, {@code MODULE/scaled} and {@code MODULE/masked} (each optional: Luong
 *       and Bahdanau attention have no {@code scaled});</li>
 *   <li>the weights' shape is {@code (B, heads…, T, S)}: batch first, the queries T and keys S last, every dimension
 *       between them a head (one head when there is none); a {@code (B, S)} value is one query;</li>
 *   <li>a module under a time step ({@code decoder/t3/attention}, see {@link StepLabel}) is one step of a recurrent
 *       decoder attending once per step: its steps are merged, in t order, into one module
 *       ({@code decoder/attention}) with one query row per step;</li>
 *   <li>a key is masked where the {@code masked} stage is −∞ or below {@link #MASKED_BELOW} (an additive mask of
 *       −1e9 or the dtype's minimum, as BERT-style models add), batch item 0, per head;</li>
 *   <li>the kind: {@link Kind#CROSS} when queries and keys come from different sequences — a recurrent decoder's
 *       attention, or a module with a part named as PyTorch and Hugging Face name cross-attention
 *       ({@code multihead_attn}, {@code cross_attn}, {@code crossattention}, {@code encoder_attn},
 *       {@code src_attn}, {@code enc_dec_attn}); otherwise {@link Kind#CAUSAL} when T = S and every key after its
 *       query is masked, else {@link Kind#SELF}.</li>
 * </ol>
 * The queries of a module come from the target side when a label part is {@code decoder} (or the module is a
 * recurrent decoder's); the keys of cross-attention come from the source side, those of self-attention from the
 * queries' side ({@link Side}): a view labels the axes with the source or target tokens by it.
 *
 * <p>The mean over heads and the attention rollout (Abnar and Zuidema 2020) are computed here as well.
 */
public final class AttentionMaps {

    /** A stage at or below this counts as masked (additive masks of −1e9, or a dtype's minimum). */
    public static final double MASKED_BELOW = -1e8;

    private static final Set<String> CROSS_NAMES = Set.of("multihead_attn", "cross_attn", "crossattention",
            "encoder_attn", "src_attn", "enc_dec_attn", "encdec_attention");
    private static final Pattern LAYER_INDEX = Pattern.compile("\\d+");

    /** Self-attention, causal (masked) self-attention, or cross-attention between two sequences. */
    public enum Kind { SELF, CAUSAL, CROSS }

    /** Which sequence an axis runs over: the source (encoder, or the only input) or the target (decoder). */
    public enum Side { SOURCE, TARGET }

    /** How the raw scores were computed: a dot product (scaled or not), or Bahdanau's additive score. */
    public enum Score { DOT, ADDITIVE }

    /**
     * One attention module, batch item 0.
     *
     * @param name the module's label ({@code transformer/decoder/layers/0/self_attn/attn}; for a recurrent
     *     decoder without the time step: {@code decoder/attention})
     * @param kind self, causal or cross
     * @param score how the scores were computed
     * @param querySide the sequence the queries (rows) run over
     * @param keySide the sequence the keys (columns) run over
     * @param heads the number of heads H
     * @param queries T, the rows
     * @param keys S, the columns
     * @param weights {@code H × T × S} row-major: {@code weights[(h * T + t) * S + s]}, the softmax
     * @param scores the raw scores, same layout (q·k or v·tanh(W q + U k))
     * @param scaled the scores divided by √d, or null when the module does not scale
     * @param masked the scores with the mask applied, or null when no mask was given
     * @param mask true where a key is masked, same layout, or null when no mask was given
     * @param rowIndex per query row, the trace index of the softmax event that computed it
     * @param firstIndex per query row, the trace index of the first event of the module's scores for it
     */
    public record AttentionMap(String name, Kind kind, Score score, Side querySide, Side keySide, int heads,
                               int queries, int keys, double[] weights, double[] scores, double[] scaled,
                               double[] masked, boolean[] mask, int[] rowIndex, int[] firstIndex) {
        public AttentionMap {
            Objects.requireNonNull(name, "name");
            int n = heads * queries * keys;
            requireLength(name, "weights", weights, n);
            requireLength(name, "scores", scores, n);
            if (scaled != null) {
                requireLength(name, "scaled", scaled, n);
            }
            if (masked != null) {
                requireLength(name, "masked", masked, n);
            }
            if (mask != null && mask.length != n) {
                throw new IllegalArgumentException(name + ": the mask holds " + mask.length + " cells, expected "
                        + heads + " × " + queries + " × " + keys);
            }
            if (rowIndex.length != queries || firstIndex.length != queries) {
                throw new IllegalArgumentException(name + ": one trace index per query row is needed (" + queries
                        + "); got " + rowIndex.length + " and " + firstIndex.length);
            }
            weights = weights.clone();
            scores = scores.clone();
            scaled = scaled == null ? null : scaled.clone();
            masked = masked == null ? null : masked.clone();
            mask = mask == null ? null : mask.clone();
            rowIndex = rowIndex.clone();
            firstIndex = firstIndex.clone();
        }

        private static void requireLength(String name, String what, double[] values, int n) {
            if (values.length != n) {
                throw new IllegalArgumentException(name + ": " + what + " holds " + values.length
                        + " values, expected " + n);
            }
        }

        @Override
        public double[] weights() {
            return weights.clone();
        }

        @Override
        public double[] scores() {
            return scores.clone();
        }

        @Override
        public double[] scaled() {
            return scaled == null ? null : scaled.clone();
        }

        @Override
        public double[] masked() {
            return masked == null ? null : masked.clone();
        }

        @Override
        public boolean[] mask() {
            return mask == null ? null : mask.clone();
        }

        @Override
        public int[] rowIndex() {
            return rowIndex.clone();
        }

        @Override
        public int[] firstIndex() {
            return firstIndex.clone();
        }

        /** The weight of key {@code s} for query {@code t} in head {@code h}. */
        public double weight(int h, int t, int s) {
            return weights[at(h, t, s)];
        }

        /** The raw score. */
        public double score(int h, int t, int s) {
            return scores[at(h, t, s)];
        }

        /** Whether key {@code s} is masked for query {@code t} in head {@code h}. */
        public boolean isMasked(int h, int t, int s) {
            return mask != null && mask[at(h, t, s)];
        }

        /** Whether a mask was applied. */
        public boolean hasMask() {
            return mask != null;
        }

        /** Head {@code h} as a T × S matrix. */
        public double[][] head(int h) {
            return matrix(weights, h);
        }

        /** A stage ({@link #scores}, {@link #scaled}, {@link #masked}) of head {@code h} as T × S, or null. */
        public double[][] stage(double[] values, int h) {
            return values == null ? null : matrix(values, h);
        }

        /** The mask of head {@code h} as T × S, or null. */
        public boolean[][] headMask(int h) {
            if (mask == null) {
                return null;
            }
            boolean[][] m = new boolean[queries][keys];
            for (int t = 0; t < queries; t++) {
                for (int s = 0; s < keys; s++) {
                    m[t][s] = mask[at(h, t, s)];
                }
            }
            return m;
        }

        /** The weights averaged over the heads, T × S (each row still sums to 1). */
        public double[][] meanOverHeads() {
            double[][] mean = new double[queries][keys];
            for (int h = 0; h < heads; h++) {
                for (int t = 0; t < queries; t++) {
                    for (int s = 0; s < keys; s++) {
                        mean[t][s] += weights[at(h, t, s)] / heads;
                    }
                }
            }
            return mean;
        }

        /** The cells masked in every head, T × S, or null without a mask. */
        public boolean[][] maskInEveryHead() {
            if (mask == null) {
                return null;
            }
            boolean[][] m = new boolean[queries][keys];
            for (int t = 0; t < queries; t++) {
                for (int s = 0; s < keys; s++) {
                    boolean all = true;
                    for (int h = 0; h < heads && all; h++) {
                        all = mask[at(h, t, s)];
                    }
                    m[t][s] = all;
                }
            }
            return m;
        }

        /** How many query rows are computed once the trace has run up to and including event {@code index}. */
        public int rowsComputedAt(int index) {
            int n = 0;
            while (n < queries && rowIndex[n] <= index) {
                n++;
            }
            return n;
        }

        /** Whether event {@code index} is one of this module's (between its first score and its last softmax). */
        public boolean spans(int index) {
            return index >= firstIndex[0] && index <= rowIndex[queries - 1];
        }

        private int at(int h, int t, int s) {
            return (h * queries + t) * keys + s;
        }

        private double[][] matrix(double[] values, int h) {
            double[][] m = new double[queries][keys];
            for (int t = 0; t < queries; t++) {
                System.arraycopy(values, (h * queries + t) * keys, m[t], 0, keys);
            }
            return m;
        }
    }

    private final List<AttentionMap> maps;

    private AttentionMaps(List<AttentionMap> maps) {
        this.maps = List.copyOf(maps);
    }

    /** Every attention module of the trace's forward pass, in the order they ran. */
    public static AttentionMaps of(Trace trace) {
        Objects.requireNonNull(trace, "trace");
        Map<String, List<TraceEvent>> byLabel = new LinkedHashMap<>();
        List<TraceEvent> softmaxes = new ArrayList<>();
        for (TraceEvent e : trace.events()) {
            if (e.phase() != Phase.FORWARD) {
                continue;
            }
            byLabel.computeIfAbsent(e.label(), k -> new ArrayList<>()).add(e);
            if ("softmax".equals(e.op()) && e.label().endsWith("/weights")) {
                softmaxes.add(e);
            }
        }
        // module name -> (t -> its one step); t = -1 for a module outside any time step
        Map<String, TreeMap<Integer, Step>> modules = new LinkedHashMap<>();
        Map<String, Integer> previous = new LinkedHashMap<>();   // a module label -> its last softmax so far
        for (TraceEvent w : softmaxes) {
            String module = w.label().substring(0, w.label().length() - "/weights".length());
            int after = previous.getOrDefault(module, -1);
            previous.put(module, w.index());
            Step read = Step.read(module, w, after, byLabel);
            Optional<StepLabel> step = StepLabel.parse(module);
            String name = module;
            int t = -1;
            if (step.isPresent()) {
                StepLabel s = step.get();
                t = s.t();
                name = s.rest().isEmpty() ? s.prefix() : s.prefix().isEmpty() ? s.rest() : s.prefix() + "/" + s.rest();
            }
            // a module label run again (a shared layer, or a step visited twice) starts a module of its own
            String key = name;
            for (int run = 2; modules.containsKey(key) && modules.get(key).containsKey(t); run++) {
                key = name + "#" + run;
            }
            modules.computeIfAbsent(key, k -> new TreeMap<>()).put(t, read);
        }
        List<AttentionMap> result = new ArrayList<>();
        for (Map.Entry<String, TreeMap<Integer, Step>> m : modules.entrySet()) {
            result.add(assemble(m.getKey(), m.getValue()));
        }
        result.sort((a, b) -> Integer.compare(a.rowIndex[0], b.rowIndex[0]));
        return new AttentionMaps(result);
    }

    /** The modules, in the order they ran. */
    public List<AttentionMap> maps() {
        return maps;
    }

    /** Whether the pass has any attention. */
    public boolean isEmpty() {
        return maps.isEmpty();
    }

    /** The module of that name. */
    public Optional<AttentionMap> map(String name) {
        return maps.stream().filter(m -> m.name().equals(name)).findFirst();
    }

    /**
     * The stack a module belongs to for rollout: its name with the layer number replaced by {@code *}
     * ({@code transformer/encoder/layers/*\/self_attn/attn}); the name itself when it has no layer number.
     */
    public static String stack(String name) {
        String[] parts = name.split("/");
        for (int i = 0; i < parts.length; i++) {
            if (LAYER_INDEX.matcher(parts[i]).matches()) {
                parts[i] = "*";
                return String.join("/", parts);
            }
        }
        return name;
    }

    /** The layer number of a module in its stack (the first all-digit part of its name), or 0. */
    public static int layerNumber(String name) {
        for (String part : name.split("/")) {
            if (LAYER_INDEX.matcher(part).matches()) {
                try {
                    return Integer.parseInt(part);
                } catch (NumberFormatException tooLong) {
                    return 0;
                }
            }
        }
        return 0;
    }

    /**
     * The modules of {@code map}'s stack up to and including it, in the order they ran: the chain attention
     * rollout multiplies. Empty for cross-attention (its keys are another sequence, so the chain does not
     * compose) and for modules whose queries and keys differ in length.
     */
    public List<AttentionMap> rolloutChain(AttentionMap map) {
        if (map.kind() == Kind.CROSS || map.queries() != map.keys()) {
            return List.of();
        }
        String stack = stack(map.name());
        List<AttentionMap> chain = new ArrayList<>();
        for (AttentionMap m : maps) {
            if (stack(m.name()).equals(stack) && m.kind() != Kind.CROSS && m.queries() == map.queries()
                    && m.keys() == map.keys()) {
                chain.add(m);
            }
            if (m == map) {
                return chain;
            }
        }
        return List.of();
    }

    /**
     * Attention rollout (Abnar and Zuidema 2020) up to {@code map}: each module's mean over heads with the
     * residual connection added as the identity, {@code Ã = (A + I) / 2} (rows still sum to 1), multiplied in the
     * order the layers ran, {@code R = Ã_L · … · Ã_1}. Row t says how much of position t's representation after
     * this layer flows from each input position. Empty when {@link #rolloutChain} is.
     */
    public Optional<double[][]> rollout(AttentionMap map) {
        List<AttentionMap> chain = rolloutChain(map);
        if (chain.isEmpty()) {
            return Optional.empty();
        }
        int n = map.queries();
        double[][] r = identity(n);
        for (AttentionMap m : chain) {
            double[][] a = m.meanOverHeads();
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    a[i][j] = 0.5 * a[i][j] + (i == j ? 0.5 : 0);
                }
            }
            r = multiply(a, r);
        }
        return Optional.of(r);
    }

    private static double[][] identity(int n) {
        double[][] id = new double[n][n];
        for (int i = 0; i < n; i++) {
            id[i][i] = 1;
        }
        return id;
    }

    private static double[][] multiply(double[][] a, double[][] b) {
        int n = a.length;
        int k = b.length;
        int m = b[0].length;
        double[][] c = new double[n][m];
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < k; p++) {
                double x = a[i][p];
                if (x != 0) {
                    for (int j = 0; j < m; j++) {
                        c[i][j] += x * b[p][j];
                    }
                }
            }
        }
        return c;
    }

    // ---- reading the trace -----------------------------------------------------------------------

    /** One softmax of a module and its stages, batch item 0: H × T × S (T = 1 for a recurrent step). */
    private record Step(String module, int heads, int queries, int keys, double[] weights, double[] scores,
                        double[] scaled, double[] masked, Score score, int weightsIndex, int firstIndex) {

        /** Reads the softmax {@code w} of {@code module} and its stages recorded after event {@code after}. */
        static Step read(String module, TraceEvent w, int after, Map<String, List<TraceEvent>> byLabel) {
            long[] dims = w.value().shape().toArray();
            int heads;
            int queries;
            int keys;
            if (dims.length == 2) {            // (B, S): one query of a recurrent step
                heads = 1;
                queries = 1;
                keys = Math.toIntExact(dims[1]);
            } else if (dims.length >= 3) {     // (B, heads…, T, S)
                long h = 1;
                for (int i = 1; i < dims.length - 2; i++) {
                    h *= dims[i];
                }
                heads = Math.toIntExact(h);
                queries = Math.toIntExact(dims[dims.length - 2]);
                keys = Math.toIntExact(dims[dims.length - 1]);
            } else {
                throw new SeqLabException("The attention weights " + w + " have shape " + w.value().shape()
                        + "; expected (batch, [heads,] queries, keys) or (batch, keys).");
            }
            int n = heads * queries * keys;
            double[] weights = batchItemZero(w.value(), n, w);
            TraceEvent scoresEvent = lastBetween(byLabel.get(module + "/scores"), after, w.index());
            TraceEvent scaledEvent = lastBetween(byLabel.get(module + "/scaled"), after, w.index());
            TraceEvent maskedEvent = lastBetween(byLabel.get(module + "/masked"), after, w.index());
            double[] scores = scoresEvent == null ? null : stageValues(scoresEvent, n, w);
            double[] scaled = scaledEvent == null ? null : stageValues(scaledEvent, n, w);
            double[] masked = maskedEvent == null ? null : stageValues(maskedEvent, n, w);
            if (scores == null) {      // a module that labels only its softmax: its input is the nearest stage
                scores = scaled != null ? scaled.clone() : masked != null ? masked.clone() : nans(n);
            }
            boolean additive = false;
            int first = scoresEvent == null ? w.index() : scoresEvent.index();
            for (Map.Entry<String, List<TraceEvent>> e : byLabel.entrySet()) {
                String label = e.getKey();
                if (label.equals(module + "/scores") || label.startsWith(module + "/scores/")) {
                    for (TraceEvent s : e.getValue()) {
                        if (s.index() > after && s.index() < w.index()) {
                            additive |= "tanh".equals(s.op());
                            first = Math.min(first, s.index());
                        }
                    }
                }
            }
            return new Step(module, heads, queries, keys, weights, scores, scaled, masked,
                    additive ? Score.ADDITIVE : Score.DOT, w.index(), first);
        }

        private static double[] nans(int n) {
            double[] v = new double[n];
            Arrays.fill(v, Double.NaN);
            return v;
        }

        private static TraceEvent lastBetween(List<TraceEvent> events, int after, int before) {
            TraceEvent last = null;
            if (events != null) {
                for (TraceEvent e : events) {
                    if (e.index() > after && e.index() < before) {
                        last = e;
                    }
                }
            }
            return last;
        }

        private static double[] stageValues(TraceEvent e, int n, TraceEvent weights) {
            if (e.value().numel() != weights.value().numel()) {
                return null;
            }
            return batchItemZero(e.value(), n, e);
        }

        private static double[] batchItemZero(Tensor value, int n, TraceEvent e) {
            double[] all = value.toDoubleArray();
            if (all.length < n) {
                throw new SeqLabException("The attention event " + e + " holds " + all.length + " values; expected"
                        + " at least " + n + " for batch item 0.");
            }
            return Arrays.copyOf(all, n);
        }
    }

    private static AttentionMap assemble(String name, TreeMap<Integer, Step> steps) {
        Step first = steps.firstEntry().getValue();
        boolean recurrent = steps.firstKey() >= 0;
        int heads = first.heads();
        int keys = first.keys();
        int queries = 0;
        for (Step s : steps.values()) {
            if (s.heads() != heads || s.keys() != keys) {
                throw new SeqLabException("The attention module " + name + " changes shape between time steps ("
                        + heads + " heads × " + keys + " keys, then " + s.heads() + " × " + s.keys() + ").");
            }
            queries += s.queries();
        }
        int n = heads * queries * keys;
        double[] weights = new double[n];
        double[] scores = new double[n];
        boolean hasScaled = steps.values().stream().allMatch(s -> s.scaled() != null);
        boolean hasMasked = steps.values().stream().allMatch(s -> s.masked() != null);
        double[] scaled = hasScaled ? new double[n] : null;
        double[] masked = hasMasked ? new double[n] : null;
        int[] rowIndex = new int[queries];
        int[] firstIndex = new int[queries];
        int row = 0;
        for (Step s : steps.values()) {
            for (int h = 0; h < heads; h++) {
                for (int t = 0; t < s.queries(); t++) {
                    int from = (h * s.queries() + t) * keys;
                    int to = (h * queries + row + t) * keys;
                    System.arraycopy(s.weights(), from, weights, to, keys);
                    System.arraycopy(s.scores(), from, scores, to, keys);
                    if (hasScaled) {
                        System.arraycopy(s.scaled(), from, scaled, to, keys);
                    }
                    if (hasMasked) {
                        System.arraycopy(s.masked(), from, masked, to, keys);
                    }
                }
            }
            for (int t = 0; t < s.queries(); t++) {
                rowIndex[row + t] = s.weightsIndex();
                firstIndex[row + t] = s.firstIndex();
            }
            row += s.queries();
        }
        boolean[] mask = null;
        if (hasMasked) {
            mask = new boolean[n];
            for (int i = 0; i < n; i++) {
                mask[i] = masked[i] <= MASKED_BELOW || Double.isNaN(masked[i]);
            }
        }
        List<String> parts = Arrays.asList(name.split("/"));
        boolean cross = recurrent
                || parts.stream().anyMatch(p -> CROSS_NAMES.contains(p.toLowerCase(Locale.ROOT)));
        boolean target = recurrent || parts.contains("decoder");
        Kind kind;
        if (cross) {
            kind = Kind.CROSS;
        } else if (mask != null && queries == keys && isCausal(mask, heads, queries)) {
            kind = Kind.CAUSAL;
        } else {
            kind = Kind.SELF;
        }
        Side querySide = target ? Side.TARGET : Side.SOURCE;
        Side keySide = cross ? Side.SOURCE : querySide;
        return new AttentionMap(name, kind, first.score(), querySide, keySide, heads, queries, keys, weights, scores,
                scaled, masked, mask, rowIndex, firstIndex);
    }

    /** Whether every key after its query is masked, in every head. */
    private static boolean isCausal(boolean[] mask, int heads, int n) {
        for (int h = 0; h < heads; h++) {
            for (int t = 0; t < n; t++) {
                for (int s = t + 1; s < n; s++) {
                    if (!mask[(h * n + t) * n + s]) {
                        return false;
                    }
                }
            }
        }
        return n > 1;
    }
}
