package org.seqlab.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.seqlab.autograd.DType;
import org.seqlab.autograd.Tensor;
import org.seqlab.decode.BeamSearch.Hypothesis;
import org.seqlab.decode.BeamSearch.Node;
import org.seqlab.decode.BeamSearch.Status;
import org.seqlab.model.blocks.BlockKinds;
import org.seqlab.model.compile.GraphModel;
import org.seqlab.model.graph.Flow;
import org.seqlab.model.templates.Templates;

class DecodeTest {

    private static final int V = 4;
    private static final int END = 3;

    /** A fixed model: the next token's distribution depends on the last token and the length (a hash). */
    private static final NextToken TOY = prefix -> {
        long h = prefix[prefix.length - 1] * 31L + prefix.length * 17L;
        double[] logits = new double[V];
        SplittableRandom r = new SplittableRandom(h);
        for (int v = 0; v < V; v++) {
            logits[v] = r.nextDouble() * 3;
        }
        return NextToken.logSoftmax(logits);
    };

    @Test
    void greedyTakesTheMostProbableTokenEachStep() {
        int[] out = Greedy.decode(TOY, new int[] {0}, END, 6);
        int[] prefix = {0};
        for (int token : out) {
            double[] lp = TOY.logProbabilities(prefix);
            int best = 0;
            for (int v = 1; v < V; v++) {
                best = lp[v] > lp[best] ? v : best;
            }
            assertThat(token).isEqualTo(best);
            prefix = Arrays.copyOf(prefix, prefix.length + 1);
            prefix[prefix.length - 1] = token;
        }
        assertThat(out.length == 6 || out[out.length - 1] == END).isTrue();
    }

    /** Every sequence of at most {@code max} tokens that ends in END (or has length max), with its log-prob. */
    private static void enumerate(int[] prefix, double lp, int max, List<double[]> out, List<int[]> seqs) {
        if (prefix.length > 1 && (prefix[prefix.length - 1] == END || prefix.length - 1 == max)) {
            out.add(new double[] {lp, prefix.length - 1});
            seqs.add(Arrays.copyOfRange(prefix, 1, prefix.length));
            return;
        }
        double[] p = TOY.logProbabilities(prefix);
        for (int v = 0; v < V; v++) {
            int[] next = Arrays.copyOf(prefix, prefix.length + 1);
            next[prefix.length] = v;
            enumerate(next, lp + p[v], max, out, seqs);
        }
    }

    @Test
    void aWideEnoughBeamFindsTheBestSequenceAndKeepsItsTree() {
        int max = 4;
        List<double[]> all = new ArrayList<>();
        List<int[]> seqs = new ArrayList<>();
        enumerate(new int[] {0}, 0, max, all, seqs);
        int bestIndex = 0;
        for (int i = 1; i < all.size(); i++) {
            bestIndex = all.get(i)[0] > all.get(bestIndex)[0] ? i : bestIndex;
        }
        // a beam as wide as the number of sequences is an exhaustive search
        BeamSearch.Result r = BeamSearch.search(TOY, new int[] {0}, END, new BeamSearch.Config(256, 0, max));
        assertThat(r.best().tokens()).containsExactly(seqs.get(bestIndex));
        assertThat(r.best().logProb()).isCloseTo(all.get(bestIndex)[0], within(1e-12));

        BeamSearch.Result narrow = BeamSearch.search(TOY, new int[] {0}, END, new BeamSearch.Config(2, 0.7, max));
        List<Node> tree = narrow.tree();
        assertThat(tree.get(0).status()).isEqualTo(Status.ROOT);
        for (Node n : tree.subList(1, tree.size())) {
            Node parent = tree.get(n.parent());
            assertThat(n.step()).isEqualTo(parent.step() + 1);
            assertThat(parent.status()).isIn(Status.ROOT, Status.KEPT);
            double lp = TOY.logProbabilities(prefixOf(tree, n.parent()))[n.token()];
            assertThat(n.logProb()).isCloseTo(parent.logProb() + lp, within(1e-12));
            assertThat(n.score()).isCloseTo(n.logProb() / Math.pow(n.step(), 0.7), within(1e-12));
        }
        for (int step = 1; step <= max; step++) {
            int s = step;
            assertThat(tree.stream().filter(n -> n.step() == s && n.status() == Status.KEPT).count())
                    .isLessThanOrEqualTo(2);
        }
        assertThat(tree).anyMatch(n -> n.status() == Status.PRUNED);
        for (int i = 1; i < narrow.hypotheses().size(); i++) {
            assertThat(narrow.hypotheses().get(i).score()).isLessThanOrEqualTo(narrow.hypotheses().get(i - 1).score());
        }
        Hypothesis again = BeamSearch.search(TOY, new int[] {0}, END, new BeamSearch.Config(2, 0.7, max)).best();
        assertThat(again.tokens()).containsExactly(narrow.best().tokens());
    }

    private static int[] prefixOf(List<Node> tree, int id) {
        List<Integer> t = new ArrayList<>();
        for (int n = id; tree.get(n).parent() >= 0; n = tree.get(n).parent()) {
            t.add(0, tree.get(n).token());
        }
        int[] p = new int[t.size() + 1];
        for (int i = 0; i < t.size(); i++) {
            p[i + 1] = t.get(i);
        }
        return p;
    }

    @Test
    void samplingCutsToTopKAndTopPAndIsSeeded() {
        double[] lp = NextToken.logSoftmax(new double[] {Math.log(0.5), Math.log(0.3), Math.log(0.15), Math.log(0.05)});
        assertThat(new Sampling(1, 2, 1).distribution(lp)).containsExactly(new double[] {0.625, 0.375, 0, 0},
                within(1e-12));
        // p = 0.7: 0.5 then 0.8 crosses it, so two tokens
        assertThat(new Sampling(1, 0, 0.7).distribution(lp)).containsExactly(new double[] {0.625, 0.375, 0, 0},
                within(1e-12));
        assertThat(new Sampling(1, 0, 0.5).distribution(lp)).containsExactly(new double[] {1, 0, 0, 0},
                within(1e-12));
        double[] hot = new Sampling(2, 0, 1).distribution(lp);
        double z = Math.sqrt(0.5) + Math.sqrt(0.3) + Math.sqrt(0.15) + Math.sqrt(0.05);
        assertThat(hot[3]).isCloseTo(Math.sqrt(0.05) / z, within(1e-12));
        int[] a = Sampling.plain().decode(TOY, new int[] {0}, END, 20, 7);
        int[] b = Sampling.plain().decode(TOY, new int[] {0}, END, 20, 7);
        assertThat(a).containsExactly(b);
        int[] counts = new int[V];
        SplittableRandom r = new SplittableRandom(1);
        for (int i = 0; i < 20000; i++) {
            counts[new Sampling(1, 0, 1).draw(lp, r)]++;
        }
        assertThat(counts[0] / 20000.0).isCloseTo(0.5, within(0.02));
        assertThat(counts[3] / 20000.0).isCloseTo(0.05, within(0.01));
        assertThatThrownBy(() -> new Sampling(0, 0, 1)).hasMessageContaining("temperature must be > 0");
    }

    @Test
    void viterbiFindsTheBestPathAsABruteForceDoes() {
        SplittableRandom r = new SplittableRandom(3);
        int steps = 5;
        int k = 3;
        double[][] e = new double[steps][k];
        double[][] tr = new double[k][k];
        double[] start = new double[k];
        double[] end = new double[k];
        for (int t = 0; t < steps; t++) {
            for (int j = 0; j < k; j++) {
                e[t][j] = r.nextGaussian();
            }
        }
        for (int i = 0; i < k; i++) {
            start[i] = r.nextGaussian();
            end[i] = r.nextGaussian();
            for (int j = 0; j < k; j++) {
                tr[i][j] = r.nextGaussian();
            }
        }
        tr[0][2] = Double.NEGATIVE_INFINITY;      // a forbidden move, as O -> I-X in BIO
        double best = Double.NEGATIVE_INFINITY;
        int[] bestPath = null;
        for (int code = 0; code < Math.pow(k, steps); code++) {
            int[] path = new int[steps];
            int c = code;
            for (int t = 0; t < steps; t++) {
                path[t] = c % k;
                c /= k;
            }
            double s = start[path[0]] + e[0][path[0]] + end[path[steps - 1]];
            for (int t = 1; t < steps; t++) {
                s += tr[path[t - 1]][path[t]] + e[t][path[t]];
            }
            if (s > best) {
                best = s;
                bestPath = path;
            }
        }
        Viterbi.Path p = Viterbi.decode(e, tr, start, end);
        assertThat(p.tags()).containsExactly(bestPath);
        assertThat(p.score()).isCloseTo(best, within(1e-12));
        assertThat(Viterbi.decode(new double[0][], tr, start, end).tags()).isEmpty();
    }

    @Test
    void aGraphLanguageModelGivesTheLastPositionsDistribution() {
        GraphModel gpt = GraphModel.compile(Templates.get("gpt-mini").graph(), BlockKinds.standard(), DType.FLOAT64, 0);
        NextToken next = GraphNextToken.languageModel(gpt, 32);
        double[] lp = next.logProbabilities(new int[] {5, 9, 12});
        double sum = 0;
        for (double x : lp) {
            sum += Math.exp(x);
        }
        assertThat(sum).isCloseTo(1, within(1e-9));
        Tensor logits = gpt.forward(java.util.Map.of("tokens",
                Flow.of(Tensor.indices(new long[] {5, 9, 12}, 1, 3)))).output("logits");
        double[] all = logits.toDoubleArray();
        double[] last = NextToken.logSoftmax(Arrays.copyOfRange(all, all.length - lp.length, all.length));
        assertThat(lp).containsExactly(last, within(1e-9));
        int[] greedy = Greedy.decode(next, new int[] {5}, -1, 5);
        assertThat(greedy).hasSize(5);

        GraphModel s2s = GraphModel.compile(Templates.get("transformer-seq2seq").graph(), BlockKinds.standard(),
                DType.FLOAT64, 0);
        BeamSearch.Result beam = BeamSearch.search(GraphNextToken.seq2seq(s2s, new long[] {10, 11, 12}),
                new int[] {2}, 3, new BeamSearch.Config(3, 0.6, 4));
        assertThat(beam.hypotheses()).isNotEmpty();
        assertThatThrownBy(() -> GraphNextToken.seq2seq(gpt, new long[] {1})).hasMessageContaining("no input 'src'");
    }
}
