package org.seqlab.data.tokenize;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.seqlab.SeqLabException;

/**
 * Tokens and their ids, both ways. Ids are positions in the token list; special tokens (padding,
 * unknown, begin and end of sequence) are ordinary entries whose ids the vocabulary remembers.
 */
public final class Vocabulary {
    /** The special tokens SeqLab's own vocabularies start with, in this order (ids 0..3). */
    public static final String PAD = "<pad>";
    public static final String UNK = "<unk>";
    public static final String BOS = "<bos>";
    public static final String EOS = "<eos>";

    private final List<String> tokens;
    private final Map<String, Integer> ids;
    private final int unkId;
    private final int padId;

    /** A vocabulary of the given tokens (no duplicates); {@code unk} and {@code pad} must be among them or null. */
    public Vocabulary(List<String> tokens, String unk, String pad) {
        this.tokens = List.copyOf(tokens);
        Map<String, Integer> m = new HashMap<>();
        for (int i = 0; i < this.tokens.size(); i++) {
            if (m.put(this.tokens.get(i), i) != null) {
                throw new SeqLabException("A vocabulary lists the token '" + this.tokens.get(i) + "' twice (ids "
                        + m.get(this.tokens.get(i)) + " and " + i + "); each token may appear once.");
            }
        }
        this.ids = Collections.unmodifiableMap(m);
        this.unkId = unk == null ? -1 : require(unk);
        this.padId = pad == null ? -1 : require(pad);
    }

    private int require(String special) {
        Integer id = ids.get(special);
        if (id == null) {
            throw new SeqLabException("The vocabulary has no '" + special + "' token but is asked to use it as a special"
                    + " token; add it to the token list.");
        }
        return id;
    }

    /** {@code <pad> <unk> <bos> <eos>} followed by {@code tokens}. */
    public static Vocabulary withSpecials(List<String> tokens) {
        List<String> all = new ArrayList<>(List.of(PAD, UNK, BOS, EOS));
        all.addAll(tokens);
        return new Vocabulary(all, UNK, PAD);
    }

    public int size() {
        return tokens.size();
    }

    public List<String> tokens() {
        return tokens;
    }

    /** The id of {@code token}, or the unknown id (or an error when there is none). */
    public int id(String token) {
        Integer id = ids.get(token);
        if (id != null) {
            return id;
        }
        if (unkId < 0) {
            throw new SeqLabException("The token '" + token + "' is not in the vocabulary (" + size()
                    + " tokens) and it has no unknown token: use a vocabulary with " + UNK + ".");
        }
        return unkId;
    }

    public Optional<Integer> find(String token) {
        return Optional.ofNullable(ids.get(token));
    }

    /** The token of {@code id}; an error naming the valid range otherwise. */
    public String token(int id) {
        if (id < 0 || id >= tokens.size()) {
            throw new SeqLabException("Token id " + id + " is outside the vocabulary: valid ids are 0.." + (size() - 1)
                    + ".");
        }
        return tokens.get(id);
    }

    public int unkId() {
        return unkId;
    }

    public int padId() {
        return padId;
    }

    public boolean isSpecial(int id) {
        String t = tokens.get(id);
        return t.equals(PAD) || t.equals(UNK) || t.equals(BOS) || t.equals(EOS);
    }
}
