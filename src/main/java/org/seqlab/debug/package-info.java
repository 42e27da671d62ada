/**
 * The step-through debugger's model: recording a pass ({@link org.seqlab.debug.Recorder}); the pass as
 * a graph of nested blocks read from its labels, with data edges at any expansion level
 * ({@link org.seqlab.debug.TraceGraph}, drawn by the graph view); the cursor, breakpoints, watches and
 * gradient-flow statistics arrive with the debugger window.
 *
 * <p>May depend on {@code model} and {@code autograd}.
 */
package org.seqlab.debug;
