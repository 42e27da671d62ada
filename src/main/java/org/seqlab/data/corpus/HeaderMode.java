package org.seqlab.data.corpus;

/** Whether the first row of a table is a header: detected, or forced either way. */
public enum HeaderMode {
    /** The loader decides from the content (each loader documents its rule). */
    DETECT,
    /** The first row names the columns. */
    PRESENT,
    /** Every row is data. */
    ABSENT
}
