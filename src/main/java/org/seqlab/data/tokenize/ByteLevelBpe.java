package org.seqlab.data.tokenize;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.seqlab.AtomicFile;
import org.seqlab.SeqLabException;

/**
 * GPT-2's byte-level byte-pair encoding, step for step as OpenAI's {@code encoder.py}.
 *
 * <ol>
 *   <li>The text is cut into pre-tokens by {@link #GPT2_PATTERN} (contractions, letters, digits, other
 *   symbols, each with at most one leading space; runs of whitespace).</li>
 *   <li>Each pre-token's UTF-8 bytes become printable characters through GPT-2's {@code bytes_to_unicode}
 *   table (printable Latin-1 bytes stand for themselves, the other 68 bytes for U+0100..U+0143, so a space
 *   is {@code Ġ} and a newline {@code Ċ}).</li>
 *   <li>GPT-2's {@code bpe()} loop: among adjacent symbol pairs, the one with the lowest merge rank is
 *   merged everywhere, left to right; repeat until no adjacent pair has a rank.</li>
 *   <li>Each resulting symbol is looked up in the vocabulary.</li>
 * </ol>
 *
 * <p>{@code decode(encode(s)).equals(s)} for every well-formed string: bytes are mapped one to one,
 * nothing is normalised. (A lone UTF-16 surrogate is not valid text; Java's UTF-8 encoder writes it
 * as {@code ?}.) Decoding ids that cut a multi-byte character gives U+FFFD, as GPT-2's
 * {@code errors="replace"}.
 *
 * <p>Special tokens (GPT-2's {@code <|endoftext|>}) are vocabulary entries that are neither a byte
 * symbol nor the result of a merge. {@link #encode} never produces them (as GPT-2's encoder);
 * {@link #encodeWithSpecials} cuts them out of the text first. They decode to their own text.
 */
public final class ByteLevelBpe implements Tokenizer {

    /** GPT-2's pre-tokenizer, compiled with {@link Pattern#UNICODE_CHARACTER_CLASS} so {@code \s} is Unicode whitespace. */
    public static final String GPT2_PATTERN =
            "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+";

    private static final Pattern PRE_TOKENIZER = Pattern.compile(GPT2_PATTERN, Pattern.UNICODE_CHARACTER_CLASS);

    /** GPT-2's {@code bytes_to_unicode}: the character standing for each byte. */
    private static final char[] BYTE_TO_CHAR = new char[256];
    /** The inverse of {@link #BYTE_TO_CHAR}, -1 for characters that stand for no byte. */
    private static final int[] CHAR_TO_BYTE = new int[0x144];
    /** The 256 byte symbols in GPT-2's order (its vocabulary ids 0..255). */
    private static final List<String> BYTE_SYMBOLS;

    static {
        List<Integer> bs = new ArrayList<>();
        for (int b = '!'; b <= '~'; b++) {
            bs.add(b);
        }
        for (int b = 0xA1; b <= 0xAC; b++) {
            bs.add(b);
        }
        for (int b = 0xAE; b <= 0xFF; b++) {
            bs.add(b);
        }
        List<Integer> cs = new ArrayList<>(bs);
        int n = 0;
        for (int b = 0; b < 256; b++) {
            if (!bs.contains(b)) {
                bs.add(b);
                cs.add(256 + n);
                n++;
            }
        }
        java.util.Arrays.fill(CHAR_TO_BYTE, -1);
        List<String> symbols = new ArrayList<>();
        for (int i = 0; i < 256; i++) {
            BYTE_TO_CHAR[bs.get(i)] = (char) (int) cs.get(i);
            CHAR_TO_BYTE[cs.get(i)] = bs.get(i);
            symbols.add(String.valueOf((char) (int) cs.get(i)));
        }
        BYTE_SYMBOLS = List.copyOf(symbols);
    }

    private static final int CACHE_LIMIT = 100_000;

    private final Map<String, Integer> encoder;
    private final Map<Integer, String> decoder;
    private final List<String[]> merges;
    /** Merge rank by {@code first + " " + second} (byte symbols never contain a space, so the key is unambiguous). */
    private final Map<String, Integer> ranks;
    private final Set<String> specials;
    private final List<String> specialsLongestFirst;
    private final int vocabularySize;
    private final Map<String, List<String>> cache = new ConcurrentHashMap<>();

    private ByteLevelBpe(Map<String, Integer> vocab, List<String[]> merges) {
        this.encoder = Collections.unmodifiableMap(new LinkedHashMap<>(vocab));
        Map<Integer, String> dec = new HashMap<>();
        int max = -1;
        for (Map.Entry<String, Integer> e : vocab.entrySet()) {
            dec.put(e.getValue(), e.getKey());
            max = Math.max(max, e.getValue());
        }
        this.decoder = Collections.unmodifiableMap(dec);
        this.vocabularySize = max + 1;
        this.merges = List.copyOf(merges);
        Map<String, Integer> r = new HashMap<>();
        Set<String> merged = new HashSet<>();
        for (int i = 0; i < merges.size(); i++) {
            r.put(merges.get(i)[0] + " " + merges.get(i)[1], i);
            merged.add(merges.get(i)[0] + merges.get(i)[1]);
        }
        this.ranks = r;
        Set<String> sp = new LinkedHashSet<>();
        for (String token : vocab.keySet()) {
            if (!merged.contains(token) && !(token.length() == 1 && isByteSymbol(token.charAt(0)))) {
                sp.add(token);
            }
        }
        this.specials = Collections.unmodifiableSet(sp);
        List<String> longest = new ArrayList<>(sp);
        longest.sort((a, b) -> b.length() != a.length() ? b.length() - a.length() : a.compareTo(b));
        this.specialsLongestFirst = List.copyOf(longest);
    }

    private static boolean isByteSymbol(char c) {
        return c < CHAR_TO_BYTE.length && CHAR_TO_BYTE[c] >= 0;
    }

    /** The 256 byte symbols of GPT-2's {@code bytes_to_unicode}, in the order of GPT-2's ids 0..255. */
    public static List<String> byteSymbols() {
        return BYTE_SYMBOLS;
    }

    /** The byte-level spelling of {@code text}: each UTF-8 byte as its {@code bytes_to_unicode} character. */
    public static String toByteSymbols(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        char[] out = new char[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            out[i] = BYTE_TO_CHAR[bytes[i] & 0xFF];
        }
        return new String(out);
    }

    /** The pre-tokens of {@code text} under {@link #GPT2_PATTERN}, as plain text. */
    public static List<String> preTokenize(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = PRE_TOKENIZER.matcher(text);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    /**
     * A tokenizer from a vocabulary (byte-level token -> id) and merges in rank order, checked as {@link #load}
     * checks files: all 256 byte symbols present, every merge's parts and result in the vocabulary, no merge twice.
     */
    public static ByteLevelBpe of(Map<String, Integer> vocab, List<String[]> merges) {
        for (String symbol : BYTE_SYMBOLS) {
            int b = CHAR_TO_BYTE[symbol.charAt(0)];
            if (!vocab.containsKey(symbol)) {
                throw new SeqLabException("The BPE vocabulary lacks the byte symbol " + TokenizerFiles.quote(symbol)
                        + String.format(" (byte 0x%02X)", b) + ": expected all 256 byte symbols of GPT-2's"
                        + " bytes_to_unicode. Fix: add it, or use a vocabulary made by ByteLevelBpe.train or GPT-2.");
            }
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < merges.size(); i++) {
            String[] m = merges.get(i);
            checkMerge(m, vocab, seen, "merge " + (i + 1));
        }
        return new ByteLevelBpe(vocab, merges);
    }

    private static void checkMerge(String[] m, Map<String, Integer> vocab, Set<String> seen, String where) {
        if (m.length != 2 || m[0].isEmpty() || m[1].isEmpty() || m[0].contains(" ") || m[1].contains(" ")) {
            throw new SeqLabException("The BPE " + where + " is not two non-empty symbols without spaces. Fix: give"
                    + " each merge as two symbols.");
        }
        for (String part : new String[] {m[0], m[1]}) {
            for (int i = 0; i < part.length(); i++) {
                if (!isByteSymbol(part.charAt(i))) {
                    throw new SeqLabException("The BPE " + where + " (" + m[0] + " " + m[1] + ") has the character "
                            + TokenizerFiles.quote(String.valueOf(part.charAt(i))) + ", which stands for no byte:"
                            + " expected merges of byte symbols (GPT-2's bytes_to_unicode). Fix: use a byte-level"
                            + " merges file.");
                }
            }
        }
        for (String part : new String[] {m[0], m[1], m[0] + m[1]}) {
            if (!vocab.containsKey(part)) {
                throw new SeqLabException("The BPE " + where + " (" + m[0] + " " + m[1] + ") uses the symbol "
                        + TokenizerFiles.quote(part) + " that the vocabulary lacks: expected every merge's two parts"
                        + " and their concatenation in the vocabulary. Fix: use the vocab.json that belongs to these"
                        + " merges.");
            }
        }
        if (!seen.add(m[0] + " " + m[1])) {
            throw new SeqLabException("The BPE " + where + " (" + m[0] + " " + m[1] + ") repeats an earlier merge:"
                    + " expected each merge once. Fix: remove the repeated line.");
        }
    }

    /**
     * Reads GPT-2's files: {@code vocab.json} (= {@code encoder.json}), a flat JSON object {@code {"token": id}};
     * {@code merges.txt} (= {@code vocab.bpe}), an optional first line starting with {@code #version}, then one
     * merge {@code "a b"} per line in rank order. Both may start with a UTF-8 BOM, use CRLF line ends and end with
     * blank lines. A malformed entry is an error naming the file, the line, what was expected and what was found.
     */
    public static ByteLevelBpe load(Path vocabJson, Path mergesTxt) {
        Map<String, Integer> vocab = FlatJson.parse(TokenizerFiles.readText(vocabJson, "BPE vocabulary"), vocabJson);
        List<String> lines = TokenizerFiles.readLines(mergesTxt, "BPE merges file");
        List<String[]> merges = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        Map<String, Integer> lineOf = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int lineNo = i + 1;
            if (i == 0 && line.startsWith("#version")) {
                continue;
            }
            String[] parts = line.split(" ", -1);
            if (parts.length != 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
                throw TokenizerFiles.error(mergesTxt, lineNo, "a merge: two symbols separated by one space, like \"Ġ t\"",
                        line.isEmpty() ? "an empty line" : TokenizerFiles.quote(line), "write one merge per line,"
                                + " with no blank lines between merges");
            }
            for (String part : new String[] {parts[0], parts[1], parts[0] + parts[1]}) {
                if (!vocab.containsKey(part)) {
                    throw TokenizerFiles.error(mergesTxt, lineNo, "symbols that " + vocabJson.getFileName()
                            + " lists (both parts and their concatenation)", TokenizerFiles.quote(part) + ", which it"
                            + " lacks", "use the vocab.json that belongs to these merges");
                }
            }
            String key = parts[0] + " " + parts[1];
            if (!seen.add(key)) {
                throw TokenizerFiles.error(mergesTxt, lineNo, "each merge once", "the merge " + TokenizerFiles.quote(key)
                        + " already on line " + lineOf.get(key), "remove the repeated line");
            }
            lineOf.put(key, lineNo);
            merges.add(parts);
        }
        try {
            return of(vocab, merges);
        } catch (SeqLabException e) {
            throw new SeqLabException(vocabJson + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes {@code vocab.json} and {@code merges.txt} into {@code dir} (created if missing) in GPT-2's format:
     * the JSON object in id order with non-ASCII as {@code \}{@code uXXXX} escapes, the merges after a
     * {@code #version: 0.2} line, each file written atomically, so that {@link #load} reads them back.
     */
    public void save(Path dir) {
        Map<String, Integer> byId = new LinkedHashMap<>();
        new TreeMap<>(decoder).forEach((id, token) -> byId.put(token, id));
        StringBuilder m = new StringBuilder("#version: 0.2\n");
        for (String[] merge : merges) {
            m.append(merge[0]).append(' ').append(merge[1]).append('\n');
        }
        try {
            Files.createDirectories(dir);
            AtomicFile.writeString(dir.resolve("vocab.json"), FlatJson.write(byId));
            AtomicFile.writeString(dir.resolve("merges.txt"), m.toString());
        } catch (IOException e) {
            throw new SeqLabException("Cannot save the BPE tokenizer to " + dir + ": " + e.getMessage()
                    + ". Fix: choose a folder you can write to.", e);
        }
    }

    /**
     * Learns a byte-level BPE from {@code corpus} (each document pre-tokenized on its own; merges never cross a
     * pre-token): start from the 256 byte symbols, count each distinct pre-token's frequency, then repeatedly
     * merge the adjacent pair that is most frequent over the corpus (left to right, non-overlapping, as
     * {@code bpe()} applies it) until the vocabulary has {@code vocabSize} ids or no pair is left.
     *
     * <p>Ties between equally frequent pairs go to the pair whose first symbol, then second symbol, is smallest by
     * {@link String#compareTo} of their byte-level spellings, so training is deterministic. A merge whose result
     * already is a token (reached by another split) adds no id. Ids: the 256 byte symbols in GPT-2's order, then
     * merge results in order, then {@code specialTokens} (as GPT-2 puts {@code <|endoftext|>} last).
     * A special token must span more than one pre-token (like {@code <|endoftext|>}), so no merge can produce it.
     *
     * <p>Cost: one pass over the distinct pre-tokens per merge; fine for the corpora of a lesson (megabytes).
     */
    public static ByteLevelBpe train(List<String> corpus, int vocabSize, List<String> specialTokens) {
        int minimum = 256 + specialTokens.size();
        if (vocabSize < minimum) {
            throw new SeqLabException("Cannot train a byte-level BPE of " + vocabSize + " tokens: expected at least "
                    + minimum + " (256 byte symbols + " + specialTokens.size() + " special tokens). Fix: raise"
                    + " vocabSize.");
        }
        Set<String> specialSet = new LinkedHashSet<>();
        for (String special : specialTokens) {
            if (special.isEmpty() || preTokenize(special).size() < 2) {
                throw new SeqLabException("Cannot use " + TokenizerFiles.quote(special) + " as a special token: expected"
                        + " text the pre-tokenizer cuts into several pieces (like <|endoftext|>), found a single"
                        + " pre-token that a merge could also produce. Fix: wrap it in markers such as <|...|>.");
            }
            if (!specialSet.add(special)) {
                throw new SeqLabException("The special token " + TokenizerFiles.quote(special) + " is listed twice."
                        + " Fix: list each special token once.");
            }
        }
        // Distinct pre-tokens (as byte symbol ids) with their counts; special tokens are cut out of the corpus.
        Map<String, Integer> counts = new HashMap<>();
        for (String document : corpus) {
            for (String piece : splitOnSpecials(document, specialSet)) {
                if (specialSet.contains(piece)) {
                    continue;
                }
                for (String pre : preTokenize(piece)) {
                    counts.merge(toByteSymbols(pre), 1, Integer::sum);
                }
            }
        }
        List<String> symbols = new ArrayList<>(BYTE_SYMBOLS);   // id -> byte-level string
        Map<String, Integer> ids = new HashMap<>();
        for (int i = 0; i < 256; i++) {
            ids.put(BYTE_SYMBOLS.get(i), i);
        }
        List<String> keys = new ArrayList<>(counts.keySet());
        Collections.sort(keys);   // a fixed order, so nothing depends on HashMap iteration
        List<int[]> words = new ArrayList<>();
        long[] freq = new long[keys.size()];
        for (int w = 0; w < keys.size(); w++) {
            String k = keys.get(w);
            int[] word = new int[k.length()];
            for (int i = 0; i < k.length(); i++) {
                word[i] = ids.get(String.valueOf(k.charAt(i)));
            }
            words.add(word);
            freq[w] = counts.get(k);
        }
        List<String[]> merges = new ArrayList<>();
        int target = vocabSize - specialSet.size();
        while (symbols.size() < target) {
            Map<Long, Long> pairCounts = new HashMap<>();
            for (int w = 0; w < words.size(); w++) {
                int[] word = words.get(w);
                for (int i = 0; i + 1 < word.length; i++) {
                    pairCounts.merge(((long) word[i] << 32) | word[i + 1], freq[w], Long::sum);
                }
            }
            if (pairCounts.isEmpty()) {
                break;
            }
            long best = 0;
            long bestCount = -1;
            for (Map.Entry<Long, Long> e : pairCounts.entrySet()) {
                long pair = e.getKey();
                long c = e.getValue();
                if (c > bestCount || (c == bestCount && comparePairs(symbols, pair, best) < 0)) {
                    best = pair;
                    bestCount = c;
                }
            }
            int a = (int) (best >>> 32);
            int b = (int) best;
            String joined = symbols.get(a) + symbols.get(b);
            Integer joinedId = ids.get(joined);
            if (joinedId == null) {
                joinedId = symbols.size();
                symbols.add(joined);
                ids.put(joined, joinedId);
            }
            merges.add(new String[] {symbols.get(a), symbols.get(b)});
            for (int w = 0; w < words.size(); w++) {
                words.set(w, mergeWord(words.get(w), a, b, joinedId));
            }
        }
        Map<String, Integer> vocab = new LinkedHashMap<>();
        for (int i = 0; i < symbols.size(); i++) {
            vocab.put(symbols.get(i), i);
        }
        for (String special : specialSet) {
            vocab.put(special, vocab.size());
        }
        return of(vocab, merges);
    }

    private static int comparePairs(List<String> symbols, long p, long q) {
        int c = symbols.get((int) (p >>> 32)).compareTo(symbols.get((int) (q >>> 32)));
        return c != 0 ? c : symbols.get((int) p).compareTo(symbols.get((int) q));
    }

    private static int[] mergeWord(int[] word, int a, int b, int joined) {
        int[] out = new int[word.length];
        int n = 0;
        for (int i = 0; i < word.length; i++) {
            if (word[i] == a && i + 1 < word.length && word[i + 1] == b) {
                out[n++] = joined;
                i++;
            } else {
                out[n++] = word[i];
            }
        }
        return n == word.length ? word : java.util.Arrays.copyOf(out, n);
    }

    /** {@code text} cut into special tokens and the text between them (longest special first at each position). */
    private static List<String> splitOnSpecials(String text, Set<String> specials) {
        List<String> out = new ArrayList<>();
        if (specials.isEmpty()) {
            out.add(text);
            return out;
        }
        List<String> longest = new ArrayList<>(specials);
        longest.sort((x, y) -> y.length() - x.length());
        int start = 0;
        int i = 0;
        outer:
        while (i < text.length()) {
            for (String s : longest) {
                if (text.startsWith(s, i)) {
                    if (i > start) {
                        out.add(text.substring(start, i));
                    }
                    out.add(s);
                    i += s.length();
                    start = i;
                    continue outer;
                }
            }
            i++;
        }
        if (start < text.length()) {
            out.add(text.substring(start));
        }
        return out;
    }

    /**
     * GPT-2's {@code bpe(token)} on a pre-token already in byte symbols: merge the lowest-ranked adjacent pair
     * everywhere (left to right, non-overlapping), until no adjacent pair has a rank or one symbol is left.
     */
    List<String> bpe(String byteSymbols) {
        List<String> cached = cache.get(byteSymbols);
        if (cached != null) {
            return cached;
        }
        List<String> word = new ArrayList<>(byteSymbols.length());
        for (int i = 0; i < byteSymbols.length(); i++) {
            word.add(String.valueOf(byteSymbols.charAt(i)));
        }
        while (word.size() > 1) {
            int bestRank = Integer.MAX_VALUE;
            for (int i = 0; i + 1 < word.size(); i++) {
                Integer rank = ranks.get(word.get(i) + " " + word.get(i + 1));
                if (rank != null && rank < bestRank) {
                    bestRank = rank;
                }
            }
            if (bestRank == Integer.MAX_VALUE) {
                break;
            }
            String first = merges.get(bestRank)[0];
            String second = merges.get(bestRank)[1];
            // Same as encoder.py's word.index(first, i) scan: every non-overlapping (first, second), left to right.
            List<String> next = new ArrayList<>(word.size());
            for (int i = 0; i < word.size(); i++) {
                if (word.get(i).equals(first) && i + 1 < word.size() && word.get(i + 1).equals(second)) {
                    next.add(first + second);
                    i++;
                } else {
                    next.add(word.get(i));
                }
            }
            word = next;
        }
        List<String> result = List.copyOf(word);
        if (cache.size() >= CACHE_LIMIT) {
            cache.clear();
        }
        cache.put(byteSymbols, result);
        return result;
    }

    /** The byte-level BPE tokens of {@code text} (e.g. {@code ["hello", "Ġworld"]}); special tokens are not recognised. */
    @Override
    public List<String> tokenize(String text) {
        List<String> out = new ArrayList<>();
        for (String pre : preTokenize(text)) {
            out.addAll(bpe(toByteSymbols(pre)));
        }
        return out;
    }

    /** GPT-2's {@code encode}: the ids of {@link #tokenize}; text that looks like a special token is encoded as text. */
    @Override
    public int[] encode(String text) {
        List<String> tokens = tokenize(text);
        int[] out = new int[tokens.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = idOf(tokens.get(i));
        }
        return out;
    }

    /** Like {@link #encode}, but each occurrence of a special token in {@code text} becomes that token's id. */
    public int[] encodeWithSpecials(String text) {
        List<Integer> out = new ArrayList<>();
        for (String piece : splitOnSpecials(text, new LinkedHashSet<>(specialsLongestFirst))) {
            if (specials.contains(piece)) {
                out.add(encoder.get(piece));
            } else {
                for (int id : encode(piece)) {
                    out.add(id);
                }
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    private int idOf(String token) {
        Integer id = encoder.get(token);
        if (id == null) {
            throw new SeqLabException("The BPE merges produce the token " + TokenizerFiles.quote(token) + " but the"
                    + " vocabulary has no id for it. Fix: use the vocab.json that belongs to these merges.");
        }
        return id;
    }

    /** The text of {@code ids}: their bytes concatenated and read as UTF-8 (a cut character becomes U+FFFD). */
    @Override
    public String decode(int[] ids) {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        for (int id : ids) {
            String token = token(id);
            if (specials.contains(token)) {
                bytes.writeBytes(token.getBytes(StandardCharsets.UTF_8));
                continue;
            }
            for (int i = 0; i < token.length(); i++) {
                bytes.write(CHAR_TO_BYTE[token.charAt(i)]);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Override
    public int vocabularySize() {
        return vocabularySize;
    }

    @Override
    public String token(int id) {
        String token = decoder.get(id);
        if (token == null) {
            throw new SeqLabException("Token id " + id + " is not in the BPE vocabulary: expected one of its "
                    + encoder.size() + " ids within 0.." + (vocabularySize - 1) + ". Fix: encode with this tokenizer.");
        }
        return token;
    }

    /** The id of a token in its byte-level spelling, or -1. */
    public int id(String token) {
        Integer id = encoder.get(token);
        return id == null ? -1 : id;
    }

    /** The special tokens: vocabulary entries that are neither byte symbols nor merge results. */
    public Set<String> specialTokens() {
        return specials;
    }

    /** The merges in rank order, each as its two symbols. */
    public List<String[]> merges() {
        List<String[]> out = new ArrayList<>();
        for (String[] m : merges) {
            out.add(m.clone());
        }
        return out;
    }

    /** The vocabulary, byte-level token to id, in the order it was given or loaded. */
    public Map<String, Integer> vocabulary() {
        return encoder;
    }
}
