package org.seqlab.data.tokenize;

import java.util.List;

/**
 * Text to token ids and back. Every SeqLab tokenizer (characters, words, byte-level BPE,
 * WordPiece) implements this, so that corpora, batching and the UI need not know which one a
 * model uses.
 *
 * <p>Ids run from 0 to {@link #vocabularySize()} - 1. A vocabulary loaded from a file may leave
 * some ids unassigned (a subset of GPT-2's vocabulary keeps GPT-2's ids); {@link #token(int)}
 * refuses those. Whether {@code decode(encode(s))} gives back {@code s} is documented by each
 * implementation: exactly for characters (within the vocabulary) and byte-level BPE, only up to
 * spacing and case for words and WordPiece.
 */
public interface Tokenizer {

    /** The tokens of {@code text} as strings, in the tokenizer's own notation (e.g. {@code Ġworld}, {@code ##able}). */
    List<String> tokenize(String text);

    /** The ids of {@link #tokenize(String)}'s tokens. */
    int[] encode(String text);

    /** The text that {@code ids} stand for; an unknown id is an error naming the valid range. */
    String decode(int[] ids);

    /** One more than the largest id: the number of rows an embedding table for this tokenizer needs. */
    int vocabularySize();

    /** The token string of {@code id}, in the notation of {@link #tokenize(String)}. */
    String token(int id);
}
