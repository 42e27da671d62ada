package org.seqlab.model.graph;

import java.util.Map;

/** A compiled block: reads its input ports, writes its output ports. Implemented by nn {@code Module}s. */
public interface BlockModule {
    Map<String, Flow> forward(Map<String, Flow> inputs);
}
