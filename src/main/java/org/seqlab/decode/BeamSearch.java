package org.seqlab.decode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Beam search that returns its whole tree for the app to draw: every hypothesis it kept, every one it cut
 * (the best {@code beamWidth} of those cut at each step), and every finished one, with its parent, token,
 * cumulative log-probability and length-normalised score.
 *
 * <p>At each step every live hypothesis is extended by every token; the candidates are ranked by cumulative
 * log-probability (ties: lower parent id, then lower token); a candidate ending in the end token is
 * <b>finished</b>, the best {@code beamWidth} others are <b>kept</b>, the rest <b>pruned</b>. The search stops
 * when {@code beamWidth} hypotheses have finished, none is live, or after {@code maxTokens} steps (live ones then
 * count as finished at that length). The answer is the finished hypothesis with the best score
 * {@code logP / length^α} (Wu et al. 2016's length normalisation without their constant; α = 0: raw log-prob,
 * which favours short outputs).
 */
public final class BeamSearch {

    /**
     * @param beamWidth hypotheses kept per step
     * @param lengthPenalty α of the length normalisation
     * @param maxTokens the longest output
     */
    public record Config(int beamWidth, double lengthPenalty, int maxTokens) {
        public Config {
            if (beamWidth < 1 || maxTokens < 1 || !(lengthPenalty >= 0)) {
                throw new IllegalArgumentException("Beam search needs a beam width ≥ 1, maxTokens ≥ 1 and a length"
                        + " penalty ≥ 0; found " + beamWidth + ", " + maxTokens + ", " + lengthPenalty);
            }
        }
    }

    /** A node's fate. */
    public enum Status { ROOT, KEPT, PRUNED, FINISHED }

    /**
     * One node of the tree.
     *
     * @param id its index in {@link Result#tree()}
     * @param parent the parent's id (-1 for the root)
     * @param token the token it adds (-1 for the root)
     * @param step how many tokens it holds after the start
     * @param logProb the cumulative log-probability
     * @param score {@code logProb / step^α}
     * @param status kept, pruned, finished (or the root)
     */
    public record Node(int id, int parent, int token, int step, double logProb, double score, Status status) {
    }

    /** A finished hypothesis: its tokens after the start (the end token included when it ended so). */
    public record Hypothesis(int[] tokens, double logProb, double score, int node) {
        public Hypothesis {
            tokens = tokens.clone();
        }

        @Override
        public int[] tokens() {
            return tokens.clone();
        }
    }

    /** The tree, and the finished hypotheses best first. */
    public record Result(List<Node> tree, List<Hypothesis> hypotheses) {
        public Result {
            tree = List.copyOf(tree);
            hypotheses = List.copyOf(hypotheses);
        }

        public Hypothesis best() {
            return hypotheses.get(0);
        }
    }

    private BeamSearch() {
    }

    public static Result search(NextToken model, int[] start, int end, Config config) {
        if (start.length == 0) {
            throw new IllegalArgumentException("Decoding needs a start: at least the start token");
        }
        List<Node> tree = new ArrayList<>();
        tree.add(new Node(0, -1, -1, 0, 0, 0, Status.ROOT));
        List<Integer> live = new ArrayList<>(List.of(0));
        List<Integer> finished = new ArrayList<>();
        double alpha = config.lengthPenalty();
        int width = config.beamWidth();
        for (int step = 1; step <= config.maxTokens() && !live.isEmpty() && finished.size() < width; step++) {
            List<double[]> candidates = new ArrayList<>();       // {logProb, parent, token}
            for (int id : live) {
                Node n = tree.get(id);
                double[] lp = model.logProbabilities(prefix(tree, start, id));
                for (int v = 0; v < lp.length; v++) {
                    if (lp[v] > Double.NEGATIVE_INFINITY) {
                        candidates.add(new double[] {n.logProb() + lp[v], id, v});
                    }
                }
            }
            candidates.sort(Comparator.<double[]>comparingDouble(c -> -c[0]).thenComparingDouble(c -> c[1])
                    .thenComparingDouble(c -> c[2]));
            List<Integer> next = new ArrayList<>();
            int pruned = 0;
            for (double[] c : candidates) {
                if (next.size() >= width && pruned >= width) {
                    break;
                }
                int token = (int) c[2];
                double score = c[0] / Math.pow(step, alpha);
                boolean ends = token == end;
                Status status;
                if (next.size() < width && (ends ? finished.size() < width : true)) {
                    status = ends ? Status.FINISHED : Status.KEPT;
                } else {
                    status = Status.PRUNED;
                    pruned++;
                }
                int id = tree.size();
                tree.add(new Node(id, (int) c[1], token, step, c[0], score, status));
                if (status == Status.FINISHED) {
                    finished.add(id);
                    next.add(-1);                         // a finished hypothesis takes a place in this step's beam
                } else if (status == Status.KEPT) {
                    next.add(id);
                }
            }
            next.removeIf(id -> id < 0);
            live = next;
            if (step == config.maxTokens()) {
                finished.addAll(live);                    // out of length: the live ones end here
            }
        }
        List<Hypothesis> out = new ArrayList<>();
        for (int id : finished) {
            Node n = tree.get(id);
            out.add(new Hypothesis(tokens(tree, id), n.logProb(), n.score(), id));
        }
        if (out.isEmpty()) {
            for (int id : live) {
                Node n = tree.get(id);
                out.add(new Hypothesis(tokens(tree, id), n.logProb(), n.score(), id));
            }
        }
        out.sort(Comparator.comparingDouble((Hypothesis h) -> -h.score()).thenComparingInt(Hypothesis::node));
        return new Result(tree, out);
    }

    private static int[] tokens(List<Node> tree, int id) {
        int[] out = new int[tree.get(id).step()];
        for (int n = id; tree.get(n).parent() >= 0; n = tree.get(n).parent()) {
            out[tree.get(n).step() - 1] = tree.get(n).token();
        }
        return out;
    }

    private static int[] prefix(List<Node> tree, int[] start, int id) {
        int[] t = tokens(tree, id);
        int[] p = Arrays.copyOf(start, start.length + t.length);
        System.arraycopy(t, 0, p, start.length, t.length);
        return p;
    }
}
