/**
 * The model graph's file format: versioned JSON ({@link org.seqlab.model.spec.GraphJson}), read with
 * errors that name the file, the JSON path and the fix, written atomically.
 *
 * <p>May depend on {@code model.graph} and Jackson.
 */
package org.seqlab.model.spec;
