package org.seqlab.data.corpus;

import java.util.Objects;
import org.seqlab.SeqLabException;

/** A text with a class label id (an index into the label names of its data set). */
public record LabelledExample(String text, int label) {
    /** Refuses a null text and a negative label. */
    public LabelledExample {
        Objects.requireNonNull(text, "text");
        if (label < 0) {
            throw new SeqLabException("A label id must be 0 or more, got " + label + " for the text "
                    + CorpusFile.show(text) + "; label ids index the data set's label names.");
        }
    }
}
