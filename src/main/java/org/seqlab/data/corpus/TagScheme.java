package org.seqlab.data.corpus;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import org.seqlab.SeqLabException;

/**
 * How chunk (entity) tags mark where a chunk begins and ends. Every scheme uses {@code O} outside chunks and
 * {@code P-TYPE} inside, with the prefix {@code P}:
 * <ul>
 *   <li>{@link #IOB1} (CoNLL-2003 as released): {@code I-X} throughout; {@code B-X} only on the first token
 *       of a chunk that directly follows another chunk of the same type.</li>
 *   <li>{@link #BIO} (also called IOB2): {@code B-X} on every chunk's first token, {@code I-X} after.</li>
 *   <li>{@link #IOBES} (BIOES): {@code S-X} for a one-token chunk, else {@code B-X}, {@code I-X}..., {@code E-X}.</li>
 * </ul>
 * Conversion goes through {@link Chunk}s: {@code from.convert(tags, to) == to.tags(from.chunks(tags))}. So
 * IOB1 to BIO turns an {@code I-X} that begins a chunk into {@code B-X}. Reading is strict for BIO and
 * IOBES (an {@code I-X} that begins a chunk is refused in BIO) and follows the definition for IOB1 (a
 * {@code B-X} always begins a new chunk).
 */
public enum TagScheme {
    /** Inside/outside, {@code B-} only between two adjacent chunks of one type. */
    IOB1,
    /** Begin/inside/outside: every chunk begins with {@code B-}. */
    BIO,
    /** Begin/inside/outside/end/single. */
    IOBES;

    /** The tag outside every chunk. */
    public static final String OUTSIDE = "O";

    /** A chunk of tokens {@code [start, end)} of one type ({@code PER}, {@code LOC}, ...). */
    public record Chunk(String type, int start, int end) {
        /** Refuses an empty type or an empty range. */
        public Chunk {
            Objects.requireNonNull(type, "type");
            if (type.isEmpty() || start < 0 || end <= start) {
                throw new SeqLabException("A chunk needs a type and at least one token, got type '" + type
                        + "' over [" + start + ", " + end + ").");
            }
        }

        /** The number of tokens. */
        public int length() {
            return end - start;
        }
    }

    /** The chunks that {@code tags}, read in this scheme, mark; refuses a sequence invalid in this scheme. */
    public List<Chunk> chunks(List<String> tags) {
        List<Chunk> chunks = new ArrayList<>();
        String open = null;   // type of the chunk being read, null outside
        int start = -1;
        boolean closed = false; // IOBES: the open chunk was ended by E-
        for (int i = 0; i < tags.size(); i++) {
            String tag = tags.get(i);
            char prefix = prefix(tag, i);
            String type = prefix == 'O' ? null : tag.substring(2);
            if (this == IOBES && open != null && !closed && (prefix == 'O' || prefix == 'B' || prefix == 'S')) {
                throw invalid(i, tags, "the chunk " + open + " opened at position " + start + " to end with E-"
                        + open + " first");
            }
            switch (prefix) {
                case 'O' -> {
                    open = close(chunks, open, start, i);
                }
                case 'B' -> {
                    close(chunks, open, start, i);
                    open = type;
                    start = i;
                    closed = false;
                }
                case 'I' -> {
                    boolean continues = type.equals(open) && !closed;
                    if (!continues) {
                        if (this != IOB1) {
                            throw invalid(i, tags, "B-" + type + " to begin a chunk (in " + this + " a chunk does not"
                                    + " begin with I-" + (this == BIO ? "; the file may be IOB1" : ""));
                        }
                        close(chunks, open, start, i);
                        open = type;
                        start = i;
                    }
                }
                case 'E', 'S' -> {
                    if (this != IOBES) {
                        throw invalid(i, tags, "O, B- or I- tags (" + prefix + "- belongs to IOBES)");
                    }
                    if (prefix == 'E') {
                        if (!type.equals(open) || closed) {
                            throw invalid(i, tags, "E-" + type + " only after B-" + type + " or I-" + type);
                        }
                        closed = true;
                    } else {
                        close(chunks, open, start, i);
                        open = type;
                        start = i;
                        closed = true;
                    }
                }
                default -> throw new IllegalStateException("prefix " + prefix);
            }
        }
        if (this == IOBES && open != null && !closed) {
            throw invalid(tags.size() - 1, tags, "the chunk " + open + " opened at position " + start
                    + " to end with E-" + open + " before the sentence ends");
        }
        close(chunks, open, start, tags.size());
        return chunks;
    }

    /** The tags of {@code chunks} (sorted, not overlapping) over {@code length} tokens in this scheme. */
    public List<String> tags(List<Chunk> chunks, int length) {
        List<String> tags = new ArrayList<>(length);
        for (int i = 0; i < length; i++) {
            tags.add(OUTSIDE);
        }
        Chunk previous = null;
        for (Chunk c : chunks) {
            if (c.end() > length || (previous != null && c.start() < previous.end())) {
                throw new SeqLabException("Chunks must be sorted, not overlapping and within the " + length
                        + " tokens; got " + c + " after " + previous + ".");
            }
            boolean adjacentSameType = previous != null && previous.end() == c.start()
                    && previous.type().equals(c.type());
            for (int i = c.start(); i < c.end(); i++) {
                String p = switch (this) {
                    case IOB1 -> i == c.start() && adjacentSameType ? "B-" : "I-";
                    case BIO -> i == c.start() ? "B-" : "I-";
                    case IOBES -> c.length() == 1 ? "S-" : i == c.start() ? "B-" : i == c.end() - 1 ? "E-" : "I-";
                };
                tags.set(i, p + c.type());
            }
            previous = c;
        }
        return tags;
    }

    /** {@code tags} read in this scheme and written in {@code target}. */
    public List<String> convert(List<String> tags, TagScheme target) {
        return target.tags(chunks(tags), tags.size());
    }

    /**
     * The scheme the sentences are most likely in: IOBES when any tag has an {@code S-} or {@code E-} prefix,
     * else IOB1 when an {@code I-X} begins a chunk (first token, after {@code O} or after another type),
     * else BIO. Refuses a tag that is neither {@code O} nor prefixed.
     */
    public static TagScheme detect(Collection<List<String>> sentences) {
        boolean iob1 = false;
        for (List<String> tags : sentences) {
            String previousType = null;
            for (int i = 0; i < tags.size(); i++) {
                char p = prefix(tags.get(i), i);
                if (p == 'S' || p == 'E') {
                    return IOBES;
                }
                String type = p == 'O' ? null : tags.get(i).substring(2);
                if (p == 'I' && !type.equals(previousType)) {
                    iob1 = true;
                }
                previousType = type;
            }
        }
        return iob1 ? IOB1 : BIO;
    }

    private static String close(List<Chunk> chunks, String open, int start, int end) {
        if (open != null) {
            chunks.add(new Chunk(open, start, end));
        }
        return null;
    }

    private static char prefix(String tag, int position) {
        if (tag.equals(OUTSIDE)) {
            return 'O';
        }
        if (tag.length() > 2 && tag.charAt(1) == '-' && "BIES".indexOf(tag.charAt(0)) >= 0) {
            return tag.charAt(0);
        }
        throw new TagSequenceException(position, "The tag '" + tag + "' at position " + position + " is not a chunk"
                + " tag: expected O or B-, I-, E-, S- followed by a type (B-PER). If the column holds POS or other"
                + " tags, read it without a scheme conversion.");
    }

    private TagSequenceException invalid(int i, List<String> tags, String expected) {
        return new TagSequenceException(i, "The tag '" + tags.get(i) + "' at position " + i + " is not valid " + this
                + ": expected " + expected + ". Tags: " + tags);
    }
}
