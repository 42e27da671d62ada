package org.seqlab.data.tokenize;

import java.io.IOException;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.seqlab.AtomicFile;
import org.seqlab.SeqLabException;

/**
 * BERT's WordPiece, as HuggingFace's {@code BertTokenizer} applies it. First the basic tokenizer: drop NUL, U+FFFD
 * and control characters, turn every whitespace character into a space, put spaces around CJK ideographs (each
 * becomes a word of its own), split at whitespace, optionally lower-case and strip accents (NFD, combining marks
 * dropped), and split every punctuation character off as a word; the special tokens {@code [UNK] [SEP] [PAD]
 * [CLS] [MASK]} are never split or lower-cased. Then each word is cut greedily into the longest vocabulary pieces
 * from its start, every piece after the first written with a {@code ##} prefix; a word that cannot be cut
 * completely, or longer than 100 characters, is {@code [UNK]} as a whole.
 *
 * <p>{@code decode} joins the pieces with spaces and glues {@code ##} pieces to the one before, leaving out
 * {@code [PAD]}: so {@code decode(encode(s))} is {@code s} only up to spacing (around punctuation and CJK), case and
 * accents (when lower-casing), and words that became {@code [UNK]}.
 *
 * <p>{@link #train} builds a vocabulary as WordPiece does: start from every character (word-initial and {@code ##}
 * forms) and repeatedly merge the adjacent pair whose merge most raises the corpus likelihood,
 * {@code count(ab) / (count(a) · count(b))}, until the vocabulary has the size asked for.
 */
public final class WordPiece implements Tokenizer {
    public static final String PAD = "[PAD]";
    public static final String UNK = "[UNK]";
    public static final String CLS = "[CLS]";
    public static final String SEP = "[SEP]";
    public static final String MASK = "[MASK]";
    /** The specials, in the order a trained vocabulary lists them first. */
    public static final List<String> SPECIALS = List.of(PAD, UNK, CLS, SEP, MASK);
    private static final String PREFIX = "##";

    private final Vocabulary vocabulary;
    private final boolean lowerCase;
    private final int maxInputCharsPerWord;

    /** A tokenizer over {@code vocabulary}, which must hold {@code [UNK]}. */
    public WordPiece(List<String> tokens, boolean lowerCase) {
        if (!tokens.contains(UNK)) {
            throw new SeqLabException("A WordPiece vocabulary needs the token " + UNK + " for the words it cannot cut;"
                    + " found none among its " + tokens.size() + " tokens. Fix: add a line [UNK] to the vocabulary.");
        }
        this.vocabulary = new Vocabulary(tokens, UNK, tokens.contains(PAD) ? PAD : null);
        this.lowerCase = lowerCase;
        this.maxInputCharsPerWord = 100;
    }

    /** Reads a BERT {@code vocab.txt}: one token a line, the id is the line's index from 0. */
    public static WordPiece load(Path vocabTxt, boolean lowerCase) {
        List<String> lines = TokenizerFiles.readLines(vocabTxt, "WordPiece vocabulary");
        if (lines.isEmpty()) {
            throw TokenizerFiles.error(vocabTxt, 1, "one token a line (BERT's vocab.txt)", "an empty file",
                    "give the vocab.txt that came with the model");
        }
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String t = lines.get(i);
            if (t.isEmpty()) {
                throw TokenizerFiles.error(vocabTxt, i + 1, "a token", "an empty line",
                        "remove the blank line (ids are line numbers, so every line must hold a token)");
            }
            Integer before = seen.put(t, i);
            if (before != null) {
                throw TokenizerFiles.error(vocabTxt, i + 1, "a token not listed before", "the token "
                        + TokenizerFiles.quote(t) + " again (first on line " + (before + 1) + ")",
                        "remove one of the two lines");
            }
        }
        if (!seen.containsKey(UNK)) {
            throw new SeqLabException(vocabTxt + ": expected the token " + UNK + " on a line of its own, found none"
                    + " among " + lines.size() + " tokens. Fix: add a line " + UNK + " (BERT's vocab.txt has it on line"
                    + " 101).");
        }
        return new WordPiece(lines, lowerCase);
    }

    /** Writes the vocabulary as {@code vocab.txt}, one token a line, atomically. */
    public void save(Path vocabTxt) {
        StringBuilder sb = new StringBuilder();
        for (String t : vocabulary.tokens()) {
            sb.append(t).append('\n');
        }
        try {
            AtomicFile.writeString(vocabTxt, sb.toString());
        } catch (IOException e) {
            throw new SeqLabException("Cannot save the WordPiece vocabulary to " + vocabTxt + ": " + e.getMessage()
                    + ". Fix: check that the folder exists and is writable.", e);
        }
    }

    public Vocabulary vocabulary() {
        return vocabulary;
    }

    public boolean lowerCase() {
        return lowerCase;
    }

    public int unkId() {
        return vocabulary.unkId();
    }

    public int padId() {
        return vocabulary.padId();
    }

    /** The id of [CLS], or -1. */
    public int clsId() {
        return vocabulary.find(CLS).orElse(-1);
    }

    /** The id of [SEP], or -1. */
    public int sepId() {
        return vocabulary.find(SEP).orElse(-1);
    }

    /** The id of [MASK], or -1. */
    public int maskId() {
        return vocabulary.find(MASK).orElse(-1);
    }

    @Override
    public List<String> tokenize(String text) {
        List<String> out = new ArrayList<>();
        for (String word : basicTokenize(text, lowerCase)) {
            if (SPECIALS.contains(word)) {
                out.add(vocabulary.find(word).isPresent() ? word : UNK);
            } else {
                pieces(word, out);
            }
        }
        return out;
    }

    @Override
    public int[] encode(String text) {
        return tokenize(text).stream().mapToInt(vocabulary::id).toArray();
    }

    @Override
    public String decode(int[] ids) {
        StringBuilder sb = new StringBuilder();
        for (int id : ids) {
            String t = token(id);
            if (t.equals(PAD)) {
                continue;
            }
            if (t.startsWith(PREFIX) && sb.length() > 0) {
                sb.append(t, PREFIX.length(), t.length());
            } else {
                sb.append(sb.length() == 0 ? "" : " ").append(t);
            }
        }
        return sb.toString();
    }

    @Override
    public int vocabularySize() {
        return vocabulary.size();
    }

    @Override
    public String token(int id) {
        if (id < 0 || id >= vocabulary.size()) {
            throw new SeqLabException("Token id " + id + " is outside the WordPiece vocabulary (ids 0 to "
                    + (vocabulary.size() - 1) + ").");
        }
        return vocabulary.token(id);
    }

    /** Greedy longest-match-first pieces of one word, or [UNK] for the whole word. */
    private void pieces(String word, List<String> out) {
        int[] cps = word.codePoints().toArray();
        if (cps.length > maxInputCharsPerWord) {
            out.add(UNK);
            return;
        }
        List<String> found = new ArrayList<>();
        int start = 0;
        while (start < cps.length) {
            int end = cps.length;
            String piece = null;
            while (start < end) {
                String sub = (start > 0 ? PREFIX : "") + new String(cps, start, end - start);
                if (vocabulary.find(sub).isPresent()) {
                    piece = sub;
                    break;
                }
                end--;
            }
            if (piece == null) {
                out.add(UNK);
                return;
            }
            found.add(piece);
            start = end;
        }
        out.addAll(found);
    }

    // ---------------------------------------------------------------- the basic tokenizer

    /** BERT's BasicTokenizer: the words of {@code text}, specials kept whole. */
    public static List<String> basicTokenize(String text, boolean lowerCase) {
        List<String> out = new ArrayList<>();
        // cut the specials out first (as HuggingFace's added-token trie does), then tokenize what is between
        int from = 0;
        while (from <= text.length()) {
            int at = -1;
            String which = null;
            for (String s : SPECIALS) {
                int i = text.indexOf(s, from);
                if (i >= 0 && (at < 0 || i < at)) {
                    at = i;
                    which = s;
                }
            }
            String part = at < 0 ? text.substring(from) : text.substring(from, at);
            basic(part, lowerCase, out);
            if (at < 0) {
                break;
            }
            out.add(which);
            from = at + which.length();
        }
        return out;
    }

    private static void basic(String text, boolean lowerCase, List<String> out) {
        StringBuilder clean = new StringBuilder();
        text.codePoints().forEach(cp -> {
            if (cp == 0 || cp == 0xFFFD || isControl(cp)) {
                return;
            }
            if (isWhitespace(cp)) {
                clean.append(' ');
            } else if (isCjk(cp)) {
                clean.append(' ').appendCodePoint(cp).append(' ');
            } else {
                clean.appendCodePoint(cp);
            }
        });
        for (String token : clean.toString().trim().split(" +")) {
            if (token.isEmpty()) {
                continue;
            }
            String t = token;
            if (lowerCase) {
                t = stripAccents(t.toLowerCase(java.util.Locale.ROOT));
            }
            StringBuilder word = new StringBuilder();
            for (int cp : t.codePoints().toArray()) {
                if (isPunctuation(cp)) {
                    if (word.length() > 0) {
                        out.add(word.toString());
                        word.setLength(0);
                    }
                    out.add(new String(Character.toChars(cp)));
                } else {
                    word.appendCodePoint(cp);
                }
            }
            if (word.length() > 0) {
                out.add(word.toString());
            }
        }
    }

    private static String stripAccents(String s) {
        String nfd = Normalizer.normalize(s, Normalizer.Form.NFD);
        StringBuilder sb = new StringBuilder();
        nfd.codePoints().filter(cp -> Character.getType(cp) != Character.NON_SPACING_MARK).forEach(sb::appendCodePoint);
        return sb.toString();
    }

    static boolean isWhitespace(int cp) {
        return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || Character.getType(cp) == Character.SPACE_SEPARATOR;
    }

    static boolean isControl(int cp) {
        if (cp == '\t' || cp == '\n' || cp == '\r') {
            return false;
        }
        int t = Character.getType(cp);
        return t == Character.CONTROL || t == Character.FORMAT || t == Character.UNASSIGNED
                || t == Character.PRIVATE_USE || t == Character.SURROGATE;
    }

    static boolean isPunctuation(int cp) {
        if (cp >= 33 && cp <= 47 || cp >= 58 && cp <= 64 || cp >= 91 && cp <= 96 || cp >= 123 && cp <= 126) {
            return true;
        }
        int t = Character.getType(cp);
        return t == Character.CONNECTOR_PUNCTUATION || t == Character.DASH_PUNCTUATION
                || t == Character.START_PUNCTUATION || t == Character.END_PUNCTUATION
                || t == Character.INITIAL_QUOTE_PUNCTUATION || t == Character.FINAL_QUOTE_PUNCTUATION
                || t == Character.OTHER_PUNCTUATION;
    }

    /** BERT's {@code _is_chinese_char}: the CJK Unified Ideographs blocks and their extensions. */
    static boolean isCjk(int cp) {
        return cp >= 0x4E00 && cp <= 0x9FFF || cp >= 0x3400 && cp <= 0x4DBF || cp >= 0x20000 && cp <= 0x2A6DF
                || cp >= 0x2A700 && cp <= 0x2B73F || cp >= 0x2B740 && cp <= 0x2B81F || cp >= 0x2B820 && cp <= 0x2CEAF
                || cp >= 0xF900 && cp <= 0xFAFF || cp >= 0x2F800 && cp <= 0x2FA1F;
    }

    // ---------------------------------------------------------------- training

    /**
     * A vocabulary of at most {@code vocabSize} tokens learnt from {@code corpus}: the 5 specials, every character
     * of the corpus (word-initial, and with {@code ##} inside words), then merged pieces by the likelihood score,
     * ties broken by the merged piece's string order. Deterministic.
     */
    public static WordPiece train(Iterable<String> corpus, int vocabSize, boolean lowerCase) {
        Map<String, Integer> wordCounts = new LinkedHashMap<>();
        for (String line : corpus) {
            for (String w : basicTokenize(line, lowerCase)) {
                if (!SPECIALS.contains(w) && w.codePointCount(0, w.length()) <= 100) {
                    wordCounts.merge(w, 1, Integer::sum);
                }
            }
        }
        List<String[]> words = new ArrayList<>();
        List<Integer> counts = new ArrayList<>();
        TreeSet<String> alphabet = new TreeSet<>();
        for (Map.Entry<String, Integer> e : new java.util.TreeMap<>(wordCounts).entrySet()) {
            int[] cps = e.getKey().codePoints().toArray();
            String[] symbols = new String[cps.length];
            for (int i = 0; i < cps.length; i++) {
                symbols[i] = (i == 0 ? "" : PREFIX) + new String(Character.toChars(cps[i]));
                alphabet.add(symbols[i]);
            }
            words.add(symbols);
            counts.add(e.getValue());
        }
        List<String> vocab = new ArrayList<>(SPECIALS);
        java.util.Set<String> inVocab = new java.util.HashSet<>(vocab);
        for (String a : alphabet) {
            if (inVocab.add(a)) {
                vocab.add(a);
            }
        }
        while (vocab.size() < vocabSize) {
            Map<String, Long> single = new HashMap<>();
            Map<String, long[]> pairs = new HashMap<>();
            Map<String, String[]> pairParts = new HashMap<>();
            for (int k = 0; k < words.size(); k++) {
                String[] s = words.get(k);
                long c = counts.get(k);
                for (int i = 0; i < s.length; i++) {
                    single.merge(s[i], c, Long::sum);
                    if (i + 1 < s.length) {
                        String key = s[i] + "\u0000" + s[i + 1];
                        pairs.computeIfAbsent(key, x -> new long[1])[0] += c;
                        pairParts.putIfAbsent(key, new String[] {s[i], s[i + 1]});
                    }
                }
            }
            String bestKey = null;
            double bestScore = -1;
            String bestMerged = null;
            for (Map.Entry<String, long[]> e : pairs.entrySet()) {
                String[] ab = pairParts.get(e.getKey());
                double score = e.getValue()[0] / ((double) single.get(ab[0]) * single.get(ab[1]));
                String merged = merge(ab[0], ab[1]);
                if (score > bestScore || score == bestScore && merged.compareTo(bestMerged) < 0) {
                    bestScore = score;
                    bestKey = e.getKey();
                    bestMerged = merged;
                }
            }
            if (bestKey == null) {
                break;             // every word is one piece: the corpus allows no bigger vocabulary
            }
            String[] ab = pairParts.get(bestKey);
            for (int k = 0; k < words.size(); k++) {
                words.set(k, mergeIn(words.get(k), ab[0], ab[1], bestMerged));
            }
            if (inVocab.add(bestMerged)) {
                vocab.add(bestMerged);
            }
        }
        return new WordPiece(vocab, lowerCase);
    }

    private static String merge(String a, String b) {
        return a + b.substring(PREFIX.length());
    }

    private static String[] mergeIn(String[] s, String a, String b, String merged) {
        List<String> out = new ArrayList<>(s.length);
        for (int i = 0; i < s.length; i++) {
            if (i + 1 < s.length && s[i].equals(a) && s[i + 1].equals(b)) {
                out.add(merged);
                i++;
            } else {
                out.add(s[i]);
            }
        }
        return out.size() == s.length ? s : out.toArray(new String[0]);
    }
}
