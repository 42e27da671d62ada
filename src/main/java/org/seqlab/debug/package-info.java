/**
 * The step-through debugger's model: recording a pass ({@link org.seqlab.debug.Recorder}); the cursor,
 * breakpoints, watches and gradient-flow statistics arrive with the debugger window.
 *
 * <p>May depend on {@code model} and {@code autograd}.
 */
package org.seqlab.debug;
