package org.seqlab.data.corpus;

import java.util.List;
import org.seqlab.SeqLabException;

/** A sentence as tokens with one tag per token (entity tags such as {@code B-PER}, or POS tags). */
public record TaggedSentence(List<String> tokens, List<String> tags) {
    /** Copies both lists; refuses lists of different lengths. */
    public TaggedSentence {
        tokens = List.copyOf(tokens);
        tags = List.copyOf(tags);
        if (tokens.size() != tags.size()) {
            throw new SeqLabException("A tagged sentence needs one tag per token, got " + tokens.size()
                    + " tokens and " + tags.size() + " tags (" + tokens + " / " + tags + ").");
        }
    }

    /** The number of tokens. */
    public int size() {
        return tokens.size();
    }
}
