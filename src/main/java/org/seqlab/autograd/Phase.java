package org.seqlab.autograd;

/** Which pass a trace event belongs to. */
public enum Phase {
    FORWARD,
    BACKWARD
}
