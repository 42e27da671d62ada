package org.seqlab.data.batch;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.seqlab.SeqLabException;
import org.seqlab.data.tokenize.Vocabulary;

/**
 * Cuts id sequences into padded {@link Batch}es (or {@link Seq2SeqBatch}es for pairs).
 *
 * <p>The order, given a seed ({@link Builder#optShuffle}) and a bucket size ({@link Builder#optBuckets}):
 * <ol>
 *   <li>the example positions are shuffled with the seed (Fisher-Yates over one {@link SplittableRandom});
 *       without a seed they stay in list order;</li>
 *   <li>with buckets of {@code k}: the order is cut into chunks of {@code k * batchSize} examples and each
 *       chunk is sorted by length, shortest first (stable; pairs by source length), so a batch holds examples
 *       of similar length and pads little while chunks keep the randomness;</li>
 *   <li>the order is cut into batches of {@code batchSize}; the last may be smaller unless
 *       {@link Builder#optDropLast} is set;</li>
 *   <li>with buckets and a seed, the batches themselves are shuffled with the same random stream, so lengths
 *       do not rise through an epoch.</li>
 * </ol>
 * For a new order each epoch pass a new seed (for example {@code seed + epoch}). Empty sequences are refused
 * (a row of only padding has nothing to attend to); an empty target of a pair is fine (it becomes BOS / EOS).
 */
public final class Batcher {
    private final int batchSize;
    private final long padId;
    private final Long seed;
    private final int buckets;
    private final boolean dropLast;

    private Batcher(Builder b) {
        this.batchSize = b.batchSize;
        this.padId = b.padId;
        this.seed = b.seed;
        this.buckets = b.buckets;
        this.dropLast = b.dropLast;
    }

    /** A builder; {@code setBatchSize} and {@code setPadId} are required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * One batch of {@code sequences} in the given order, padded with {@code padId} to the longest;
     * {@code indices[i]} is recorded as the source position of row {@code i}.
     */
    public static Batch pad(List<int[]> sequences, int[] indices, long padId) {
        if (indices.length != sequences.size()) {
            throw new SeqLabException("pad needs one index per sequence, got " + indices.length + " indices for "
                    + sequences.size() + " sequences.");
        }
        int t = 0;
        for (int[] s : sequences) {
            t = Math.max(t, s.length);
        }
        int b = sequences.size();
        long[][] ids = new long[b][t];
        long[][] mask = new long[b][t];
        int[] lengths = new int[b];
        for (int r = 0; r < b; r++) {
            int[] s = sequences.get(r);
            Arrays.fill(ids[r], padId);
            for (int i = 0; i < s.length; i++) {
                ids[r][i] = s[i];
                mask[r][i] = 1;
            }
            lengths[r] = s.length;
        }
        return new Batch(ids, mask, lengths, indices.clone());
    }

    /** The batches of {@code sequences} in the order of the class comment. */
    public List<Batch> batches(List<int[]> sequences) {
        int[] lengths = check(sequences, "Sequence", false);
        List<Batch> out = new ArrayList<>();
        for (int[] group : order(lengths)) {
            List<int[]> rows = new ArrayList<>(group.length);
            for (int i : group) {
                rows.add(sequences.get(i));
            }
            out.add(pad(rows, group, padId));
        }
        return out;
    }

    /**
     * Batches of pairs: sources padded as they are; decoder input BOS + target and decoder target target + EOS,
     * both padded to the longest target + 1. Bucketing sorts by source length.
     */
    public List<Seq2SeqBatch> pairBatches(List<int[]> sources, List<int[]> targets, int bosId, int eosId) {
        if (sources.size() != targets.size()) {
            throw new SeqLabException("Seq2seq batching needs one target per source, got " + sources.size()
                    + " sources and " + targets.size() + " targets.");
        }
        if (bosId < 0 || eosId < 0) {
            throw new SeqLabException("BOS and EOS ids cannot be negative, got " + bosId + " and " + eosId + ".");
        }
        int[] lengths = check(sources, "Source", false);
        check(targets, "Target", true);
        List<Seq2SeqBatch> out = new ArrayList<>();
        for (int[] group : order(lengths)) {
            List<int[]> src = new ArrayList<>(group.length);
            List<int[]> in = new ArrayList<>(group.length);
            List<int[]> tgt = new ArrayList<>(group.length);
            for (int i : group) {
                int[] t = targets.get(i);
                int[] withBos = new int[t.length + 1];
                int[] withEos = new int[t.length + 1];
                withBos[0] = bosId;
                System.arraycopy(t, 0, withBos, 1, t.length);
                System.arraycopy(t, 0, withEos, 0, t.length);
                withEos[t.length] = eosId;
                src.add(sources.get(i));
                in.add(withBos);
                tgt.add(withEos);
            }
            out.add(new Seq2SeqBatch(pad(src, group, padId), pad(in, group, padId), pad(tgt, group, padId)));
        }
        return out;
    }

    /** {@link #pairBatches(List, List, int, int)} with the {@code <bos>} and {@code <eos>} ids of {@code target}. */
    public List<Seq2SeqBatch> pairBatches(List<int[]> sources, List<int[]> targets, Vocabulary target) {
        int bos = target.find(Vocabulary.BOS).orElseThrow(() -> missing(Vocabulary.BOS));
        int eos = target.find(Vocabulary.EOS).orElseThrow(() -> missing(Vocabulary.EOS));
        return pairBatches(sources, targets, bos, eos);
    }

    private static SeqLabException missing(String token) {
        return new SeqLabException("The target vocabulary has no " + token + " token, which seq2seq batching needs;"
                + " build it with Vocabulary.withSpecials.");
    }

    /** The example positions of each batch, in batch order (see the class comment). */
    List<int[]> order(int[] lengths) {
        int n = lengths.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        SplittableRandom random = seed == null ? null : new SplittableRandom(seed);
        if (random != null) {
            shuffle(order, random);
        }
        if (buckets > 0) {
            int chunk = buckets * batchSize;
            for (int from = 0; from < n; from += chunk) {
                Arrays.sort(order, from, Math.min(n, from + chunk), Comparator.comparingInt(i -> lengths[i]));
            }
        }
        List<int[]> groups = new ArrayList<>();
        for (int from = 0; from < n; from += batchSize) {
            int to = Math.min(n, from + batchSize);
            if (to - from < batchSize && dropLast) {
                break;
            }
            int[] group = new int[to - from];
            for (int i = from; i < to; i++) {
                group[i - from] = order[i];
            }
            groups.add(group);
        }
        if (buckets > 0 && random != null) {
            int[][] g = groups.toArray(new int[0][]);
            shuffle(g, random);
            groups = new ArrayList<>(Arrays.asList(g));
        }
        return groups;
    }

    private static <T> void shuffle(T[] a, SplittableRandom random) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            T t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    private static int[] check(List<int[]> sequences, String what, boolean emptyAllowed) {
        int[] lengths = new int[sequences.size()];
        for (int i = 0; i < lengths.length; i++) {
            int[] s = sequences.get(i);
            if (s.length == 0 && !emptyAllowed) {
                throw new SeqLabException(what + " " + i + " is empty: every sequence needs at least one token; remove"
                        + " empty examples before batching.");
            }
            for (int id : s) {
                if (id < 0) {
                    throw new SeqLabException(what + " " + i + " holds the id " + id + ": ids cannot be negative.");
                }
            }
            lengths[i] = s.length;
        }
        return lengths;
    }

    /** Options of a {@link Batcher}: {@code set} methods are required, {@code opt} methods optional. */
    public static final class Builder {
        private int batchSize = -1;
        private long padId = -1;
        private Long seed;
        private int buckets;
        private boolean dropLast;

        private Builder() {
        }

        /** The number of sequences per batch (at least 1). */
        public Builder setBatchSize(int batchSize) {
            if (batchSize < 1) {
                throw new SeqLabException("A batch size must be at least 1, got " + batchSize + ".");
            }
            this.batchSize = batchSize;
            return this;
        }

        /** The id written after each sequence up to the batch's length. */
        public Builder setPadId(int padId) {
            if (padId < 0) {
                throw new SeqLabException("A pad id cannot be negative, got " + padId + ".");
            }
            this.padId = padId;
            return this;
        }

        /** The pad id of {@code vocabulary} (which must have a padding token). */
        public Builder setPadId(Vocabulary vocabulary) {
            if (vocabulary.padId() < 0) {
                throw new SeqLabException("The vocabulary has no padding token, which batching needs; build it with"
                        + " Vocabulary.withSpecials or give the pad id.");
            }
            return setPadId(vocabulary.padId());
        }

        /** Shuffles the examples (and, with buckets, the batches) with {@code seed}. */
        public Builder optShuffle(long seed) {
            this.seed = seed;
            return this;
        }

        /** Sorts by length within chunks of {@code k} batches (k at least 1; 0 = no bucketing). */
        public Builder optBuckets(int k) {
            if (k < 0) {
                throw new SeqLabException("A bucket size counts batches and cannot be negative, got " + k + ".");
            }
            this.buckets = k;
            return this;
        }

        /** Leaves out a last batch smaller than the batch size. */
        public Builder optDropLast(boolean drop) {
            this.dropLast = drop;
            return this;
        }

        /** The batcher; refuses a missing batch size or pad id. */
        public Batcher build() {
            if (batchSize < 0 || padId < 0) {
                throw new SeqLabException("A batcher needs " + (batchSize < 0 ? "a batch size (setBatchSize)" : "")
                        + (batchSize < 0 && padId < 0 ? " and " : "") + (padId < 0 ? "a pad id (setPadId)" : "") + ".");
            }
            return new Batcher(this);
        }
    }
}
