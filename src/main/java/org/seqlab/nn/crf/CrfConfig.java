package org.seqlab.nn.crf;

import java.util.List;
import org.seqlab.SeqLabException;

/**
 * The configuration of a {@link LinearChainCrf}.
 *
 * @param numTags K, the number of tags
 * @param tagNames the tag names in index order (empty: unnamed tags)
 * @param bioConstraints whether BIO (IOB2) constraints apply: {@code I-X} only after {@code B-X} or {@code I-X}
 */
public record CrfConfig(int numTags, List<String> tagNames, boolean bioConstraints) {
    public CrfConfig {
        if (numTags < 1) {
            throw new SeqLabException("A CRF needs at least one tag; found numTags = " + numTags + ".");
        }
        tagNames = tagNames == null ? List.of() : List.copyOf(tagNames);
        if (!tagNames.isEmpty() && tagNames.size() != numTags) {
            throw new SeqLabException("A CRF over " + numTags + " tags got " + tagNames.size() + " tag names "
                    + tagNames + ": give one name per tag, in index order.");
        }
        if (bioConstraints) {
            if (tagNames.isEmpty()) {
                throw new SeqLabException("BIO constraints need the tag names (O, B-X, I-X) to know which tag is "
                        + "which: use CrfConfig.bio(names).");
            }
            TransitionConstraints.bio(tagNames);   // validates the names
        }
    }

    /** K unnamed tags, no constraints. */
    public static CrfConfig of(int numTags) {
        return new CrfConfig(numTags, List.of(), false);
    }

    /** Named tags, no constraints. */
    public static CrfConfig named(List<String> tagNames) {
        return new CrfConfig(tagNames.size(), tagNames, false);
    }

    /** Named BIO tags with the BIO constraints. */
    public static CrfConfig bio(List<String> tagNames) {
        return new CrfConfig(tagNames.size(), tagNames, true);
    }

    public CrfConfig withBioConstraints(boolean on) {
        return new CrfConfig(numTags, tagNames, on);
    }

    /** The allowed starts, transitions and ends this configuration implies. */
    public TransitionConstraints constraints() {
        return bioConstraints ? TransitionConstraints.bio(tagNames) : TransitionConstraints.none(numTags);
    }
}
