package org.seqlab.model.templates;

import org.seqlab.model.graph.ModelGraph;

/** A ready-made model of the curriculum: a named graph built from a config preset. */
public interface Template {
    /** The name users type ({@code char-lstm-lm}). */
    String name();

    /** One line: what the model is and what it is for. */
    String summary();

    /** The graph of the default preset. */
    ModelGraph graph();
}
