package org.seqlab.model.graph;

/** A block of a graph: its id (also its state_dict prefix; dots nest), its kind and settings. */
public record BlockSpec(String id, String kind, BlockConfig config) {
}
