package org.seqlab.train.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Entity-level precision, recall and F1 as conlleval (and seqeval's default mode, a port of it) count them: a
 * chunk is a (type, start, end) read leniently from IOB1, BIO or IOBES tags with conlleval's
 * {@code startOfChunk} / {@code endOfChunk} rules (an {@code I-X} after {@code O} or after another type starts a
 * chunk, as conlleval does); a predicted chunk is correct when the gold tags have the very same chunk. Micro
 * averaged over the corpus, and per type.
 */
public final class EntityF1 {

    /** Counts and scores of one type (or of all). */
    public record Score(long correct, long predicted, long gold) {
        public double precision() {
            return predicted == 0 ? 0 : (double) correct / predicted;
        }

        public double recall() {
            return gold == 0 ? 0 : (double) correct / gold;
        }

        public double f1() {
            double p = precision();
            double r = recall();
            return p + r == 0 ? 0 : 2 * p * r / (p + r);
        }
    }

    /** The overall (micro) score and one per type, types sorted. */
    public record Result(Score overall, Map<String, Score> byType) {
        public Result {
            byType = Map.copyOf(byType);
        }
    }

    /** A chunk of tokens {@code [start, end)}. */
    public record Chunk(String type, int start, int end) {
    }

    private EntityF1() {
    }

    /** Scores every sentence's predicted tags against its gold tags (same lengths). */
    public static Result score(List<List<String>> gold, List<List<String>> predicted) {
        if (gold.size() != predicted.size()) {
            throw new IllegalArgumentException("Entity F1 needs one prediction per sentence: " + gold.size()
                    + " gold sentences, " + predicted.size() + " predicted");
        }
        Map<String, long[]> counts = new TreeMap<>();      // type -> {correct, predicted, gold}
        for (int s = 0; s < gold.size(); s++) {
            List<String> g = gold.get(s);
            List<String> p = predicted.get(s);
            if (g.size() != p.size()) {
                throw new IllegalArgumentException("Sentence " + s + " has " + g.size() + " gold tags but "
                        + p.size() + " predicted tags");
            }
            List<Chunk> gc = chunks(g);
            List<Chunk> pc = chunks(p);
            for (Chunk c : gc) {
                counts.computeIfAbsent(c.type(), k -> new long[3])[2]++;
            }
            for (Chunk c : pc) {
                long[] n = counts.computeIfAbsent(c.type(), k -> new long[3]);
                n[1]++;
                if (gc.contains(c)) {
                    n[0]++;
                }
            }
        }
        long[] all = new long[3];
        Map<String, Score> byType = new TreeMap<>();
        counts.forEach((type, n) -> {
            byType.put(type, new Score(n[0], n[1], n[2]));
            for (int i = 0; i < 3; i++) {
                all[i] += n[i];
            }
        });
        return new Result(new Score(all[0], all[1], all[2]), byType);
    }

    /** The chunks of one tag sequence, read leniently as conlleval reads them. */
    public static List<Chunk> chunks(List<String> tags) {
        List<Chunk> out = new ArrayList<>();
        String prevTag = "O";
        String prevType = "";
        int start = -1;
        for (int i = 0; i <= tags.size(); i++) {
            String tag = i < tags.size() ? Objects.requireNonNull(tags.get(i), "tag") : "O";
            String prefix = prefix(tag);
            String type = type(tag);
            if (start >= 0 && endOfChunk(prevTag, prefix, prevType, type)) {
                out.add(new Chunk(prevType, start, i));
                start = -1;
            }
            if (startOfChunk(prevTag, prefix, prevType, type)) {
                start = i;
            }
            prevTag = prefix;
            prevType = type;
        }
        return out;
    }

    private static String prefix(String tag) {
        if (tag.equals("O") || tag.isEmpty()) {
            return "O";
        }
        int dash = tag.indexOf('-');
        return dash == 1 ? tag.substring(0, 1) : "I";      // a bare type reads as I-type, as conlleval's -r off
    }

    private static String type(String tag) {
        if (tag.equals("O") || tag.isEmpty()) {
            return "";
        }
        int dash = tag.indexOf('-');
        return dash == 1 ? tag.substring(2) : tag;
    }

    /** conlleval's endOfChunk. */
    static boolean endOfChunk(String prevTag, String tag, String prevType, String type) {
        boolean end = false;
        end |= prevTag.equals("E") || prevTag.equals("S");
        end |= prevTag.equals("B") && (tag.equals("B") || tag.equals("S") || tag.equals("O"));
        end |= prevTag.equals("I") && (tag.equals("B") || tag.equals("S") || tag.equals("O"));
        end |= !prevTag.equals("O") && !prevType.equals(type);
        return end;
    }

    /** conlleval's startOfChunk. */
    static boolean startOfChunk(String prevTag, String tag, String prevType, String type) {
        boolean start = false;
        start |= tag.equals("B") || tag.equals("S");
        start |= (prevTag.equals("E") || prevTag.equals("S") || prevTag.equals("O"))
                && (tag.equals("E") || tag.equals("I"));
        start |= !tag.equals("O") && !prevType.equals(type);
        return start;
    }
}
